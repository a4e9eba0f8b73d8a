using Fengqiao.Mediation.Committees;

namespace Fengqiao.Mediation.Disputes;

public sealed record PartyRequest(
    PartyKind? Kind, PartyRole? Role, string? Name, string? IdentityNumber, string? Phone, bool? IsVulnerable, string? Vulnerability);

/// <summary>
/// A dispute taken in; Mediators are user names of the committee's mediators to assign (the accepting mediator is assigned
/// anyway). TierReason is why an upper committee takes a dispute whose community has its own committee (小事不出村).
/// </summary>
public sealed record IntakeRequest(
    Guid? CommitteeId, DisputeSource? Source, string? SourceReference, DisputeType? Type, string? Title, string? Facts, string? Claims,
    decimal? Amount, int? PeopleInvolved, double? Longitude, double? Latitude, string? Address, IReadOnlyList<PartyRequest>? Parties,
    IReadOnlyList<string>? Mediators, string? TierReason = null);

/// <summary>The editable facts of a case, replaced whole; <see cref="Version"/> is the one the editor loaded.</summary>
public sealed record ReviseDisputeRequest(
    long? Version, DisputeType? Type, string? Title, string? Facts, string? Claims, decimal? Amount, int? PeopleInvolved,
    double? Longitude, double? Latitude, string? Address);

public sealed record AssignMediatorRequest(string? UserName);

public sealed record RevealPartyRequest(string? Field, string? Purpose);

public sealed record RevealedPartyValue(Guid PartyId, string Field, string Value);

public sealed record DisputeListQuery(
    string? Unit, Guid? Committee, DisputeStatus? Status, RiskLevel? MinRisk, DisputeType? Type, bool? Mine, int? Page, int? PageSize);

public sealed record DisputeSummary(
    Guid Id, string Number, string Title, DisputeType Type, string TypeName, DisputeSource Source, Guid CommitteeId, string CommitteeName,
    MediationTier Tier, DisputeStatus Status, RiskLevel RiskLevel, int PeopleInvolved, decimal? Amount, string Parties, DateOnly AcceptedOn,
    string? GridCode);

public sealed record DisputePage(IReadOnlyList<DisputeSummary> Items, int Total, int Page, int PageSize);

/// <summary>A party as staff see it: masked identity number and phone; a person's name masked.</summary>
public sealed record PartyView(
    Guid Id, PartyKind Kind, PartyRole Role, string Name, string? IdentityNumber, string? Phone, bool IsVulnerable, string? Vulnerability);

public sealed record CaseMediatorView(Guid UserId, string Name, DateTimeOffset AssignedAt);

public sealed record DisputeDetail(
    Guid Id, string Number, string Title, DisputeType Type, string TypeName, DisputeSource Source, string SourceName, string? SourceReference,
    Guid CommitteeId, string CommitteeName, MediationTier Tier, string UnitCode, DisputeStatus Status, RiskLevel RiskLevel,
    IReadOnlyList<string> RiskReasons, string Facts, string Claims, decimal? Amount, int PeopleInvolved, double? Longitude, double? Latitude,
    string? Address, string? GridCode, string? CommunityCode, DateOnly AcceptedOn, DateOnly DueOn, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    long Version, IReadOnlyList<PartyView> Parties, IReadOnlyList<CaseMediatorView> Mediators, string StatusName, DateOnly? ClosedOn,
    MediationTier? ResolvedTier);
