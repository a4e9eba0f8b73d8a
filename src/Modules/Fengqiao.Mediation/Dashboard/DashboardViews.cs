using Fengqiao.Mediation.Disputes;

namespace Fengqiao.Mediation.Dashboard;

public sealed record RiskCount(RiskLevel Level, string Name, int Count);

public sealed record TypeCount(DisputeType Type, string Name, int Count);

/// <summary>An open case with a point, for the risk map.</summary>
public sealed record RiskPoint(
    Guid Id, string Number, string Title, RiskLevel RiskLevel, DisputeStatus Status, DisputeType Type, string TypeName, DateOnly DueOn, bool IsOverdue,
    double Longitude, double Latitude);

/// <summary>
/// 矛调中心 at a glance: open cases (已受理, 调解中) within the caller's reach by risk level and by type, how many are past
/// their mediation period, and the open cases with a point for the risk map (at most <see cref="MediationDashboard.MaxPoints"/>, highest risk first).
/// </summary>
public sealed record DashboardView(
    DateOnly Today, int OpenCases, int Overdue, IReadOnlyList<RiskCount> ByRisk, IReadOnlyList<TypeCount> ByType, IReadOnlyList<RiskPoint> Points,
    bool Truncated);
