using Fengqiao.Cases.Domain;
using Fengqiao.Kernel.Units;

namespace Fengqiao.Cases.Queries;

/// <summary>A row of a staff queue.</summary>
public sealed record CaseSummary(
    Guid Id, string TrackingCode, string Title, string? CategoryCode, string? CategoryName, CaseStatus Status, CaseStage Stage,
    DeadlineState DeadlineState, DateTimeOffset? DueAt, SupervisionCard Card, UnitLevel? HolderLevel, string? HolderUnitCode,
    string? HolderDepartmentCode, string? GridCode, string CommunityCode, CaseChannel Channel, bool NeedsTriage, string? TriageReasons,
    DateTimeOffset ReportedAt, double? Longitude, double? Latitude, long Version);

/// <summary>
/// One page of a staff list. <see cref="Total"/> is exact up to <see cref="CaseQueries.CountCap"/>; when more match it is
/// <c>CountCap + 1</c> and <see cref="TotalCapped"/> is true ("1000+").
/// </summary>
public sealed record CasePage(IReadOnlyList<CaseSummary> Items, int Total, int Page, int PageSize, bool TotalCapped = false);

/// <summary>One timeline entry as staff see it.</summary>
public sealed record CaseActionView(int Sequence, string Kind, string ActorName, string ActorRole, string? ActorUnitCode, DateTimeOffset At, CaseStatus StatusAfter, string? Note, string? PublicNote);

/// <summary>One tier of the case's path.</summary>
public sealed record CaseTierView(int Sequence, UnitLevel Level, string UnitCode, string? DepartmentCode, string How, string? Reason, DateTimeOffset EnteredAt, DateTimeOffset? LeftAt);

/// <summary>The steps the caller may take now, so that a console shows only the buttons that will work.</summary>
public sealed record AllowedSteps(
    bool File, bool Reject, bool Dispatch, bool Accept, bool Return, bool Progress, bool RequestClose, bool Verify, bool Escalate, bool HandDown,
    bool RequestExtension, bool RequestSuspension, bool Decide, bool Resume, bool Supervise, bool Recategorise,
    bool CoordinationReply = false);

/// <summary>A case as staff see it: everything but the reporter's contact, which is masked.</summary>
public sealed record CaseDetail(
    CaseSummary Summary,
    string Description,
    string? Address,
    bool IsPrivatePlace,
    bool OutsideGrids,
    double? DistanceToGridMetres,
    string? ReporterName,
    string? ReporterPhone,
    bool IsAnonymous,
    string? Answers,
    string? SuggestedLabel,
    string? SuggestedCategoryCode,
    double Confidence,
    string? PossibleDuplicateTrackingCode,
    string? MergedIntoTrackingCode,
    string? RoutingBasis,
    DateTimeOffset? StageStartedAt,
    DateTimeOffset? DueSoonAt,
    ApprovalKind? PendingApproval,
    string? PendingApprovalReason,
    string? PendingExtension,
    UnitLevel? ResolvedLevel,
    string? ResolvedUnitCode,
    CloseType? CloseType,
    int? Rating,
    string? RatingComment,
    int FollowerCount,
    int ReworkCount,
    int ReturnCount,
    int EscalationCount,
    bool IsPublic,
    IReadOnlyList<CaseActionView> Timeline,
    IReadOnlyList<CaseTierView> TierPath,
    AllowedSteps Allowed,
    string? MediaUrl = null);

/// <summary>
/// Counts for the workbench tiles (待办 / 今日到期 / 已超期 / 待核查 …); each is a queue, exact up to <see cref="Cap"/>: a value
/// above <see cref="Cap"/> means "more than Cap".
/// </summary>
public sealed record QueueCounts(int Triage, int ToFile, int ToDispatch, int Mine, int DueToday, int Overdue, int ToVerify, int Approvals, int Cap = CaseQueries.CountCap);
