using Fengqiao.Kernel.Messaging;

namespace Fengqiao.Mediation.Disputes;

/// <summary>A dispute's risk rose to high or critical: the street and the county centre must hear of it at once.</summary>
public sealed record DisputeRiskRaised(
    Guid CaseId, string Number, string Title, string UnitPath, string UnitCode, RiskLevel From, RiskLevel To, IReadOnlyList<string> Reasons,
    DateTimeOffset At) : IDomainEvent;
