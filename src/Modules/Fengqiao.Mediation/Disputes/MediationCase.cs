using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Messaging;
using Fengqiao.Mediation.Committees;
using Fengqiao.Mediation.Risk;

namespace Fengqiao.Mediation.Disputes;

/// <summary>
/// 调解案件: one dispute taken in by one committee, with its source, parties, type, facts and claims, amount, number
/// of people and place. Filtered to the caller's jurisdiction by the committee's unit path; a mediator further sees only
/// the cases of committees they serve in. Every change bumps <see cref="Version"/> (a stale edit gets 409).
/// </summary>
public sealed class MediationCase : IJurisdictional, IHasDomainEvents
{
    public const int MaxTitleLength = 100;
    public const int MaxTextLength = 4000;
    public const int MaxAddressLength = 200;
    public const int MaxReferenceLength = 100;

    private readonly List<DisputeParty> _parties = [];
    private readonly List<CaseMediator> _mediators = [];
    private readonly List<IDomainEvent> _events = [];

    private MediationCase()
    {
        Number = UnitPath = UnitCode = CommitteeName = Title = Facts = Claims = "";
    }

    internal MediationCase(
        string number, Committee committee, DisputeSource source, string? sourceReference, Guid? sourceEventId, DisputeType type, string title,
        string facts, string claims, decimal? amount, int peopleInvolved, DisputePlace place, DateOnly acceptedOn, Guid? acceptedBy, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        Number = number;
        CommitteeId = committee.Id;
        CommitteeName = committee.Name;
        Tier = committee.Tier;
        UnitPath = committee.UnitPath;
        UnitCode = committee.UnitCode;
        Source = source;
        SourceReference = sourceReference;
        SourceEventId = sourceEventId;
        Type = type;
        Title = title;
        Facts = facts;
        Claims = claims;
        Amount = amount;
        PeopleInvolved = peopleInvolved;
        SetPlace(place);
        Status = DisputeStatus.Accepted;
        RiskLevel = RiskLevel.Low;
        AcceptedOn = acceptedOn;
        DueOn = acceptedOn.AddMonths(1);
        AcceptedBy = acceptedBy;
        CreatedAt = at;
        UpdatedAt = at;
    }

    public Guid Id { get; private set; }

    /// <summary>案件编号, e.g. 调2026112600012.</summary>
    public string Number { get; private set; }

    public Guid CommitteeId { get; private set; }

    public string CommitteeName { get; private set; }

    /// <summary>The tier of the committee holding the case.</summary>
    public MediationTier Tier { get; private set; }

    public string UnitPath { get; private set; }

    public string UnitCode { get; private set; }

    public DisputeSource Source { get; private set; }

    /// <summary>The referring document's number, the informant's clue or the escalated event's tracking code.</summary>
    public string? SourceReference { get; private set; }

    /// <summary>The events-module case this dispute came from (no foreign key across modules); unique, so an event arrives once.</summary>
    public Guid? SourceEventId { get; private set; }

    public DisputeType Type { get; private set; }

    public string Title { get; private set; }

    /// <summary>纠纷事实.</summary>
    public string Facts { get; private set; }

    /// <summary>当事人诉求.</summary>
    public string Claims { get; private set; }

    /// <summary>涉及金额 (yuan).</summary>
    public decimal? Amount { get; private set; }

    /// <summary>涉及人数.</summary>
    public int PeopleInvolved { get; private set; }

    public double? Longitude { get; private set; }

    public double? Latitude { get; private set; }

    public string? Address { get; private set; }

    public string? GridCode { get; private set; }

    public string? CommunityCode { get; private set; }

    public DisputeStatus Status { get; private set; }

    public RiskLevel RiskLevel { get; private set; }

    /// <summary>Why the level is what it is, one reason per line, as the rules found them.</summary>
    public string? RiskReasons { get; private set; }

    public DateOnly AcceptedOn { get; private set; }

    public Guid? AcceptedBy { get; private set; }

    /// <summary>调解期限: one month from acceptance (customary), moved by approved extensions.</summary>
    public DateOnly DueOn { get; private set; }

    /// <summary>Why the last extension was granted, and who approved it.</summary>
    public string? ExtensionReason { get; private set; }

    public Guid? ExtensionApprovedBy { get; private set; }

    public int Extensions { get; private set; }

    /// <summary>结案日期: the day (Asia/Shanghai) the case ended — resolved, failed, withdrawn or referred out; cleared when it reopens.</summary>
    public DateOnly? ClosedOn { get; private set; }

    /// <summary>
    /// 化解层级: the tier of the committee holding the case when it was resolved (the "矛盾不上交" measure reads it);
    /// null unless <see cref="Status"/> is <see cref="DisputeStatus.Resolved"/>.
    /// </summary>
    public MediationTier? ResolvedTier { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public long Version { get; private set; }

    public IReadOnlyList<DisputeParty> Parties => _parties;

    public IReadOnlyList<CaseMediator> Mediators => _mediators;

    public IReadOnlyList<IDomainEvent> DomainEvents => _events;

    public void ClearDomainEvents() => _events.Clear();

    internal DisputeParty AddParty(
        PartyKind kind, PartyRole role, ProtectedText name, ProtectedText? identityNumber, ProtectedText? phone, string? organisationName,
        bool isVulnerable, string? vulnerability, DateTimeOffset at)
    {
        if (identityNumber is not null && _parties.Any(p => p.IdentityNumberIndex == identityNumber.Index))
        {
            throw new ConflictException("该当事人已在本案中。");
        }

        var party = new DisputeParty(Id, UnitPath, kind, role, name, identityNumber, phone, organisationName, isVulnerable, vulnerability);
        _parties.Add(party);
        Touch(at);
        return party;
    }

    internal CaseMediator AssignMediator(Guid userId, string name, DateTimeOffset at)
    {
        if (_mediators.Any(m => m.UserId == userId))
        {
            throw new ConflictException($"{name}已是本案调解员。");
        }

        var mediator = new CaseMediator(Id, UnitPath, userId, name, at);
        _mediators.Add(mediator);
        Touch(at);
        return mediator;
    }

    internal void Revise(DisputeType type, string title, string facts, string claims, decimal? amount, int peopleInvolved, DisputePlace place, DateTimeOffset at)
    {
        Rules.Check(new OnlyOpenCasesChange(Status));
        Type = type;
        Title = title;
        Facts = facts;
        Claims = claims;
        Amount = amount;
        PeopleInvolved = peopleInvolved;
        SetPlace(place);
        Touch(at);
    }

    /// <summary>The first sitting is scheduled: 调解中.</summary>
    internal void StartMediation(DateTimeOffset at)
    {
        Rules.Check(new OnlyOpenCasesChange(Status));
        if (Status == DisputeStatus.Accepted)
        {
            Status = DisputeStatus.InMediation;
        }

        Touch(at);
    }

    /// <summary>A sitting ended without agreement and the parties will not go on: 调解不成.</summary>
    internal void EndUnresolved(DateTimeOffset at) => Close(DisputeStatus.Failed, at);

    /// <summary>调解成功: an agreement (written or oral) ends the case; the tier holding it is recorded as the resolving tier.</summary>
    internal void Resolve(DateTimeOffset at)
    {
        Close(DisputeStatus.Resolved, at);
        ResolvedTier = Tier;
    }

    /// <summary>
    /// Ends an open case with a closing status (resolved, failed, withdrawn, referred out) on the Asia/Shanghai day of
    /// <paramref name="at"/>. Only open cases close: a second close is a stale action.
    /// </summary>
    internal void Close(DisputeStatus outcome, DateTimeOffset at)
    {
        Rules.Check(new OnlyOpenCasesChange(Status));
        if (outcome.IsOpen())
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "A closing status is needed.");
        }

        Status = outcome;
        ClosedOn = DateOnly.FromDateTime(Kernel.Time.ChinaTime.ToLocal(at).DateTime);
        ResolvedTier = null;
        Touch(at);
    }

    /// <summary>
    /// Opens a closed case again (a relapse found on a follow-up visit, or an agreement the court found invalid and the
    /// parties mediate again): back to 调解中, no closing day or resolving tier until it ends anew.
    /// </summary>
    internal void Reopen(DateTimeOffset at)
    {
        if (Status.IsOpen())
        {
            throw new ConflictException("案件尚未办结，无需重新打开。");
        }

        Status = DisputeStatus.InMediation;
        ClosedOn = null;
        ResolvedTier = null;
        Touch(at);
    }

    /// <summary>An approved extension of the mediation period (at most one month at a time).</summary>
    internal void Extend(DateOnly until, string reason, Guid? approvedBy, DateTimeOffset at)
    {
        Rules.Check(new OnlyOpenCasesChange(Status));
        Rules.Check(new Sessions.ExtensionIsWithinAMonth(DueOn, until));
        DueOn = until;
        ExtensionReason = reason;
        ExtensionApprovedBy = approvedBy;
        Extensions++;
        Touch(at);
    }

    internal void Changed(DateTimeOffset at) => Touch(at);

    /// <summary>Sets the risk found by the rules; a rise to high or critical is published so the street and county centre hear of it at once.</summary>
    internal void AssessRisk(RiskAssessment assessment, DateTimeOffset at)
    {
        var before = RiskLevel;
        RiskLevel = assessment.Level;
        RiskReasons = assessment.Reasons.Count == 0 ? null : string.Join('\n', assessment.Reasons);
        if (assessment.Level >= RiskLevel.High && assessment.Level > before)
        {
            _events.Add(new DisputeRiskRaised(Id, Number, Title, UnitPath, UnitCode, before, assessment.Level, assessment.Reasons, at));
        }
    }

    private void SetPlace(DisputePlace place)
    {
        Longitude = place.Longitude;
        Latitude = place.Latitude;
        Address = place.Address;
        GridCode = place.GridCode;
        CommunityCode = place.CommunityCode;
    }

    private void Touch(DateTimeOffset at)
    {
        UpdatedAt = at;
        Version++;
    }

    // ---- Tiers (层级: escalation and cross-community coordination move the case; see Tiers/ and ADR 0017) ----

    /// <summary>
    /// The case moves to another committee (提级 or 跨社区协调): committee, tier and unit path follow it; assigned mediators
    /// who do not serve in the receiving committee are released (the receiving committee assigns its own).
    /// </summary>
    internal void MoveToCommittee(Committee target, DateOnly today, DateTimeOffset at)
    {
        Rules.Check(new OnlyOpenCasesChange(Status));
        CommitteeId = target.Id;
        CommitteeName = target.Name;
        Tier = target.Tier;
        UnitPath = target.UnitPath;
        UnitCode = target.UnitCode;
        _mediators.RemoveAll(m => !target.Members.Any(x => x.UserId == m.UserId && x.IsCurrent(today)));
        Touch(at);
    }

    // --- Systemic issues (系统性问题) ---

    /// <summary>Asks for the dispute's clusters (type in community, respondent organisation, address) to be checked for systemic issues.</summary>
    internal void CheckClusters(DateTimeOffset at) => _events.Add(new Systemic.DisputeClusterTouched(Id, at));
}

/// <summary>Where the dispute arose: the point, the address as told, and the grid and community the point lies in.</summary>
internal sealed record DisputePlace(double? Longitude, double? Latitude, string? Address, string? GridCode, string? CommunityCode);

/// <summary>已办结的案件不能再修改：调解成功、调解不成或撤回后，应另立新案或重新打开。</summary>
public sealed class OnlyOpenCasesChange(DisputeStatus status) : IBusinessRule
{
    public string Message => "已办结（调解成功、调解不成或撤回）的案件不能再修改。";

    public bool IsBroken() => !status.IsOpen();
}
