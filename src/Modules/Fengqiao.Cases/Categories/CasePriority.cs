namespace Fengqiao.Cases.Categories;

/// <summary>紧急程度: decides the filing and dispatch limits (≤ 10 min urgent, ≤ 30 min normal).</summary>
public enum CasePriority
{
    /// <summary>一般</summary>
    Normal = 1,

    /// <summary>紧急</summary>
    Urgent = 2,

    /// <summary>特急: gas, traffic and public safety emergencies, counted in calendar time.</summary>
    Emergency = 3,
}
