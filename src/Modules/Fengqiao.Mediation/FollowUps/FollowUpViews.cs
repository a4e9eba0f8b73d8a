using Fengqiao.Mediation.Disputes;

namespace Fengqiao.Mediation.FollowUps;

/// <summary>A visit scheduled by hand (after closing, within a year); Assignee is a user name of a current member of the holding committee.</summary>
public sealed record ScheduleFollowUpRequest(DateOnly? DueOn, string? Assignee);

/// <summary>
/// A visit made: day, way (Phone/HomeVisit), result (Performed/Stable/Relapse), notes. On a relapse Relapse says whether
/// the case reopens (Reopen) or a new case is taken in (NewCase, with NewCase the intake of it).
/// </summary>
public sealed record RecordFollowUpRequest(
    DateOnly? VisitedOn, FollowUpWay? Way, FollowUpResult? Result, string? Notes, RelapseAction? Relapse, IntakeRequest? NewCase);

public sealed record FollowUpView(
    Guid Id, Guid CaseId, string CaseNumber, FollowUpKind Kind, DateOnly ClosedOn, DateOnly DueOn, bool IsOverdue, string? AssigneeName,
    FollowUpStatus Status, DateOnly? VisitedOn, string? VisitedByName, FollowUpWay? Way, FollowUpResult? Result, string? Notes,
    RelapseAction? Relapse, Guid? NewCaseId, string? NewCaseNumber);

/// <summary>A case's visits, and the visit of an earlier case whose relapse this case was taken in for (the link read backwards).</summary>
public sealed record CaseFollowUps(
    Guid CaseId, string Number, DisputeStatus Status, DateOnly? ClosedOn, bool MayRecord, IReadOnlyList<FollowUpView> Items, RelapseOrigin? RelapseOf);

public sealed record RelapseOrigin(Guid CaseId, string CaseNumber, Guid FollowUpId, DateOnly? VisitedOn);

/// <summary>Visits falling due: Due (default today) includes everything due on or before it; Mine = assigned to me or on my cases.</summary>
public sealed record FollowUpDueQuery(DateOnly? Due, bool? Mine, int? Page, int? PageSize);

public sealed record FollowUpDueItem(
    Guid Id, Guid CaseId, string CaseNumber, string CaseTitle, string CommitteeName, DisputeStatus CaseStatus, FollowUpKind Kind, DateOnly ClosedOn,
    DateOnly DueOn, bool IsOverdue, string? AssigneeName);

public sealed record FollowUpDuePage(IReadOnlyList<FollowUpDueItem> Items, int Total, int Overdue);
