namespace Fengqiao.Kernel.Errors;

/// <summary>The caller is known but their role does not permit the action.</summary>
public sealed class ForbiddenException(string message) : FengqiaoException(message)
{
    public override int StatusCode => 403;

    public override string Code => "forbidden";
}
