using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Errors;
using Fengqiao.Mediation.Committees;
using Fengqiao.Mediation.Disputes;

namespace Fengqiao.Mediation.Systemic;

/// <summary>What kind of cluster a systemic issue stands for.</summary>
public enum SystemicIssueKind
{
    /// <summary>同类纠纷激增: one type of dispute rising in one community against the community's own baseline.</summary>
    RisingType = 1,

    /// <summary>同一组织多发: several disputes against the same organisation (an employer's wage arrears, one property company).</summary>
    Organisation = 2,

    /// <summary>同一地点反复: disputes repeating at one address.</summary>
    Address = 3,
}

public enum SystemicIssueStatus
{
    /// <summary>待签收.</summary>
    Open = 1,

    /// <summary>已签收，处理中.</summary>
    Acknowledged = 2,

    /// <summary>已解决.</summary>
    Resolved = 3,
}

public enum SystemicEntryKind
{
    Raised = 1,
    CaseLinked = 2,
    Acknowledged = 3,
    Action = 4,
    Resolved = 5,
    Reopened = 6,
}

/// <summary>
/// 系统性问题（源头治理）: a cluster of disputes with a common cause, raised once per cluster and addressed to the unit
/// that can deal with the cause (the lowest common unit of the linked cases; at least the street for an organisation).
/// Filtered by the addressed unit's path. While it is not resolved it holds its cluster key in <see cref="OpenKey"/>
/// (unique), so a further dispute of the cluster joins it instead of raising another; a resolved issue frees the key,
/// and a later rise raises a new issue unless the old one is reopened.
/// </summary>
public sealed class SystemicIssue : IJurisdictional
{
    public const int MaxTitleLength = 200;
    public const int MaxNoteLength = 2000;
    public const int MaxKeyLength = 300;

    private readonly List<SystemicIssueCase> _cases = [];
    private readonly List<SystemicIssueEntry> _entries = [];

    private SystemicIssue()
    {
        ClusterKey = Title = Finding = UnitPath = UnitCode = UnitName = "";
    }

    internal SystemicIssue(
        SystemicIssueKind kind, string clusterKey, string title, string finding, DisputeType? type, string? organisationName, string? address,
        string unitPath, string unitCode, string unitName, MediationTier tier, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        Kind = kind;
        ClusterKey = clusterKey;
        OpenKey = clusterKey;
        Title = title;
        Finding = finding;
        Type = type;
        OrganisationName = organisationName;
        Address = address;
        UnitPath = unitPath;
        UnitCode = unitCode;
        UnitName = unitName;
        AddressedTier = tier;
        Status = SystemicIssueStatus.Open;
        RaisedAt = at;
        UpdatedAt = at;
        _entries.Add(new SystemicIssueEntry(Id, unitPath, SystemicEntryKind.Raised, finding, "系统", at));
    }

    public Guid Id { get; private set; }

    public SystemicIssueKind Kind { get; private set; }

    /// <summary>The cluster: <c>rising:{community}:{type}</c>, <c>organisation:{name index}</c> or <c>address:{address}</c>.</summary>
    public string ClusterKey { get; private set; }

    /// <summary>The cluster key while the issue is not resolved (unique), null once resolved.</summary>
    public string? OpenKey { get; private set; }

    public string Title { get; private set; }

    /// <summary>What the detector found, in figures (e.g. 近 30 天 6 起，前 6 期平均 1.0 起).</summary>
    public string Finding { get; private set; }

    public DisputeType? Type { get; private set; }

    public string? OrganisationName { get; private set; }

    public string? Address { get; private set; }

    /// <summary>The addressed unit (交办单位): the one that can deal with the cause.</summary>
    public string UnitPath { get; private set; }

    public string UnitCode { get; private set; }

    public string UnitName { get; private set; }

    public MediationTier AddressedTier { get; private set; }

    public SystemicIssueStatus Status { get; private set; }

    public DateTimeOffset RaisedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? AcknowledgedAt { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    public string? ResolutionNote { get; private set; }

    public int Reopened { get; private set; }

    public long Version { get; private set; }

    public IReadOnlyList<SystemicIssueCase> Cases => _cases;

    public IReadOnlyList<SystemicIssueEntry> Entries => _entries;

    /// <summary>Links a dispute to the issue (once); returns false when it was linked already.</summary>
    internal bool Link(Guid caseId, string caseNumber, bool recordEntry, DateTimeOffset at)
    {
        if (_cases.Any(c => c.CaseId == caseId))
        {
            return false;
        }

        _cases.Add(new SystemicIssueCase(Id, UnitPath, caseId, caseNumber, at));
        if (recordEntry)
        {
            _entries.Add(new SystemicIssueEntry(Id, UnitPath, SystemicEntryKind.CaseLinked, $"关联案件 {caseNumber}", "系统", at));
        }

        UpdatedAt = at;
        return true;
    }

    internal void Refind(string finding, DateTimeOffset at)
    {
        Finding = finding;
        UpdatedAt = at;
    }

    internal void Acknowledge(string actor, string? note, DateTimeOffset at)
    {
        Rules.Check(new OnlyOpenSystemicIssuesAreAcknowledged(Status));
        Status = SystemicIssueStatus.Acknowledged;
        AcknowledgedAt = at;
        AddEntry(SystemicEntryKind.Acknowledged, note ?? "已签收", actor, at);
    }

    internal void RecordAction(string actor, string note, DateTimeOffset at)
    {
        Rules.Check(new ResolvedSystemicIssuesTakeNoActions(Status));
        AddEntry(SystemicEntryKind.Action, note, actor, at);
    }

    internal void Resolve(string actor, string note, DateTimeOffset at)
    {
        Rules.Check(new ResolvedSystemicIssuesTakeNoActions(Status));
        Status = SystemicIssueStatus.Resolved;
        ResolvedAt = at;
        ResolutionNote = note;
        OpenKey = null;
        AddEntry(SystemicEntryKind.Resolved, note, actor, at);
    }

    /// <summary>The cause came back: the issue is open again (acknowledged if it had been), and takes its cluster key back.</summary>
    internal void Reopen(string actor, string note, DateTimeOffset at)
    {
        if (Status != SystemicIssueStatus.Resolved)
        {
            throw new ConflictException("该问题尚未解决，无需重新打开。");
        }

        Status = AcknowledgedAt is null ? SystemicIssueStatus.Open : SystemicIssueStatus.Acknowledged;
        ResolvedAt = null;
        OpenKey = ClusterKey;
        Reopened++;
        AddEntry(SystemicEntryKind.Reopened, note, actor, at);
    }

    private void AddEntry(SystemicEntryKind kind, string note, string actor, DateTimeOffset at)
    {
        _entries.Add(new SystemicIssueEntry(Id, UnitPath, kind, note, actor, at));
        UpdatedAt = at;
        Version++;
    }
}

/// <summary>A dispute linked to a systemic issue.</summary>
public sealed class SystemicIssueCase : IJurisdictional
{
    private SystemicIssueCase()
    {
        UnitPath = CaseNumber = "";
    }

    internal SystemicIssueCase(Guid issueId, string unitPath, Guid caseId, string caseNumber, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        IssueId = issueId;
        UnitPath = unitPath;
        CaseId = caseId;
        CaseNumber = caseNumber;
        LinkedAt = at;
    }

    public Guid Id { get; private set; }

    public Guid IssueId { get; private set; }

    /// <summary>The issue's addressed unit (the link is seen with the issue).</summary>
    public string UnitPath { get; private set; }

    public Guid CaseId { get; private set; }

    public string CaseNumber { get; private set; }

    public DateTimeOffset LinkedAt { get; private set; }
}

/// <summary>One step in an issue's history: raised, case linked, acknowledged, action taken, resolved, reopened.</summary>
public sealed class SystemicIssueEntry : IJurisdictional
{
    private SystemicIssueEntry()
    {
        UnitPath = Note = ActorName = "";
    }

    internal SystemicIssueEntry(Guid issueId, string unitPath, SystemicEntryKind kind, string note, string actorName, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        IssueId = issueId;
        UnitPath = unitPath;
        Kind = kind;
        Note = note;
        ActorName = actorName;
        At = at;
    }

    public Guid Id { get; private set; }

    public Guid IssueId { get; private set; }

    public string UnitPath { get; private set; }

    public SystemicEntryKind Kind { get; private set; }

    public string Note { get; private set; }

    public string ActorName { get; private set; }

    public DateTimeOffset At { get; private set; }
}

/// <summary>只有待签收的系统性问题可以签收。</summary>
public sealed class OnlyOpenSystemicIssuesAreAcknowledged(SystemicIssueStatus status) : IBusinessRule
{
    public string Message => status == SystemicIssueStatus.Resolved ? "该问题已解决，不能签收；如问题复发请重新打开。" : "该问题已签收。";

    public bool IsBroken() => status != SystemicIssueStatus.Open;
}

/// <summary>已解决的系统性问题不能再记录措施或再次办结，须先重新打开。</summary>
public sealed class ResolvedSystemicIssuesTakeNoActions(SystemicIssueStatus status) : IBusinessRule
{
    public string Message => "该问题已解决，不能再记录措施或办结；如问题复发请重新打开。";

    public bool IsBroken() => status == SystemicIssueStatus.Resolved;
}

public static class SystemicIssueNames
{
    public static string DisplayName(this SystemicIssueKind kind) => kind switch
    {
        SystemicIssueKind.RisingType => "同类纠纷激增",
        SystemicIssueKind.Organisation => "同一组织纠纷多发",
        _ => "同一地点纠纷反复",
    };

    public static string DisplayName(this SystemicIssueStatus status) => status switch
    {
        SystemicIssueStatus.Open => "待签收",
        SystemicIssueStatus.Acknowledged => "处理中",
        _ => "已解决",
    };
}
