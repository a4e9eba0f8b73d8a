using System.Globalization;
using System.Text;
using Fengqiao.Cases.Indicators.Rollups;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Time;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Indicators;

/// <summary>
/// 考核指标: 处置率, 按期处置率, 结案率, 按期结案率, 返工率, 准确派遣率, 按时立案率, 满意率, the hotline's three rates, average
/// time per stage and the share resolved at each tier (小事不出村) for a unit's subtree, a department or a person over a
/// period. A unit's subtree or a department is summed from daily roll-ups kept exact by dirty marks (ADR 0018); a
/// person's cases are counted live in the database. Definitions: docs/indicators.md.
/// </summary>
public sealed class IndicatorCalculator(FengqiaoDbContext db, ICurrentActor actor, TimeProvider time, IndicatorRollups rollups)
{
    /// <summary>Longest period one request may cover; a year keeps a street's query bounded.</summary>
    public const int MaxPeriodDays = 366;

    public Task<IndicatorReport> ComputeAsync(IndicatorQuery query, CancellationToken ct) => ComputeAsync(query, useRollups: true, ct);

    /// <summary>
    /// The report; a unit's subtree or department (no person) is summed from the daily roll-ups, with the buckets changed
    /// since their last refresh counted live (ADR 0018) — the same numbers as <paramref name="useRollups"/> false.
    /// </summary>
    internal async Task<IndicatorReport> ComputeAsync(IndicatorQuery query, bool useRollups, CancellationToken ct)
    {
        var (from, to) = Period(query);
        var scope = await ResolveScopeAsync(query, ct);
        var start = ChinaTime.At(from, TimeOnly.MinValue).ToUniversalTime();
        var end = ChinaTime.At(to, TimeOnly.MinValue).ToUniversalTime();

        // A unit scope is wholly within the caller's reach (checked above); without a unit only an unrestricted caller
        // may read the roll-ups, which carry no jurisdiction of their own. A person's cases are counted live.
        IndicatorTotals? totals = null;
        if (useRollups && scope.UserId is null && (scope.UnitPath is not null || actor.Scope.Unrestricted))
        {
            totals = await rollups.SumAsync(scope.UnitPath, scope.Department, from, to, ct);
        }

        var t = totals ?? await LiveAsync(scope, start, end, ct);
        int N(long value) => checked((int)value);

        // Filed cases that are not suspended are both 应处置 and 应结案.
        var due = N(t.Filed);
        var closed = N(t.Closed);
        return new IndicatorReport(
            scope.Description, scope.Name, from, to, time.GetUtcNow(), N(t.Reported), N(t.Suspended),
            Ratio.Of(N(t.FiledOnTime), N(t.Filed)),
            Ratio.Of(N(t.DispatchedAccurately), N(t.Dispatched)),
            Ratio.Of(N(t.Disposed), due),
            Ratio.Of(N(t.DisposedOnTime), due),
            Ratio.Of(closed, due),
            Ratio.Of(N(t.ClosedOnTime), due),
            Ratio.Of(N(t.Reworked), due),
            Ratio.Of(N(t.Satisfied), N(t.Rated)),
            new HotlineRates(
                N(t.HotlineReported),
                Ratio.Of(N(t.HotlineResponded), N(t.HotlineReported)),
                Ratio.Of(N(t.HotlineClosed), N(t.HotlineFiled)),
                Ratio.Of(N(t.HotlineSatisfied), N(t.HotlineRated))),
            [
                new StageTime("filing", "立案", N(t.FilingCases), IndicatorTotals.Hours(t.FilingWorkingMicroseconds, t.FilingCases)),
                new StageTime("dispatch", "派遣", N(t.DispatchCases), IndicatorTotals.Hours(t.DispatchWorkingMicroseconds, t.DispatchCases)),
                new StageTime("disposal", "处置", N(t.DisposalCases), IndicatorTotals.Hours(t.DisposalWorkingMicroseconds, t.DisposalCases)),
                new StageTime("verification", "核查", N(t.VerificationCases), IndicatorTotals.Hours(t.VerificationWorkingMicroseconds, t.VerificationCases)),
                new StageTime("total", "全流程", N(t.TotalCases), IndicatorTotals.Hours(t.TotalWorkingMicroseconds, t.TotalCases)),
            ],
            [
                new TierShare(UnitLevel.Grid, "网格", Ratio.Of(N(t.ResolvedAtGrid), closed)),
                new TierShare(UnitLevel.Community, "社区", Ratio.Of(N(t.ResolvedAtCommunity), closed)),
                new TierShare(UnitLevel.Street, "街道", Ratio.Of(N(t.ResolvedAtStreet), closed)),
                new TierShare(UnitLevel.County, "区县", Ratio.Of(N(t.ResolvedAtCountyOrAbove), closed)),
            ],
            Ratio.Of(N(t.ResolvedAtGrid) + N(t.ResolvedAtCommunity), closed));
    }

    private static (DateOnly From, DateOnly To) Period(IndicatorQuery query)
    {
        if (query.From is not { } from || query.To is not { } to)
        {
            throw new ValidationFailedException("from", "请填写统计起止日期（from、to，格式 2026-11-01）。");
        }

        if (to <= from)
        {
            throw new ValidationFailedException("to", "结束日期须晚于开始日期（统计区间为 [from, to)）。");
        }

        if (to.DayNumber - from.DayNumber > MaxPeriodDays)
        {
            throw new ValidationFailedException("to", $"统计区间最长 {MaxPeriodDays} 天。");
        }

        return (from, to);
    }

    private async Task<Scope> ResolveScopeAsync(IndicatorQuery query, CancellationToken ct)
    {
        string? unitPath = null, unitName = null, department = null, departmentName = null, userName = null;
        Guid? userId = null;
        if (string.IsNullOrWhiteSpace(query.Unit) && string.IsNullOrWhiteSpace(query.Department) && string.IsNullOrWhiteSpace(query.User))
        {
            throw new ValidationFailedException("unit", "请指定统计对象：单位（unit）、部门（department）或人员（user）。");
        }

        if (!string.IsNullOrWhiteSpace(query.User) && !string.IsNullOrWhiteSpace(query.Department))
        {
            throw new ValidationFailedException("user", "人员和部门不能同时指定。");
        }

        if (!string.IsNullOrWhiteSpace(query.Unit))
        {
            var code = query.Unit.Trim();

            // Units are read unfiltered so that a unit outside the caller's reach is refused (403) rather than unknown.
            var unit = await db.Units.IgnoreQueryFilters().AsNoTracking().Where(u => u.Code == code)
                .Select(u => new { u.Path, u.Name }).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("单位");
            if (!actor.Scope.Covers(unit.Path))
            {
                throw new ForbiddenException($"{unit.Name}不在您的管辖范围内，不能查看其考核指标。");
            }

            (unitPath, unitName) = (unit.Path, unit.Name);
        }

        if (!string.IsNullOrWhiteSpace(query.Department))
        {
            var code = query.Department.Trim();
            departmentName = await db.Departments.AsNoTracking().Where(d => d.Code == code).Select(d => d.Name).SingleOrDefaultAsync(ct)
                ?? throw new NotFoundException("部门");
            department = code;
        }

        if (!string.IsNullOrWhiteSpace(query.User))
        {
            var name = query.User.Trim();
            var normalised = name.ToUpperInvariant();
            var user = Guid.TryParse(name, out var id)
                ? await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new { u.Id, u.DisplayName }).SingleOrDefaultAsync(ct)
                : await db.Users.AsNoTracking().Where(u => u.NormalizedUserName == normalised).Select(u => new { u.Id, u.DisplayName }).SingleOrDefaultAsync(ct);
            (userId, userName) = user is null ? throw new NotFoundException("人员") : (user.Id, user.DisplayName);
        }

        var parts = new[] { unitName, departmentName, userName }.Where(p => p is not null);
        var description = string.Join(
            ';',
            new[] { query.Unit is null ? null : "unit=" + query.Unit.Trim(), department is null ? null : "department=" + department, userId is null ? null : "user=" + userId }
                .Where(p => p is not null));
        return new Scope(unitPath, department, userId, description, string.Join(" · ", parts));
    }

    /// <summary>
    /// Every measure counted live over the cohort (the cases reported in the period within the scope) with the same SQL
    /// the roll-ups are made of (<see cref="IndicatorMeasures"/>); the caller's jurisdiction is spelled out as the
    /// DbContext's filter would apply it.
    /// </summary>
    private async Task<IndicatorTotals> LiveAsync(Scope scope, DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        var provider = db.Provider;
        var p = new SqlParameters();
        var where = new StringBuilder(
            $"c.\"ReportedAt\" >= {p.Add(IndicatorMeasures.Instant(provider, start))} AND c.\"ReportedAt\" < {p.Add(IndicatorMeasures.Instant(provider, end))}");
        if (scope.UnitPath is { } path)
        {
            // Unit paths hold digits and slashes only, so LIKE needs no escaping.
            where.Append(CultureInfo.InvariantCulture, $" AND c.\"UnitPath\" LIKE {p.Add(path + "%")}");
        }
        else if (!actor.Scope.Unrestricted)
        {
            // The same reach as the DbContext's filter for department-assigned records.
            var reach = actor.Scope.UnitPaths.Select(u => $"c.\"UnitPath\" LIKE {p.Add(u + "%")}")
                .Concat(actor.Scope.DepartmentKeys.Select(k => $"(c.\"AssignedDepartmentCode\" IS NOT NULL AND (c.\"AssignedDepartmentCode\" || ':' || c.\"UnitPath\") LIKE {p.Add(k + "%")})"))
                .ToList();
            where.Append(reach.Count == 0 ? " AND 1 = 0" : $" AND ({string.Join(" OR ", reach)})");
        }

        if (scope.Department is { } department)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND c.\"AssignedDepartmentCode\" = {p.Add(department)}");
        }

        if (scope.UserId is { } user)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND (c.\"AcceptedByUserId\" = {p.Add(user)} OR c.\"DisposedByUserId\" = {p.Add(user)})");
        }

        var sql = $"SELECT {IndicatorMeasures.Aggregates(provider)}\nFROM cases AS c\nWHERE {where}";
        return (await db.Database.SqlQueryRaw<IndicatorTotals>(sql, [.. p.Values]).ToListAsync(ct)).Single();
    }

    private sealed record Scope(string? UnitPath, string? Department, Guid? UserId, string Description, string Name);
}
