using Fengqiao.Kernel.Units;

namespace Fengqiao.Cases.Categories;

/// <summary>
/// One immutable version of a category's rules: filing condition (立案条件), disposal time limit (处置时限), closing
/// condition (结案条件), default tier and responsible body, priority, publicity and intake questions.
/// </summary>
public sealed class CategoryVersion
{
    public const int MaxConditionLength = 500;

    private CategoryVersion()
    {
        CategoryCode = Name = CreatedBy = "";
        Questions = [];
    }

    internal CategoryVersion(Category category, int number, CategoryRules rules, string createdBy, DateTimeOffset createdAt)
    {
        Id = Guid.CreateVersion7();
        CategoryId = category.Id;
        CategoryCode = category.Code;
        Number = number;
        Name = category.Name;
        FilingCondition = rules.FilingCondition;
        ClosingCondition = rules.ClosingCondition;
        DisposalLimit = rules.DisposalLimit;
        DefaultTier = rules.DefaultTier;
        ResponsibleDepartmentCode = rules.ResponsibleDepartmentCode;
        Priority = rules.Priority;
        IsPublic = rules.IsPublic;
        Questions = [.. rules.Questions];
        ChangeNote = rules.ChangeNote;
        CreatedBy = createdBy;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public Guid CategoryId { get; private set; }

    public string CategoryCode { get; private set; }

    public int Number { get; private set; }

    /// <summary>The category's name when this version was made, so old cases read as they were filed.</summary>
    public string Name { get; private set; }

    public string? FilingCondition { get; private set; }

    public string? ClosingCondition { get; private set; }

    public TimeLimit DisposalLimit
    {
        get => new(DisposalLimitAmount, DisposalLimitUnit);
        private set => (DisposalLimitAmount, DisposalLimitUnit) = (value.Amount, value.Unit);
    }

    public int DisposalLimitAmount { get; private set; }

    public TimeLimitUnit DisposalLimitUnit { get; private set; }

    /// <summary>The tier cases of this category start at unless a routing rule says otherwise.</summary>
    public UnitLevel DefaultTier { get; private set; }

    /// <summary>The functional department responsible by default (e.g. "cg" 城管), or null for the tier's own staff.</summary>
    public string? ResponsibleDepartmentCode { get; private set; }

    public CasePriority Priority { get; private set; }

    /// <summary>Whether cases of this category appear on the public page (never for 特殊人群, 信访苗头 …).</summary>
    public bool IsPublic { get; private set; }

    public List<CategoryQuestion> Questions { get; private set; }

    public string? ChangeNote { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public CategoryRules Rules => new(FilingCondition, ClosingCondition, DisposalLimit, DefaultTier, ResponsibleDepartmentCode, Priority, IsPublic, Questions, null);
}

/// <summary>The editable rules of a category; a change makes a new <see cref="CategoryVersion"/>.</summary>
public sealed record CategoryRules(
    string? FilingCondition,
    string? ClosingCondition,
    TimeLimit DisposalLimit,
    UnitLevel DefaultTier,
    string? ResponsibleDepartmentCode,
    CasePriority Priority,
    bool IsPublic,
    IReadOnlyList<CategoryQuestion> Questions,
    string? ChangeNote);
