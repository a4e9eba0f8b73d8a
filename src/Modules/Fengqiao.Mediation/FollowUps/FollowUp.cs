using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Errors;

namespace Fengqiao.Mediation.FollowUps;

/// <summary>
/// 回访: a visit to the parties after a case closed, planned automatically from the closing (resolved: 15 days and three
/// months by default; failed or referred out: one) or by hand, then recorded with its date, visitor, way and result.
/// A relapse (纠纷反弹) either reopens the case or links a new one (<see cref="NewCaseId"/>; the new case finds this
/// visit by that column, so the link reads both ways).
/// </summary>
public sealed class FollowUp : IJurisdictional
{
    public const int MaxNotesLength = 2000;

    private FollowUp()
    {
        UnitPath = CaseNumber = "";
    }

    internal FollowUp(
        Guid caseId, string caseNumber, string unitPath, FollowUpKind kind, DateOnly closedOn, DateOnly dueOn, string? planKey,
        Guid? assigneeUserId, string? assigneeName, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        CaseId = caseId;
        CaseNumber = caseNumber;
        UnitPath = unitPath;
        Kind = kind;
        ClosedOn = closedOn;
        DueOn = dueOn;
        PlanKey = planKey;
        AssigneeUserId = assigneeUserId;
        AssigneeName = assigneeName;
        Status = FollowUpStatus.Planned;
        CreatedAt = at;
    }

    public Guid Id { get; private set; }

    public Guid CaseId { get; private set; }

    public string CaseNumber { get; private set; }

    public string UnitPath { get; private set; }

    public FollowUpKind Kind { get; private set; }

    /// <summary>The closing day of the case this visit follows (a visit cannot be before it).</summary>
    public DateOnly ClosedOn { get; private set; }

    public DateOnly DueOn { get; private set; }

    /// <summary>case:closing-day:sequence for automatic visits (unique, so two planners cannot plan twice); null for manual ones.</summary>
    public string? PlanKey { get; private set; }

    /// <summary>The mediator who should make the visit (the case's first mediator when planned).</summary>
    public Guid? AssigneeUserId { get; private set; }

    public string? AssigneeName { get; private set; }

    public FollowUpStatus Status { get; private set; }

    public DateOnly? VisitedOn { get; private set; }

    public Guid? VisitedByUserId { get; private set; }

    public string? VisitedByName { get; private set; }

    public FollowUpWay? Way { get; private set; }

    public FollowUpResult? Result { get; private set; }

    public string? Notes { get; private set; }

    public RelapseAction? RelapseAction { get; private set; }

    /// <summary>The new case taken in for a relapse.</summary>
    public Guid? NewCaseId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RecordedAt { get; private set; }

    public long Version { get; private set; }

    internal void Record(DateOnly visitedOn, Guid? byUserId, string byName, FollowUpWay way, FollowUpResult result, string? notes, RelapseAction? relapse, Guid? newCaseId, DateTimeOffset at)
    {
        if (Status != FollowUpStatus.Planned)
        {
            throw new ConflictException("该回访已记录或已取消，不能重复记录。");
        }

        Status = FollowUpStatus.Done;
        VisitedOn = visitedOn;
        VisitedByUserId = byUserId;
        VisitedByName = byName;
        Way = way;
        Result = result;
        Notes = notes;
        RelapseAction = relapse;
        NewCaseId = newCaseId;
        RecordedAt = at;
        Version++;
    }

    /// <summary>The case reopened: the visits planned for the closing that no longer holds are dropped.</summary>
    internal void Cancel()
    {
        Status = FollowUpStatus.Cancelled;
        Version++;
    }
}

public enum FollowUpKind
{
    /// <summary>结案后自动安排.</summary>
    Automatic = 1,

    /// <summary>人工安排.</summary>
    Manual = 2,
}

public enum FollowUpStatus
{
    /// <summary>待回访.</summary>
    Planned = 1,

    /// <summary>已回访.</summary>
    Done = 2,

    /// <summary>已取消 (the case reopened).</summary>
    Cancelled = 3,
}

public enum FollowUpWay
{
    /// <summary>电话回访.</summary>
    Phone = 1,

    /// <summary>上门回访.</summary>
    HomeVisit = 2,
}

public enum FollowUpResult
{
    /// <summary>协议已履行.</summary>
    Performed = 1,

    /// <summary>情况稳定.</summary>
    Stable = 2,

    /// <summary>纠纷反弹.</summary>
    Relapse = 3,
}

public enum RelapseAction
{
    /// <summary>重新打开原案.</summary>
    Reopen = 1,

    /// <summary>另立新案并关联.</summary>
    NewCase = 2,
}

public static class FollowUpNames
{
    public static string DisplayName(this FollowUpWay way) => way == FollowUpWay.Phone ? "电话回访" : "上门回访";

    public static string DisplayName(this FollowUpResult result) => result switch
    {
        FollowUpResult.Performed => "协议已履行",
        FollowUpResult.Stable => "情况稳定",
        _ => "纠纷反弹",
    };
}
