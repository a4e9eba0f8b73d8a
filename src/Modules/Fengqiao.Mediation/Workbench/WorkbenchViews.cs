using Fengqiao.Mediation.Committees;
using Fengqiao.Mediation.Disputes;
using Fengqiao.Mediation.Sessions;

namespace Fengqiao.Mediation.Workbench;

/// <summary>An open case as the workbench lists it: parties masked, due date of the mediation period and whether it has run out.</summary>
public sealed record WorkbenchCase(
    Guid Id, string Number, string Title, DisputeType Type, string TypeName, Guid CommitteeId, string CommitteeName, DisputeStatus Status,
    RiskLevel RiskLevel, string Parties, DateOnly AcceptedOn, DateOnly DueOn, bool IsOverdue, bool IsMine);

/// <summary>A sitting of one of the caller's cases that takes place today in China.</summary>
public sealed record WorkbenchSession(
    Guid SessionId, Guid CaseId, string CaseNumber, string CaseTitle, int Sequence, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Place,
    SessionStatus Status, IReadOnlyList<string> Mediators);

/// <summary>
/// 调解工作台: the caller's own cases (as a case mediator), the other open cases of the committees they serve in, and
/// today's sittings of their cases (Asia/Shanghai).
/// </summary>
public sealed record WorkbenchView(DateOnly Today, IReadOnlyList<WorkbenchCase> MyCases, IReadOnlyList<WorkbenchCase> CommitteeCases, IReadOnlyList<WorkbenchSession> TodaySessions);

/// <summary>One line of a case's history, read from the audit log (who did what, when).</summary>
public sealed record TimelineEntry(long Sequence, DateTimeOffset At, string Action, string ActorName, string? Detail);

/// <summary>A committee the caller may take a dispute in for (constituted, and for a mediator one they serve in).</summary>
public sealed record IntakeCommittee(Guid Id, string Name, MediationTier Tier, string UnitCode);

/// <summary>A current member of the case's committee with an account, or a mediator already on the case: whom to assign or book.</summary>
public sealed record MediatorChoice(string UserName, string Name, bool IsAssigned);
