using System.Globalization;
using System.Text;
using Fengqiao.Cases.Domain;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Time;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Fengqiao.Cases.Indicators;

/// <summary>
/// 考核指标: 处置率, 按期处置率, 结案率, 按期结案率, 返工率, 准确派遣率, 按时立案率, 满意率, the hotline's three rates, average
/// time per stage and the share resolved at each tier (小事不出村) for a unit's subtree, a department or a person over a
/// period. Everything is counted in the database (conditional counts, one GROUP BY), filtered first by unit path prefix
/// and report time so that a street with a million cases stays an index range scan. Definitions: docs/indicators.md.
/// </summary>
public sealed class IndicatorCalculator(FengqiaoDbContext db, ICurrentActor actor, TimeProvider time)
{
    /// <summary>Longest period one request may cover; a year keeps a street's query bounded.</summary>
    public const int MaxPeriodDays = 366;

    /// <summary>
    /// EF's SQLite encoding of an instant: (ticks / 1000) &lt;&lt; 11 | offset minutes, all instants stored in UTC; written
    /// with a decimal point so that SQLite divides in floating point.
    /// </summary>
    private const double SqliteUnitsPerHour = 2048.0 * 36_000_000.0;

    private static readonly DateTimeOffsetToBinaryConverter SqliteInstant = new();

    public async Task<IndicatorReport> ComputeAsync(IndicatorQuery query, CancellationToken ct)
    {
        var (from, to) = Period(query);
        var scope = await ResolveScopeAsync(query, ct);
        var start = ChinaTime.At(from, TimeOnly.MinValue).ToUniversalTime();
        var end = ChinaTime.At(to, TimeOnly.MinValue).ToUniversalTime();

        var cohort = Cohort(scope, start, end);
        var counts = await cohort
            .GroupBy(_ => 1)
            .Select(g => new Counts
            {
                Reported = g.Count(),
                Suspended = g.Count(c => c.Status == CaseStatus.Suspended),
                Filed = g.Count(c => c.FiledAt != null && c.Status != CaseStatus.Suspended),
                FiledOnTime = g.Count(c => c.FiledOnTime == true && c.Status != CaseStatus.Suspended),
                Dispatched = g.Count(c => c.FirstDispatchedAt != null && c.Status != CaseStatus.Suspended),
                DispatchedAccurately = g.Count(c => c.FirstDispatchedAt != null && c.ReturnCount == 0 && c.Status != CaseStatus.Suspended),
                Disposed = g.Count(c => c.FiledAt != null && c.DisposedAt != null && c.Status != CaseStatus.Suspended),
                DisposedOnTime = g.Count(c => c.FiledAt != null && c.DisposedOnTime == true && c.Status != CaseStatus.Suspended),
                Closed = g.Count(c => c.Status == CaseStatus.Closed),
                ClosedOnTime = g.Count(c => c.Status == CaseStatus.Closed && c.ClosedOnTime == true),
                Reworked = g.Count(c => c.FiledAt != null && c.ReworkCount > 0 && c.Status != CaseStatus.Suspended),
                Rated = g.Count(c => c.Rating != null),
                Satisfied = g.Count(c => c.Rating >= 4),
                HotlineReported = g.Count(c => c.Channel == CaseChannel.Hotline),
                HotlineResponded = g.Count(c => c.Channel == CaseChannel.Hotline && (c.FiledAt != null || c.Status == CaseStatus.Rejected)),
                HotlineFiled = g.Count(c => c.Channel == CaseChannel.Hotline && c.FiledAt != null && c.Status != CaseStatus.Suspended),
                HotlineClosed = g.Count(c => c.Channel == CaseChannel.Hotline && c.Status == CaseStatus.Closed),
                HotlineRated = g.Count(c => c.Channel == CaseChannel.Hotline && c.Rating != null),
                HotlineSatisfied = g.Count(c => c.Channel == CaseChannel.Hotline && c.Rating >= 4),
            })
            .SingleOrDefaultAsync(ct) ?? new Counts();

        var byTier = await cohort
            .Where(c => c.Status == CaseStatus.Closed && c.ResolvedLevel != null)
            .GroupBy(c => c.ResolvedLevel)
            .Select(g => new { Level = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var tierCount = byTier.ToDictionary(t => t.Level!.Value, t => t.Count);
        int At(UnitLevel level) => tierCount.GetValueOrDefault(level);

        var stages = await StageTimesAsync(scope, start, end, ct);

        // Filed cases that are not suspended are both 应处置 and 应结案.
        var due = counts.Filed;
        return new IndicatorReport(
            scope.Description, scope.Name, from, to, time.GetUtcNow(), counts.Reported, counts.Suspended,
            Ratio.Of(counts.FiledOnTime, counts.Filed),
            Ratio.Of(counts.DispatchedAccurately, counts.Dispatched),
            Ratio.Of(counts.Disposed, due),
            Ratio.Of(counts.DisposedOnTime, due),
            Ratio.Of(counts.Closed, due),
            Ratio.Of(counts.ClosedOnTime, due),
            Ratio.Of(counts.Reworked, due),
            Ratio.Of(counts.Satisfied, counts.Rated),
            new HotlineRates(
                counts.HotlineReported,
                Ratio.Of(counts.HotlineResponded, counts.HotlineReported),
                Ratio.Of(counts.HotlineClosed, counts.HotlineFiled),
                Ratio.Of(counts.HotlineSatisfied, counts.HotlineRated)),
            [
                new StageTime("filing", "立案", (int)stages.FilingCases, stages.FilingHours),
                new StageTime("dispatch", "派遣", (int)stages.DispatchCases, stages.DispatchHours),
                new StageTime("disposal", "处置", (int)stages.DisposalCases, stages.DisposalHours),
                new StageTime("verification", "核查", (int)stages.VerificationCases, stages.VerificationHours),
                new StageTime("total", "全流程", (int)stages.TotalCases, stages.TotalHours),
            ],
            [
                new TierShare(UnitLevel.Grid, "网格", Ratio.Of(At(UnitLevel.Grid), counts.Closed)),
                new TierShare(UnitLevel.Community, "社区", Ratio.Of(At(UnitLevel.Community), counts.Closed)),
                new TierShare(UnitLevel.Street, "街道", Ratio.Of(At(UnitLevel.Street), counts.Closed)),
                new TierShare(UnitLevel.County, "区县", Ratio.Of(tierCount.Where(t => t.Key <= UnitLevel.County).Sum(t => t.Value), counts.Closed)),
            ],
            Ratio.Of(At(UnitLevel.Grid) + At(UnitLevel.Community), counts.Closed));
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

    /// <summary>The cases reported in the period within the scope; the DbContext adds the caller's jurisdiction.</summary>
    private IQueryable<Case> Cohort(Scope scope, DateTimeOffset start, DateTimeOffset end)
    {
        var cases = db.Set<Case>().AsNoTracking().Where(c => c.ReportedAt >= start && c.ReportedAt < end);
        if (scope.UnitPath is { } path)
        {
            cases = cases.Where(c => c.UnitPath.StartsWith(path));
        }

        if (scope.Department is { } department)
        {
            cases = cases.Where(c => c.AssignedDepartmentCode == department);
        }

        if (scope.UserId is { } user)
        {
            cases = cases.Where(c => c.AcceptedByUserId == user || c.DisposedByUserId == user);
        }

        return cases;
    }

    /// <summary>
    /// Average calendar hours per stage, from the case's own timestamps. Instant arithmetic has no LINQ translation on
    /// SQLite (instants are stored as 64-bit integers), so this one aggregate is SQL written for each provider, with the
    /// same scope and the caller's jurisdiction spelled out.
    /// </summary>
    private async Task<StageSums> StageTimesAsync(Scope scope, DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        var postgres = db.Provider == DatabaseProvider.PostgreSql;
        var parameters = new List<object>();
        string P(object value)
        {
            parameters.Add(value);
            return "{" + (parameters.Count - 1).ToString(CultureInfo.InvariantCulture) + "}";
        }

        object Instant(DateTimeOffset value) => postgres ? value : SqliteInstant.ConvertToProvider(value)!;
        string Hours(string later, string earlier) => postgres
            ? $"EXTRACT(EPOCH FROM (c.\"{later}\" - c.\"{earlier}\")) / 3600.0"
            : $"(c.\"{later}\" - c.\"{earlier}\") / {SqliteUnitsPerHour.ToString("F1", CultureInfo.InvariantCulture)}";
        string Avg(string condition, string later, string earlier) => postgres
            ? $"CAST(AVG(CASE WHEN {condition} THEN {Hours(later, earlier)} END) AS double precision)"
            : $"AVG(CASE WHEN {condition} THEN {Hours(later, earlier)} END)";
        string Count(string condition) => $"COUNT(CASE WHEN {condition} THEN 1 END)";

        var where = new StringBuilder($"c.\"ReportedAt\" >= {P(Instant(start))} AND c.\"ReportedAt\" < {P(Instant(end))} AND c.\"Status\" <> {(int)CaseStatus.Suspended}");
        if (scope.UnitPath is { } path)
        {
            // Unit paths hold digits and slashes only, so LIKE needs no escaping.
            where.Append($" AND c.\"UnitPath\" LIKE {P(path + "%")}");
        }
        else if (!actor.Scope.Unrestricted)
        {
            // The same reach as the DbContext's filter for department-assigned records.
            var reach = actor.Scope.UnitPaths.Select(p => $"c.\"UnitPath\" LIKE {P(p + "%")}")
                .Concat(actor.Scope.DepartmentKeys.Select(k => $"(c.\"AssignedDepartmentCode\" IS NOT NULL AND (c.\"AssignedDepartmentCode\" || ':' || c.\"UnitPath\") LIKE {P(k + "%")})"))
                .ToList();
            where.Append(reach.Count == 0 ? " AND 1 = 0" : $" AND ({string.Join(" OR ", reach)})");
        }

        if (scope.Department is { } department)
        {
            where.Append($" AND c.\"AssignedDepartmentCode\" = {P(department)}");
        }

        if (scope.UserId is { } user)
        {
            where.Append($" AND (c.\"AcceptedByUserId\" = {P(user)} OR c.\"DisposedByUserId\" = {P(user)})");
        }

        const string filed = "c.\"FiledAt\" IS NOT NULL";
        const string dispatched = "c.\"FiledAt\" IS NOT NULL AND c.\"FirstDispatchedAt\" IS NOT NULL";
        const string disposed = "c.\"FirstDispatchedAt\" IS NOT NULL AND c.\"DisposedAt\" IS NOT NULL";
        var closed = $"c.\"Status\" = {(int)CaseStatus.Closed} AND c.\"ClosedAt\" IS NOT NULL";
        var verified = $"{closed} AND c.\"FirstDispatchedAt\" IS NOT NULL AND c.\"DisposedAt\" IS NOT NULL";
        var sql = $"""
            SELECT
                {Count(filed)} AS "FilingCases", {Avg(filed, "FiledAt", "ReportedAt")} AS "FilingHours",
                {Count(dispatched)} AS "DispatchCases", {Avg(dispatched, "FirstDispatchedAt", "FiledAt")} AS "DispatchHours",
                {Count(disposed)} AS "DisposalCases", {Avg(disposed, "DisposedAt", "FirstDispatchedAt")} AS "DisposalHours",
                {Count(verified)} AS "VerificationCases", {Avg(verified, "ClosedAt", "DisposedAt")} AS "VerificationHours",
                {Count(closed)} AS "TotalCases", {Avg(closed, "ClosedAt", "ReportedAt")} AS "TotalHours"
            FROM cases AS c
            WHERE {where}
            """;
        return (await db.Database.SqlQueryRaw<StageSums>(sql, [.. parameters]).ToListAsync(ct)).Single();
    }

    private sealed record Scope(string? UnitPath, string? Department, Guid? UserId, string Description, string Name);

    private sealed class Counts
    {
        public int Reported { get; init; }

        public int Suspended { get; init; }

        public int Filed { get; init; }

        public int FiledOnTime { get; init; }

        public int Dispatched { get; init; }

        public int DispatchedAccurately { get; init; }

        public int Disposed { get; init; }

        public int DisposedOnTime { get; init; }

        public int Closed { get; init; }

        public int ClosedOnTime { get; init; }

        public int Reworked { get; init; }

        public int Rated { get; init; }

        public int Satisfied { get; init; }

        public int HotlineReported { get; init; }

        public int HotlineResponded { get; init; }

        public int HotlineFiled { get; init; }

        public int HotlineClosed { get; init; }

        public int HotlineRated { get; init; }

        public int HotlineSatisfied { get; init; }
    }

    /// <summary>Row of the stage-time aggregate; property names match the SQL column aliases.</summary>
    private sealed class StageSums
    {
        public long FilingCases { get; init; }

        public double? FilingHours { get; init; }

        public long DispatchCases { get; init; }

        public double? DispatchHours { get; init; }

        public long DisposalCases { get; init; }

        public double? DisposalHours { get; init; }

        public long VerificationCases { get; init; }

        public double? VerificationHours { get; init; }

        public long TotalCases { get; init; }

        public double? TotalHours { get; init; }
    }
}
