namespace Fengqiao.Kernel.Identity;

/// <summary>A unit (with its subtree) that a department serves.</summary>
public sealed class DepartmentServedUnit
{
    public Guid DepartmentId { get; set; }

    public Guid UnitId { get; set; }
}
