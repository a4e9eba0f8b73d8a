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
    DateTimeOffset? ClosedAt, double? Longitude, double? Latitude, bool LocationCoarsened, string CommunityCode, int FollowerCount, string? CommunityName);

public sealed record PublicCasePage(IReadOnlyList<PublicCase> Items, int Total, int Page, int PageSize);

/// <summary>
/// Per-community public statistics over public cases: reported, closed, closing rate (closed / reported), average
/// rating, on-time rate (closed on time / closed), satisfaction (4–5 stars / rated) and the share of closed cases resolved
/// at grid or community tier (小事不出村). Rates are null when their denominator is 0.
/// </summary>
public sealed record CommunityStatistics(
    string CommunityCode, string? CommunityName, int Reported, int Closed, double? ClosingRate, double? AverageRating, int Open,
    int ClosedOnTime, double? OnTimeRate, int Rated, int Satisfied, double? SatisfactionRate,
    int ResolvedAtGrid, int ResolvedAtCommunity, double? ResolvedInVillageRate);

/// <summary>A public category residents may filter by.</summary>
public sealed record PublicCategory(string Code, string? ParentCode, string Name);

/// <summary>A nearby public case offered to a reporter before filing ("已有人反映，点此关注").</summary>
public sealed record NearbyPublicCase(string TrackingCode, string Title, string? CategoryName, CaseStatus Status, double DistanceMetres, int FollowerCount, DateTimeOffset ReportedAt);

/// <summary>The reporter's rating.</summary>
public sealed record RateRequest(int? Score, string? Comment);

/// <summary>The reporter's reason to reopen.</summary>
public sealed record ReopenRequest(string? Reason);
