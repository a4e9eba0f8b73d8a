using Fengqiao.Kernel.Messaging;

namespace Fengqiao.Cases.Contracts;

/// <summary>
/// 提级: a case was handed to the next tier up, with what that tier needs to act without reading the events module's
/// tables — the report's title and description as staff see them, the place, the reason for escalating and the unit
/// now holding it. Mediation subscribes to it to take escalated disputes in with their facts.
/// </summary>
public sealed record CaseEscalated(
    Guid CaseId,
    string TrackingCode,
    string? CategoryCode,
    string Title,
    string Description,
    string? Address,
    double? Longitude,
    double? Latitude,
    string? GridCode,
    string CommunityCode,
    string? HolderUnitCode,
    string Reason,
    DateTimeOffset ReportedAt,
    DateTimeOffset At) : IDomainEvent;
