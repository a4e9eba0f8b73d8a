namespace Fengqiao.Mediation.Sessions;

/// <summary>A sitting to schedule; Mediators are user names of the case's mediators (all of them when empty).</summary>
public sealed record ScheduleSessionRequest(DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, string? Place, IReadOnlyList<string>? Mediators);

public sealed record AttendanceRequest(Guid PartyId, bool Present);

public sealed record RecordSessionRequest(string? Minutes, SessionOutcome? Outcome, IReadOnlyList<AttendanceRequest>? Attendance);

public sealed record ExtendMediationRequest(DateOnly? Until, string? Reason);

public sealed record AttendanceView(Guid PartyId, bool Present);

public sealed record SessionView(
    Guid Id, int Sequence, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Place, SessionStatus Status, IReadOnlyList<string> Mediators,
    string? Minutes, SessionOutcome? Outcome, IReadOnlyList<AttendanceView> Attendance);

/// <summary>The mediation period: due date, extensions and whether it has run out.</summary>
public sealed record MediationPeriodView(DateOnly AcceptedOn, DateOnly DueOn, int Extensions, string? ExtensionReason, bool IsOverdue);
