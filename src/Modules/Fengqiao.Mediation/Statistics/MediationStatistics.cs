using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Mediation.Committees;
using Fengqiao.Mediation.Disputes;
using Fengqiao.Mediation.Risk;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fengqiao.Mediation.Statistics;

/// <summary>
/// 人民调解统计 for a unit's subtree and a period (docs/api.md, "Mediation statistics"). The cohort is the disputes
/// ACCEPTED in [from, to) (Asia/Shanghai days) by committees in the unit's subtree, within the caller's reach; every
/// figure is about that cohort as it stands now (a case accepted in the period and resolved later counts as resolved):
/// <list type="bullet">
/// <item>受理 accepted: the cohort; 调解成功 successful: the cohort's cases now resolved; 成功率 = successful / accepted;</item>
/// <item>涉及金额: the sum of the amounts involved (accepted), and of the resolved cases;</item>
/// <item>防止民转刑: resolved cases whose risk rules found a threat of violence or self-harm;</item>
/// <item>防止群体性上访: resolved group disputes (≥ <see cref="RiskOptions.GroupDisputePeople"/> people) or cases referred
/// by the petition office (petition history);</item>
/// <item>平均办理天数: mean of (closing day − accepting day) over the cohort's closed cases (any closing status);</item>
/// <item>矛盾不上交率: resolved at the village/community tier / resolved.</item>
/// </list>
/// Counted in the database: one GROUP BY over (type, source, tier, resolving tier, status) and two over days.
/// </summary>
public sealed class MediationStatistics(FengqiaoDbContext db, ICurrentActor actor, DisputeAccess access, IOptionsMonitor<RiskOptions> risk, TimeProvider clock)
{
    public async Task<StatisticsReport> ComputeAsync(string? unit, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        access.EnsureReader();
        var (path, code, name) = await UnitAsync(unit, cancellationToken);
        var cases = (await access.CasesAsync(cancellationToken)).AsNoTracking().Where(c => c.AcceptedOn >= from && c.AcceptedOn < to);
        if (path is not null)
        {
            cases = cases.Where(c => c.UnitPath.StartsWith(path));
        }

        var groupPeople = risk.CurrentValue.GroupDisputePeople;
        const string crime = RiskAssessor.CrimeRiskMarker;
        const string extreme = RiskAssessor.ExtremeActMarker;
        var groups = await cases
            .GroupBy(c => new { c.Type, c.Source, c.Tier, c.ResolvedTier, c.Status })
            .Select(g => new Group(
                g.Key.Type, g.Key.Source, g.Key.Tier, g.Key.ResolvedTier, g.Key.Status, g.Count(),
                g.Sum(c => (double?)c.Amount) ?? 0,
                g.Count(c => c.RiskReasons != null && (c.RiskReasons.Contains(crime) || c.RiskReasons.Contains(extreme))),
                g.Count(c => c.PeopleInvolved >= groupPeople || c.Source == DisputeSource.ReferralPetitionOffice)))
            .ToListAsync(cancellationToken);

        // Σ(closed − accepted) = Σ closed days − Σ accepted days over the closed cases: two bounded GROUP BYs by day.
        var closed = cases.Where(c => c.ClosedOn != null);
        var closedDays = await closed.GroupBy(c => c.ClosedOn!.Value).Select(g => new { Day = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var acceptedDays = await closed.GroupBy(c => c.AcceptedOn).Select(g => new { Day = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var closedCount = closedDays.Sum(d => d.Count);
        double? averageDays = closedCount == 0
            ? null
            : Math.Round(((double)closedDays.Sum(d => (long)d.Day.DayNumber * d.Count) - acceptedDays.Sum(d => (long)d.Day.DayNumber * d.Count)) / closedCount, 1);

        var resolved = groups.Where(g => g.Status == DisputeStatus.Resolved).ToList();
        var resolvedCount = resolved.Sum(g => g.Count);
        var atCommunity = resolved.Where(g => g.ResolvedTier == MediationTier.VillageOrCommunity).Sum(g => g.Count);
        return new StatisticsReport(
            code, name, from, to, clock.GetUtcNow(),
            Row("total", "合计", groups),
            groups.Where(g => g.Status == DisputeStatus.Failed).Sum(g => g.Count),
            groups.Where(g => g.Status == DisputeStatus.Withdrawn).Sum(g => g.Count),
            groups.Where(g => g.Status == DisputeStatus.ReferredOut).Sum(g => g.Count),
            groups.Where(g => g.Status.IsOpen()).Sum(g => g.Count),
            closedCount, averageDays, atCommunity, Rate(atCommunity, resolvedCount),
            [.. Enum.GetValues<DisputeType>().Select(t => Row(t.ToString(), t.DisplayName(), groups.Where(g => g.Type == t)))],
            [.. SourceKeys.Select(s => Row(s.Key, s.Name, groups.Where(g => SourceKey(g.Source) == s.Key)))],
            [.. Enum.GetValues<MediationTier>().Select(t => TierRow(t, groups))]);
    }

    /// <summary>The three statistical sources, in report order.</summary>
    public static IReadOnlyList<(string Key, string Name)> SourceKeys { get; } = [("application", "申请调解"), ("initiative", "主动调解"), ("referral", "委托移送")];

    public static string SourceKey(DisputeSource source) => source switch
    {
        DisputeSource.ApplicationWalkIn or DisputeSource.ApplicationWeb or DisputeSource.ApplicationPhone => "application",
        _ when source.IsReferral() => "referral",
        _ => "initiative",
    };

    private static StatisticsRow Row(string key, string name, IEnumerable<Group> groups)
    {
        var list = groups.ToList();
        var accepted = list.Sum(g => g.Count);
        var resolved = list.Where(g => g.Status == DisputeStatus.Resolved).ToList();
        var resolvedCount = resolved.Sum(g => g.Count);
        return new StatisticsRow(
            key, name, accepted, resolvedCount, Rate(resolvedCount, accepted), Money(list.Sum(g => g.Amount)), Money(resolved.Sum(g => g.Amount)),
            resolved.Sum(g => g.CrimeRisk), resolved.Sum(g => g.MassRisk));
    }

    /// <summary>By tier: accepted at the tier now holding the case; successful at the tier that resolved it.</summary>
    private static StatisticsRow TierRow(MediationTier tier, IReadOnlyList<Group> groups)
    {
        var held = groups.Where(g => g.Tier == tier).ToList();
        var resolved = groups.Where(g => g.Status == DisputeStatus.Resolved && g.ResolvedTier == tier).ToList();
        var accepted = held.Sum(g => g.Count);
        var resolvedCount = resolved.Sum(g => g.Count);
        return new StatisticsRow(
            tier.ToString(), tier.TierName(), accepted, resolvedCount, Rate(resolvedCount, accepted), Money(held.Sum(g => g.Amount)), Money(resolved.Sum(g => g.Amount)),
            resolved.Sum(g => g.CrimeRisk), resolved.Sum(g => g.MassRisk));
    }

    private static double? Rate(int numerator, int denominator) => denominator == 0 ? null : Math.Round((double)numerator / denominator, 4);

    private static decimal Money(double amount) => Math.Round((decimal)amount, 2);

    /// <summary>The unit's subtree; one outside the caller's reach is refused (403), not reported as empty.</summary>
    private async Task<(string? Path, string Code, string Name)> UnitAsync(string? unit, CancellationToken cancellationToken)
    {
        var code = string.IsNullOrWhiteSpace(unit) ? (actor.UnitCodes.Count > 0 ? actor.UnitCodes[0] : null) : unit.Trim();
        if (code is null)
        {
            if (actor.Scope.Unrestricted)
            {
                return (null, "", "全部");
            }

            throw new ValidationFailedException("unit", "请指定统计单位（unit，行政区划代码）。");
        }

        // Units are read unfiltered so that a unit outside the caller's reach is refused rather than unknown.
        var found = await db.Units.IgnoreQueryFilters().AsNoTracking().Where(u => u.Code == code).Select(u => new { u.Path, u.Name }).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"单位 {code}");
        if (!actor.Scope.Covers(found.Path))
        {
            throw new ForbiddenException($"{found.Name}不在您的管辖范围内，不能查看其调解统计。");
        }

        return (found.Path, code, found.Name);
    }

    private sealed record Group(
        DisputeType Type, DisputeSource Source, MediationTier Tier, MediationTier? ResolvedTier, DisputeStatus Status, int Count, double Amount, int CrimeRisk, int MassRisk);
}

/// <summary>
/// The statistics of one unit and period. <see cref="Total"/> holds the headline figures (accepted, successful, success
/// rate, amounts, 民转刑 and mass petitions prevented); the breakdowns have the same columns.
/// </summary>
public sealed record StatisticsReport(
    string UnitCode, string UnitName, DateOnly From, DateOnly To, DateTimeOffset ComputedAt, StatisticsRow Total, int Failed, int Withdrawn, int ReferredOut,
    int Open, int Closed, double? AverageDays, int ResolvedAtCommunity, double? CommunityShare, IReadOnlyList<StatisticsRow> ByType,
    IReadOnlyList<StatisticsRow> BySource, IReadOnlyList<StatisticsRow> ByTier);

/// <summary>One line of the report: accepted, successful, success rate (0–1, null when none accepted), amounts, prevented escalations.</summary>
public sealed record StatisticsRow(
    string Key, string Name, int Accepted, int Resolved, double? SuccessRate, decimal Amount, decimal ResolvedAmount, int CrimePrevented, int MassPetitionPrevented);

public static class StatisticsNames
{
    public static string TierName(this MediationTier tier) => tier switch
    {
        MediationTier.VillageOrCommunity => "村（居）",
        MediationTier.TownshipOrStreet => "乡镇（街道）",
        MediationTier.Enterprise => "企业",
        MediationTier.Sector => "行业性专业性",
        _ => "县级矛调中心",
    };
}
