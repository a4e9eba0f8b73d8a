using Fengqiao.Kernel.Units;

namespace Fengqiao.Cases.Routing;

/// <summary>
/// 派遣规则: category × place → tier and responsible body. The most specific rule wins (the longest category code, then
/// the deepest unit); without a rule the category's default tier and body apply.
/// </summary>
public sealed class RoutingRule
{
    public const int MaxNoteLength = 200;

    private RoutingRule()
    {
    }

    public RoutingRule(string? categoryCode, string? unitCode, string? unitPath, UnitLevel tier, string? departmentCode, string? note, DateTimeOffset createdAt, string createdBy)
    {
        Id = Guid.CreateVersion7();
        CategoryCode = categoryCode;
        UnitCode = unitCode;
        UnitPath = unitPath;
        Tier = tier;
        DepartmentCode = departmentCode;
        Note = note;
        CreatedAt = createdAt;
        CreatedBy = createdBy;
        IsActive = true;
    }

    public Guid Id { get; private set; }

    /// <summary>The category (and so its subcategories) the rule covers; null for every category.</summary>
    public string? CategoryCode { get; private set; }

    /// <summary>The unit (and so its subtree) the rule covers; null for everywhere.</summary>
    public string? UnitCode { get; private set; }

    public string? UnitPath { get; private set; }

    public UnitLevel Tier { get; private set; }

    public string? DepartmentCode { get; private set; }

    public string? Note { get; private set; }

    public bool IsActive { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; } = "";

    public void Retire() => IsActive = false;

    /// <summary>An administrator's edit of what the rule covers and where it sends cases.</summary>
    public void Change(string? categoryCode, string? unitCode, string? unitPath, UnitLevel tier, string? departmentCode, string? note)
    {
        CategoryCode = categoryCode;
        UnitCode = unitCode;
        UnitPath = unitPath;
        Tier = tier;
        DepartmentCode = departmentCode;
        Note = note;
    }

    public bool Covers(string categoryCode, string unitPath) =>
        IsActive
        && (CategoryCode is null || categoryCode.StartsWith(CategoryCode, StringComparison.OrdinalIgnoreCase))
        && (UnitPath is null || unitPath.StartsWith(UnitPath, StringComparison.Ordinal));

    /// <summary>Orders rules from the most specific: longer category code first, then deeper unit.</summary>
    public (int, int) Specificity => (CategoryCode?.Length ?? 0, UnitPath?.Length ?? 0);
}
