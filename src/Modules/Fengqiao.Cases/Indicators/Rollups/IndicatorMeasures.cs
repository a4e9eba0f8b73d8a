using System.Globalization;
using Fengqiao.Cases.Domain;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Fengqiao.Cases.Indicators.Rollups;

/// <summary>
/// The one definition of every count the indicators are made of, as SQL over <c>cases AS c</c>. The live computation,
/// the roll-up refresh and the rebuild all aggregate these same expressions, and stage durations are summed as whole
/// microseconds (integers add exactly), so a sum of roll-up rows equals the live aggregate to the last bit
/// (docs/indicators.md, ADR 0018). Column names match <see cref="CaseIndicatorDay"/> and <see cref="IndicatorTotals"/>.
/// </summary>
internal static class IndicatorMeasures
{
    public const double MicrosecondsPerHour = 3_600_000_000.0;

    private static readonly DateTimeOffsetToBinaryConverter SqliteInstant = new();

    /// <summary>Every measure: name, condition on one case, and for stage times the per-case value summed.</summary>
    public static IReadOnlyList<Measure> All { get; } = Build();

    public static string ColumnList => string.Join(", ", All.Select(m => $"\"{m.Name}\""));

    /// <summary>The aggregates over <c>cases AS c</c>, each as BIGINT named after its measure.</summary>
    public static string Aggregates(DatabaseProvider provider) =>
        string.Join(",\n    ", All.Select(m => $"{Aggregate(m, provider)} AS \"{m.Name}\""));

    /// <summary>Sums of roll-up rows <c>r</c>, each as BIGINT named after its measure.</summary>
    public static string RollupSums() =>
        string.Join(",\n    ", All.Select(m => $"CAST(COALESCE(SUM(r.\"{m.Name}\"), 0) AS BIGINT) AS \"{m.Name}\""));

    /// <summary>The Shanghai day of <c>c.ReportedAt</c> in the column type of <see cref="CaseIndicatorDay.Day"/>.</summary>
    public static string ChinaDay(DatabaseProvider provider) => provider == DatabaseProvider.PostgreSql
        ? "CAST(c.\"ReportedAt\" AT TIME ZONE 'Asia/Shanghai' AS date)"

        // EF's SQLite instant is (ticks / 1000) << 11 | offset minutes, stored in UTC; Shanghai has kept UTC+8 since 1991.
        : "date(((c.\"ReportedAt\" >> 11) / 10000) - 62135596800 + 28800, 'unixepoch')";

    /// <summary>An instant as the provider stores it, for a raw SQL parameter.</summary>
    public static object Instant(DatabaseProvider provider, DateTimeOffset value) =>
        provider == DatabaseProvider.PostgreSql ? value.ToUniversalTime() : SqliteInstant.ConvertToProvider(value.ToUniversalTime())!;

    private static string Aggregate(Measure m, DatabaseProvider provider) => m.Sum is null
        ? $"CAST(COUNT(CASE WHEN {m.Condition} THEN 1 END) AS BIGINT)"
        : $"CAST(COALESCE(SUM(CASE WHEN {m.Condition} THEN {m.Sum} END), 0) AS BIGINT)";

    /// <summary>A stored stage time of the case (NULL on a case not yet backfilled counts as 0).</summary>
    private static string Stored(string column) => $"COALESCE(c.\"{column}\", 0)";

    private static List<Measure> Build()
    {
        static string I(Enum value) => Convert.ToInt32(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        var active = $"c.\"Status\" <> {I(CaseStatus.Suspended)}";
        var closed = $"c.\"Status\" = {I(CaseStatus.Closed)}";
        var hotline = $"c.\"Channel\" = {I(CaseChannel.Hotline)}";
        const string filed = "c.\"FiledAt\" IS NOT NULL";

        // A nullable flag counts only when true: "= TRUE" reads a PostgreSQL boolean and SQLite's 0/1 (TRUE is 1 there).
        static string True(string column) => $"c.\"{column}\" = TRUE";
        return
        [
            new("Reported", "1 = 1"),
            new("Suspended", $"c.\"Status\" = {I(CaseStatus.Suspended)}"),
            new("Filed", $"{filed} AND {active}"),
            new("FiledOnTime", $"{True("FiledOnTime")} AND {active}"),
            new("Dispatched", $"c.\"FirstDispatchedAt\" IS NOT NULL AND {active}"),
            new("DispatchedAccurately", $"c.\"FirstDispatchedAt\" IS NOT NULL AND c.\"ReturnCount\" = 0 AND {active}"),
            new("Disposed", $"{filed} AND c.\"DisposedAt\" IS NOT NULL AND {active}"),
            new("DisposedOnTime", $"{filed} AND {True("DisposedOnTime")} AND {active}"),
            new("Closed", closed),
            new("ClosedOnTime", $"{closed} AND {True("ClosedOnTime")}"),
            new("Reworked", $"{filed} AND c.\"ReworkCount\" > 0 AND {active}"),
            new("Rated", "c.\"Rating\" IS NOT NULL"),
            new("Satisfied", "c.\"Rating\" >= 4"),
            new("HotlineReported", hotline),
            new("HotlineResponded", $"{hotline} AND ({filed} OR c.\"Status\" = {I(CaseStatus.Rejected)})"),
            new("HotlineFiled", $"{hotline} AND {filed} AND {active}"),
            new("HotlineClosed", $"{hotline} AND {closed}"),
            new("HotlineRated", $"{hotline} AND c.\"Rating\" IS NOT NULL"),
            new("HotlineSatisfied", $"{hotline} AND c.\"Rating\" >= 4"),
            new("ResolvedAtGrid", $"{closed} AND c.\"ResolvedLevel\" = {I(UnitLevel.Grid)}"),
            new("ResolvedAtCommunity", $"{closed} AND c.\"ResolvedLevel\" = {I(UnitLevel.Community)}"),
            new("ResolvedAtStreet", $"{closed} AND c.\"ResolvedLevel\" = {I(UnitLevel.Street)}"),
            new("ResolvedAtCountyOrAbove", $"{closed} AND c.\"ResolvedLevel\" <= {I(UnitLevel.County)}"),
            new("FilingCases", $"{active} AND {filed}"),

            // Stage times: the working microseconds each case stored as its stages ended (StageWorkingTime), not
            // timestamp differences, so the working calendar is applied once, when the stage ends.
            new("FilingWorkingMicroseconds", $"{active} AND {filed}", Stored("FilingWorkingMicroseconds")),
            new("DispatchCases", $"{active} AND {filed} AND c.\"FirstDispatchedAt\" IS NOT NULL"),
            new("DispatchWorkingMicroseconds", $"{active} AND {filed} AND c.\"FirstDispatchedAt\" IS NOT NULL", Stored("DispatchWorkingMicroseconds")),
            new("DisposalCases", $"{active} AND c.\"FirstDispatchedAt\" IS NOT NULL AND c.\"DisposedAt\" IS NOT NULL"),
            new("DisposalWorkingMicroseconds", $"{active} AND c.\"FirstDispatchedAt\" IS NOT NULL AND c.\"DisposedAt\" IS NOT NULL", Stored("DisposalWorkingMicroseconds")),
            new("VerificationCases", $"{closed} AND c.\"ClosedAt\" IS NOT NULL AND c.\"FirstDispatchedAt\" IS NOT NULL AND c.\"DisposedAt\" IS NOT NULL"),
            new("VerificationWorkingMicroseconds", $"{closed} AND c.\"ClosedAt\" IS NOT NULL AND c.\"FirstDispatchedAt\" IS NOT NULL AND c.\"DisposedAt\" IS NOT NULL", Stored("VerificationWorkingMicroseconds")),
            new("TotalCases", $"{closed} AND c.\"ClosedAt\" IS NOT NULL"),
            new("TotalWorkingMicroseconds", $"{closed} AND c.\"ClosedAt\" IS NOT NULL", $"{Stored("FilingWorkingMicroseconds")} + {Stored("DispatchWorkingMicroseconds")} + {Stored("DisposalWorkingMicroseconds")} + {Stored("VerificationWorkingMicroseconds")}"),
        ];
    }

    internal sealed record Measure(string Name, string Condition, string? Sum = null);
}

/// <summary>Raw SQL parameters in EF's <c>{0}</c> form.</summary>
internal sealed class SqlParameters
{
    public List<object> Values { get; } = [];

    public string Add(object value)
    {
        Values.Add(value);
        return "{" + (Values.Count - 1).ToString(CultureInfo.InvariantCulture) + "}";
    }
}

/// <summary>One row of measures (an aggregate over cases, or a sum of roll-up rows); names match the SQL aliases.</summary>
internal class IndicatorTotals
{
    public long Reported { get; set; }

    public long Suspended { get; set; }

    public long Filed { get; set; }

    public long FiledOnTime { get; set; }

    public long Dispatched { get; set; }

    public long DispatchedAccurately { get; set; }

    public long Disposed { get; set; }

    public long DisposedOnTime { get; set; }

    public long Closed { get; set; }

    public long ClosedOnTime { get; set; }

    public long Reworked { get; set; }

    public long Rated { get; set; }

    public long Satisfied { get; set; }

    public long HotlineReported { get; set; }

    public long HotlineResponded { get; set; }

    public long HotlineFiled { get; set; }

    public long HotlineClosed { get; set; }

    public long HotlineRated { get; set; }

    public long HotlineSatisfied { get; set; }

    public long ResolvedAtGrid { get; set; }

    public long ResolvedAtCommunity { get; set; }

    public long ResolvedAtStreet { get; set; }

    public long ResolvedAtCountyOrAbove { get; set; }

    public long FilingCases { get; set; }

    public long FilingWorkingMicroseconds { get; set; }

    public long DispatchCases { get; set; }

    public long DispatchWorkingMicroseconds { get; set; }

    public long DisposalCases { get; set; }

    public long DisposalWorkingMicroseconds { get; set; }

    public long VerificationCases { get; set; }

    public long VerificationWorkingMicroseconds { get; set; }

    public long TotalCases { get; set; }

    public long TotalWorkingMicroseconds { get; set; }

    /// <summary>Adds another row's measures (a clean-bucket sum and the live count of the dirty buckets).</summary>
    public IndicatorTotals Plus(IndicatorTotals other)
    {
        foreach (var property in typeof(IndicatorTotals).GetProperties())
        {
            property.SetValue(this, (long)property.GetValue(this)! + (long)property.GetValue(other)!);
        }

        return this;
    }

    /// <summary>Average working hours of a stage, null when no case completed it.</summary>
    public static double? Hours(long microseconds, long cases) =>
        cases == 0 ? null : microseconds / IndicatorMeasures.MicrosecondsPerHour / cases;
}
