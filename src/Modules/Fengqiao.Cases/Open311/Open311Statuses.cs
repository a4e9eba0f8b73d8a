using Fengqiao.Cases.Domain;

namespace Fengqiao.Cases.Open311;

/// <summary>
/// GeoReport v2 knows two statuses, open and closed; the widely used extension (FixMyStreet, Open311 clients in the UK
/// and US) adds finer ones for the updates feed. This is how Fengqiao's workflow maps onto both.
/// </summary>
public static class Open311Statuses
{
    public const string Open = "open";
    public const string Closed = "closed";

    /// <summary>open or closed: rejected (不予立案) and closed (已结案) cases are closed.</summary>
    public static string Basic(CaseStatus status) => status is CaseStatus.Closed or CaseStatus.Rejected ? Closed : Open;

    /// <summary>The extended status after a timeline step of <paramref name="kind"/> left the case in <paramref name="status"/>.</summary>
    public static string Extended(CaseStatus status, string kind, RejectionReason? rejection) => kind switch
    {
        CaseActionKinds.Reopen => "REOPEN",
        CaseActionKinds.Escalate or CaseActionKinds.HandDown => "INTERNAL_REFERRAL",
        _ => Extended(status, rejection),
    };

    /// <summary>The extended status of a case as it stands.</summary>
    public static string Extended(CaseStatus status, RejectionReason? rejection) => status switch
    {
        CaseStatus.Reported => "OPEN",
        CaseStatus.Filed => "INVESTIGATING",
        CaseStatus.Dispatched => "ACTION_SCHEDULED",
        CaseStatus.InProgress or CaseStatus.AwaitingVerification => "IN_PROGRESS",
        CaseStatus.Suspended => "ACTION_SCHEDULED",
        CaseStatus.Closed => "CLOSED",
        CaseStatus.Rejected => rejection switch
        {
            RejectionReason.Duplicate => "DUPLICATE",
            RejectionReason.NotOurResponsibility => "NOT_COUNCILS_RESPONSIBILITY",
            _ => "NO_FURTHER_ACTION",
        },
        _ => "OPEN",
    };
}
