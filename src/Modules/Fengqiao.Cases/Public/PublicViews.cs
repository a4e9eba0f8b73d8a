using Fengqiao.Cases.Domain;

namespace Fengqiao.Cases.Public;

/// <summary>A public step of the case as the reporter sees it.</summary>
public sealed record PublicStep(DateTimeOffset At, string Kind, string Note);

/// <summary>
/// 进度查询: what the tracking code shows — no personal data, no internal notes. <see cref="StepIndex"/> is the position on
/// the step bar 上报 → 立案 → 派遣 → 处置 → 核查 → 结案 → 评价 (0–6).
/// </summary>
public sealed record CaseStatusView(
    string TrackingCode, string Title, string Description, string? CategoryName, CaseStatus Status, string StatusText, int StepIndex,
    DateTimeOffset ReportedAt, DateTimeOffset? ClosedAt, string? HolderTier, string? ResolvedTier, int? Rating, string? RatingComment,
    bool CanRate, bool CanReopen, int FollowerCount, IReadOnlyList<PublicStep> Steps);

/// <summary>A case on the public map and list: coarsened location at private homes, public text only.</summary>
public sealed record PublicCase(
    string TrackingCode, string Title, string Description, string? CategoryName, CaseStatus Status, string StatusText, DateTimeOffset ReportedAt,
    DateTimeOffset? ClosedAt, double? Longitude, double? Latitude, bool LocationCoarsened, string CommunityCode, int FollowerCount);

public sealed record PublicCasePage(IReadOnlyList<PublicCase> Items, int Total, int Page, int PageSize);

/// <summary>Per-community public statistics: reported, closed, closing rate, average rating.</summary>
public sealed record CommunityStatistics(string CommunityCode, string? CommunityName, int Reported, int Closed, double? ClosingRate, double? AverageRating, int Open);

/// <summary>A nearby public case offered to a reporter before filing ("已有人反映，点此关注").</summary>
public sealed record NearbyPublicCase(string TrackingCode, string Title, string? CategoryName, CaseStatus Status, double DistanceMetres, int FollowerCount, DateTimeOffset ReportedAt);

/// <summary>The reporter's rating.</summary>
public sealed record RateRequest(int? Score, string? Comment);

/// <summary>The reporter's reason to reopen.</summary>
public sealed record ReopenRequest(string? Reason);
