using Fengqiao.Mediation.Disputes;

namespace Fengqiao.Mediation.Risk;

/// <summary>The level the rules give a dispute, with the reason each rule found.</summary>
public sealed record RiskAssessment(RiskLevel Level, IReadOnlyList<string> Reasons);
