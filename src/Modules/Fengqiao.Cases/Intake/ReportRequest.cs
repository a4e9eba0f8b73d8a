using Fengqiao.Cases.Domain;

namespace Fengqiao.Cases.Intake;

/// <summary>
/// A report from any channel. A place is a WGS84 point (<see cref="Longitude"/>, <see cref="Latitude"/>) or, for a
/// hotline call without one, the code of a grid or community (<see cref="UnitCode"/>). Photos are uploaded first and
/// named by <see cref="PhotoIds"/>; an anonymous reporter also sends the <see cref="UploadToken"/> the upload returned.
/// </summary>
public sealed record ReportRequest(
    string? Title,
    string? Description,
    double? Longitude,
    double? Latitude,
    string? Address,
    string? UnitCode,
    string? CategoryCode,
    bool? Anonymous,
    string? ContactName,
    string? ContactPhone,
    bool? PrivatePlace,
    Dictionary<string, string>? Answers,
    bool? ResolvedOnTheSpot,
    string? DisposalNote,
    IReadOnlyList<Guid>? PhotoIds = null,
    string? UploadToken = null);

/// <summary>What the reporter is told: the tracking code (large, with a copy button) and where the case went.</summary>
public sealed record ReportReceipt(
    Guid Id,
    string TrackingCode,
    CaseStatus Status,
    string? CategoryCode,
    string? CategoryName,
    double Confidence,
    string? GridCode,
    string? GridName,
    string CommunityCode,
    bool OutsideGrids,
    bool NeedsTriage,
    string? HolderTier,
    string? PossibleDuplicateTrackingCode,
    bool Replayed);
