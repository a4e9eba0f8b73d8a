using Fengqiao.Kernel.Privacy;
using Fengqiao.Mediation.Disputes;

namespace Fengqiao.Mediation.Committees;

public sealed record CreateCommitteeRequest(CommitteeKind? Kind, string? Name, string? Unit, DisputeType? Sector, string? Address, string? Phone);

public sealed record AddCommitteeMemberRequest(
    string? Name, Gender? Gender, CommitteeRole? Role, string? UserName, IReadOnlyList<DisputeType>? Expertise,
    string? CertificateNumber, DateOnly? CertifiedOn, DateOnly? From);

public sealed record EndCommitteeMemberRequest(DateOnly? To);

public sealed record ConstituteCommitteeRequest(DateOnly? On);

public sealed record AddCentreWindowRequest(string? Name, string? Agency);

public sealed record CommitteeSummary(
    Guid Id, CommitteeKind Kind, string KindName, MediationTier Tier, string Name, DisputeType? Sector, string UnitCode, string UnitName,
    DateOnly? ConstitutedOn, int Seats, int Women, int Mediators);

public sealed record CommitteeDetail(
    Guid Id, CommitteeKind Kind, string KindName, MediationTier Tier, string Name, DisputeType? Sector, string UnitCode, string UnitName,
    string? Address, string? Phone, DateOnly? ConstitutedOn, long Version, IReadOnlyList<CommitteeMemberView> Members, IReadOnlyList<CentreWindowView> Windows);

/// <summary>A member as listed; OpenCases is the workload: open mediation cases the account is assigned to.</summary>
public sealed record CommitteeMemberView(
    Guid Id, string Name, Gender Gender, CommitteeRole Role, string RoleName, Guid? UserId, IReadOnlyList<DisputeType> Expertise,
    string? CertificateNumber, DateOnly? CertifiedOn, DateOnly From, DateOnly? To, bool IsCurrent, int OpenCases);

public sealed record CentreWindowView(Guid Id, string Name, string Agency);

/// <summary>A mediator who can take a case: where they serve, what they know, how busy they are.</summary>
public sealed record MediatorView(
    Guid MemberId, Guid CommitteeId, string CommitteeName, string Name, Gender Gender, CommitteeRole Role, Guid? UserId,
    IReadOnlyList<DisputeType> Expertise, string? CertificateNumber, int OpenCases);
