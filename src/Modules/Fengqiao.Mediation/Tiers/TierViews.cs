using Fengqiao.Mediation.Committees;

namespace Fengqiao.Mediation.Tiers;

/// <summary>提级: to <see cref="CommitteeId"/>, with a reason; <see cref="Version"/> (optional) guards against a stale page.</summary>
public sealed record EscalateRequest(Guid? CommitteeId, string? Reason, long? Version);

/// <summary>跨社区协调: the communities the parties or places belong to (the case's own is added); the common upper tier takes the case.</summary>
public sealed record CoordinateRequest(IReadOnlyList<string>? CommunityCodes, string? Reason, long? Version);

/// <summary>转出: to litigation, arbitration, the petition office or an administrative department, named, with a reason.</summary>
public sealed record ReferOutRequest(ReferralTarget? Target, string? TargetName, string? Reason, long? Version);

public sealed record TierStepView(
    Guid Id, TierStepKind Kind, string KindName, Guid? FromCommitteeId, string? FromName, MediationTier? FromTier, Guid? ToCommitteeId, string ToName,
    MediationTier? ToTier, ReferralTarget? Target, string Reason, IReadOnlyList<string> Communities, string ByName, DateTimeOffset At);

/// <summary>Where the case stands on the tiers now, with its history and the committees it could be escalated to.</summary>
public sealed record TierState(
    Guid CaseId, string Number, Guid CommitteeId, string CommitteeName, MediationTier Tier, string TierName, bool IsOpen, string Status,
    MediationTier? ResolvedTier, long Version, IReadOnlyList<TierStepView> Steps, IReadOnlyList<UpperCommittee> UpperCommittees);

/// <summary>A committee above the holding one that may receive the case.</summary>
public sealed record UpperCommittee(Guid Id, string Name, CommitteeKind Kind, MediationTier Tier, string UnitCode);
