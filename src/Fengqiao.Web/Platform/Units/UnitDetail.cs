using Fengqiao.Kernel.Units;

namespace Fengqiao.Web.Platform.Units;

/// <summary>One unit with its public card and its children; <see cref="Version"/> guards concurrent edits.</summary>
public sealed record UnitDetail(
    string Code,
    string Name,
    UnitLevel Level,
    string? ParentCode,
    IReadOnlyList<UnitSummary> Ancestors,
    IReadOnlyList<UnitSummary> Children,
    string? DutyPhone,
    string? ServiceHours,
    string? PublicNotice,
    bool IsRetired,
    long Version,
    bool CanEditPublicCard);
