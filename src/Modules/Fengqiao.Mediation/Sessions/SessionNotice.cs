using Fengqiao.Kernel.Access;

namespace Fengqiao.Mediation.Sessions;

/// <summary>
/// 调解通知: that a party was told of a sitting's time and place, how and when, and by whom. Parties are usually not
/// users of the platform, so the mediator notifies them by phone, text message, in person or in writing and records it
/// here; the sitting shows who has not been told yet. One notice per party and sitting.
/// </summary>
public sealed class SessionNotice : IJurisdictional
{
    private SessionNotice()
    {
        UnitPath = RecordedByName = "";
    }

    internal SessionNotice(MediationSession session, Guid partyId, NoticeWay way, Guid? recordedBy, string recordedByName, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        SessionId = session.Id;
        CaseId = session.CaseId;
        UnitPath = session.UnitPath;
        PartyId = partyId;
        Way = way;
        RecordedBy = recordedBy;
        RecordedByName = recordedByName;
        NotifiedAt = at;
    }

    public Guid Id { get; private set; }

    public Guid SessionId { get; private set; }

    public Guid CaseId { get; private set; }

    public string UnitPath { get; private set; }

    public Guid PartyId { get; private set; }

    public NoticeWay Way { get; private set; }

    public DateTimeOffset NotifiedAt { get; private set; }

    public Guid? RecordedBy { get; private set; }

    public string RecordedByName { get; private set; }
}

/// <summary>How a party was told of a sitting.</summary>
public enum NoticeWay
{
    /// <summary>电话通知.</summary>
    Phone = 1,

    /// <summary>短信通知.</summary>
    TextMessage = 2,

    /// <summary>当面通知.</summary>
    InPerson = 3,

    /// <summary>书面通知 (调解通知书送达).</summary>
    Written = 4,
}

public sealed record SessionNoticeRequest(Guid? PartyId, NoticeWay? Way);

/// <summary>A party of the case and whether it has been told of the sitting (Way and NotifiedAt null when not yet).</summary>
public sealed record SessionNoticeView(Guid PartyId, Disputes.PartyRole Role, string PartyName, NoticeWay? Way, DateTimeOffset? NotifiedAt, string? RecordedByName);
