using Fengqiao.Kernel.Access;

namespace Fengqiao.Mediation.Sessions;

/// <summary>
/// 调解会: one sitting of a case at a place and time with its mediators and parties; once held, its minutes (调解笔录),
/// who attended and the outcome are recorded. Each mediator's booking is a row of its own, so that a mediator is
/// never booked into two sittings at once, whatever case or committee they belong to.
/// </summary>
public sealed class MediationSession : IJurisdictional
{
    public const int MaxPlaceLength = 100;
    public const int MaxMinutesLength = 20000;

    private readonly List<SessionBooking> _bookings = [];
    private readonly List<SessionAttendance> _attendance = [];

    private MediationSession()
    {
        UnitPath = Place = "";
    }

    internal MediationSession(Guid caseId, string caseNumber, string unitPath, int sequence, DateTimeOffset startsAt, DateTimeOffset endsAt, string place)
    {
        Id = Guid.CreateVersion7();
        CaseId = caseId;
        UnitPath = unitPath;
        Sequence = sequence;
        StartsAt = startsAt;
        EndsAt = endsAt;
        Place = place;
        Status = SessionStatus.Scheduled;
        CaseNumber = caseNumber;
    }

    public Guid Id { get; private set; }

    public Guid CaseId { get; private set; }

    /// <summary>The case's number, for messages about clashing bookings.</summary>
    public string? CaseNumber { get; private set; }

    public string UnitPath { get; private set; }

    /// <summary>第几次调解 (1, 2, …).</summary>
    public int Sequence { get; private set; }

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset EndsAt { get; private set; }

    public string Place { get; private set; }

    public SessionStatus Status { get; private set; }

    /// <summary>调解笔录.</summary>
    public string? Minutes { get; private set; }

    public SessionOutcome? Outcome { get; private set; }

    public DateTimeOffset? RecordedAt { get; private set; }

    public IReadOnlyList<SessionBooking> Bookings => _bookings;

    public IReadOnlyList<SessionAttendance> Attendance => _attendance;

    internal SessionBooking Book(Guid userId, string name)
    {
        var booking = new SessionBooking(Id, UnitPath, userId, name, StartsAt, EndsAt);
        _bookings.Add(booking);
        return booking;
    }

    /// <summary>Records the sitting; returns the new attendance rows.</summary>
    internal IReadOnlyList<SessionAttendance> Record(string minutes, SessionOutcome outcome, IEnumerable<(Guid PartyId, bool Present)> attendance, DateTimeOffset at)
    {
        Minutes = minutes;
        Outcome = outcome;
        Status = SessionStatus.Held;
        RecordedAt = at;
        var rows = attendance.Select(a => new SessionAttendance(Id, UnitPath, a.PartyId, a.Present)).ToList();
        _attendance.AddRange(rows);
        return rows;
    }

    internal void Cancel()
    {
        Status = SessionStatus.Cancelled;
        foreach (var booking in _bookings)
        {
            booking.Release();
        }
    }
}

/// <summary>A mediator's time taken by a sitting; released when the sitting is cancelled.</summary>
public sealed class SessionBooking : IJurisdictional
{
    private SessionBooking()
    {
        UnitPath = Name = "";
    }

    internal SessionBooking(Guid sessionId, string unitPath, Guid userId, string name, DateTimeOffset startsAt, DateTimeOffset endsAt)
    {
        Id = Guid.CreateVersion7();
        SessionId = sessionId;
        UnitPath = unitPath;
        UserId = userId;
        Name = name;
        StartsAt = startsAt;
        EndsAt = endsAt;
        IsActive = true;
    }

    public Guid Id { get; private set; }

    public Guid SessionId { get; private set; }

    public string UnitPath { get; private set; }

    public Guid UserId { get; private set; }

    public string Name { get; private set; }

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset EndsAt { get; private set; }

    public bool IsActive { get; private set; }

    internal void Release() => IsActive = false;
}

/// <summary>Whether a party came to a sitting.</summary>
public sealed class SessionAttendance : IJurisdictional
{
    private SessionAttendance()
    {
        UnitPath = "";
    }

    internal SessionAttendance(Guid sessionId, string unitPath, Guid partyId, bool present)
    {
        Id = Guid.CreateVersion7();
        SessionId = sessionId;
        UnitPath = unitPath;
        PartyId = partyId;
        Present = present;
    }

    public Guid Id { get; private set; }

    public Guid SessionId { get; private set; }

    public string UnitPath { get; private set; }

    public Guid PartyId { get; private set; }

    public bool Present { get; private set; }
}

public enum SessionStatus
{
    /// <summary>已安排.</summary>
    Scheduled = 1,

    /// <summary>已召开.</summary>
    Held = 2,

    /// <summary>已取消.</summary>
    Cancelled = 3,
}

public enum SessionOutcome
{
    /// <summary>继续调解: another sitting is needed.</summary>
    Adjourned = 1,

    /// <summary>达成协议.</summary>
    AgreementReached = 2,

    /// <summary>调解不成: the case ends unresolved (the parties may go to court, arbitration …).</summary>
    NoAgreement = 3,
}
