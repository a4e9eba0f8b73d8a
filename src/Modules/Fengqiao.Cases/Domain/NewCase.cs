using Fengqiao.Cases.Categories;

namespace Fengqiao.Cases.Domain;

/// <summary>Everything intake has established about a report before it becomes a <see cref="Case"/>.</summary>
public sealed record NewCase(
    string TrackingCode,
    CaseChannel Channel,
    string Title,
    string Description,
    string PublicDescription,
    string? Address,
    double? Longitude,
    double? Latitude,
    bool IsPrivatePlace,
    string UnitPath,
    string? GridCode,
    string CommunityCode,
    bool OutsideGrids,
    double? DistanceToGridMetres,
    Guid? ReporterUserId,
    string? ReporterNameCipher,
    string? ReporterPhoneCipher,
    bool IsAnonymous,
    string? AnswersJson,
    CasePriority Priority,
    string? SuggestedLabel,
    string? SuggestedCategoryCode,
    double Confidence,
    IReadOnlyList<string> TriageReasons,
    Guid? PossibleDuplicateOfId,
    bool HasSensitiveContent);
