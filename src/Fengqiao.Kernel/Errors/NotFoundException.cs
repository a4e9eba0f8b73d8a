namespace Fengqiao.Kernel.Errors;

/// <summary>
/// The record does not exist for this caller. Records outside the caller's jurisdiction are reported the same way,
/// so that identifiers cannot be probed.
/// </summary>
public sealed class NotFoundException(string what) : FengqiaoException($"未找到{what}，或不在您的管辖范围内。")
{
    public override int StatusCode => 404;

    public override string Code => "not-found";
}
