namespace Fengqiao.Cases.Domain;

/// <summary>
/// One entry of a case's timeline (流转记录): who did what, in which role and unit, when, with which note. Entries marked
/// public are shown to the reporter (with <see cref="PublicNote"/>, never the internal note).
/// </summary>
public sealed class CaseAction
{
    public const int MaxNoteLength = 2000;

    private CaseAction()
    {
        Kind = ActorName = ActorRole = "";
    }

    internal CaseAction(Guid caseId, int sequence, string kind, ActorStamp actor, DateTimeOffset at, CaseStatus statusAfter, string? note, string? publicNote)
    {
        Id = Guid.CreateVersion7();
        CaseId = caseId;
        Sequence = sequence;
        Kind = kind;
        ActorUserId = actor.UserId;
        ActorName = actor.Name;
        ActorRole = actor.Role;
        ActorUnitCode = actor.UnitCode;
        At = at;
        StatusAfter = statusAfter;
        Note = note;
        PublicNote = publicNote;
    }

    public Guid Id { get; private set; }

    public Guid CaseId { get; private set; }

    /// <summary>1, 2, 3 … within the case.</summary>
    public int Sequence { get; private set; }

    /// <summary>One of <see cref="CaseActionKinds"/>.</summary>
    public string Kind { get; private set; }

    public Guid? ActorUserId { get; private set; }

    public string ActorName { get; private set; }

    public string ActorRole { get; private set; }

    public string? ActorUnitCode { get; private set; }

    public DateTimeOffset At { get; private set; }

    public CaseStatus StatusAfter { get; private set; }

    public string? Note { get; private set; }

    /// <summary>What the reporter and the public page see of this step; null keeps the step internal.</summary>
    public string? PublicNote { get; private set; }

    public bool IsPublic => PublicNote is not null;
}

/// <summary>Names of timeline entries; stable identifiers, labels live in the UI resources.</summary>
public static class CaseActionKinds
{
    public const string Report = "report";
    public const string Triage = "triage";
    public const string File = "file";
    public const string Reject = "reject";
    public const string Dispatch = "dispatch";
    public const string Accept = "accept";
    public const string Return = "return";
    public const string Progress = "progress";
    public const string RequestClose = "request-close";
    public const string VerifyPass = "verify-pass";
    public const string VerifyFail = "verify-fail";
    public const string Escalate = "escalate";
    public const string HandDown = "hand-down";
    public const string RequestExtension = "request-extension";
    public const string RequestSuspension = "request-suspension";
    public const string Approve = "approve";
    public const string Deny = "deny";
    public const string Resume = "resume";
    public const string Supervise = "supervise";
    public const string Card = "card";
    public const string Rate = "rate";
    public const string Reopen = "reopen";
    public const string CloseOnTheSpot = "close-on-the-spot";
    public const string Follow = "follow";
    public const string Coordinate = "coordinate";

    /// <summary>协办反馈 by an involved unit (Coordination/ReplyToCoordination).</summary>
    public const string CoordinationReply = "coordination-reply";
}
