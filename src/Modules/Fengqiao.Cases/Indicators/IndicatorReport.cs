using Fengqiao.Kernel.Units;

namespace Fengqiao.Cases.Indicators;

/// <summary>What the indicators are computed for: a unit's subtree, a department, a person, or a department within a unit.</summary>
public sealed record IndicatorQuery(string? Unit, string? Department, string? User, DateOnly? From, DateOnly? To);

/// <summary>One rate: numerator / denominator, null when nothing was due (分母为 0).</summary>
public sealed record Ratio(int Numerator, int Denominator, double? Rate)
{
    public static Ratio Of(int numerator, int denominator) =>
        new(numerator, denominator, denominator == 0 ? null : (double)numerator / denominator);
}

/// <summary>热线三率: 响应率, 解决率, 满意率 of the cases that came in through the 12345 hotline.</summary>
public sealed record HotlineRates(int Reported, Ratio Response, Ratio Resolution, Ratio Satisfaction);

/// <summary>
/// Average working hours (工作时间, from the working calendar: working periods, weekends, statutory holidays and 调休
/// make-up days) a stage took, over the cases that completed it; null when none did. docs/indicators.md.
/// </summary>
public sealed record StageTime(string Stage, string Name, int Cases, double? AverageWorkingHours);

/// <summary>Closed cases resolved at one tier (网格/社区/街道/区县) and their share of all closed cases.</summary>
public sealed record TierShare(UnitLevel Level, string Name, Ratio Share);

/// <summary>
/// 考核指标 of one scope and period. Counted over the cohort of cases reported in [From, To) (Asia/Shanghai days), in
/// their state at the moment of the query; see docs/indicators.md for every definition.
/// </summary>
public sealed record IndicatorReport(
    string Scope,
    string ScopeName,
    DateOnly From,
    DateOnly To,
    DateTimeOffset ComputedAt,
    int Reported,
    int Suspended,
    Ratio OnTimeFiling,
    Ratio AccurateDispatch,
    Ratio Disposal,
    Ratio OnTimeDisposal,
    Ratio Closing,
    Ratio OnTimeClosing,
    Ratio Rework,
    Ratio Satisfaction,
    HotlineRates Hotline,
    IReadOnlyList<StageTime> StageTimes,
    IReadOnlyList<TierShare> Tiers,
    Ratio ResolvedInVillage);
