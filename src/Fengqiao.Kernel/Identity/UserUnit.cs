namespace Fengqiao.Kernel.Identity;

/// <summary>A staff account's membership of an administrative unit; the subtree below it is the account's jurisdiction.</summary>
public sealed class UserUnit
{
    public Guid UserId { get; set; }

    public Guid UnitId { get; set; }
}
