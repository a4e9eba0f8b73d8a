namespace Fengqiao.Kernel.Errors;

/// <summary>The request collides with the current state, e.g. a duplicate name or a concurrent edit.</summary>
public sealed class ConflictException(string message) : FengqiaoException(message)
{
    public override int StatusCode => 409;

    public override string Code => "conflict";
}
