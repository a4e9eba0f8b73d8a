using System.Globalization;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Time;

namespace Fengqiao.Cases.Indicators;

/// <summary>
/// 统计周期: a named period (本月, 上月, 本季度, 上季度, 本年) or explicit dates, read as Asia/Shanghai days. Dates arrive as
/// text so that a malformed one is answered with a readable reason rather than a binding error.
/// </summary>
public static class IndicatorPeriods
{
    public const string ThisMonth = "this-month";
    public const string LastMonth = "last-month";
    public const string ThisQuarter = "this-quarter";
    public const string LastQuarter = "last-quarter";
    public const string ThisYear = "this-year";

    public static IReadOnlyList<string> Names { get; } = [ThisMonth, LastMonth, ThisQuarter, LastQuarter, ThisYear];

    /// <summary>The half-open [from, to) of a named period containing <paramref name="today"/> (Shanghai date).</summary>
    public static (DateOnly From, DateOnly To) Of(string name, DateOnly today)
    {
        var month = new DateOnly(today.Year, today.Month, 1);
        var quarter = new DateOnly(today.Year, ((today.Month - 1) / 3 * 3) + 1, 1);
        return name.Trim().ToLowerInvariant() switch
        {
            ThisMonth => (month, month.AddMonths(1)),
            LastMonth => (month.AddMonths(-1), month),
            ThisQuarter => (quarter, quarter.AddMonths(3)),
            LastQuarter => (quarter.AddMonths(-3), quarter),
            ThisYear => (new DateOnly(today.Year, 1, 1), new DateOnly(today.Year + 1, 1, 1)),
            _ => throw new ValidationFailedException("period", $"统计周期“{name.Trim()}”无效，可选：{string.Join("、", Names)}，或用 from、to 指定日期。"),
        };
    }

    /// <summary>
    /// Builds the query from request text: either <paramref name="period"/> or <paramref name="from"/> and
    /// <paramref name="to"/> (yyyy-MM-dd). The calculator checks the range itself (to after from, at most a year).
    /// </summary>
    public static IndicatorQuery Parse(string? unit, string? department, string? user, string? from, string? to, string? period, TimeProvider time)
    {
        if (!string.IsNullOrWhiteSpace(period))
        {
            if (!string.IsNullOrWhiteSpace(from) || !string.IsNullOrWhiteSpace(to))
            {
                throw new ValidationFailedException("period", "统计周期（period）和起止日期（from、to）只能指定一种。");
            }

            var (start, end) = Of(period, DateOnly.FromDateTime(ChinaTime.ToLocal(time.GetUtcNow()).DateTime));
            return new IndicatorQuery(unit, department, user, start, end);
        }

        return new IndicatorQuery(unit, department, user, Date("from", from), Date("to", to));
    }

    private static DateOnly? Date(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ValidationFailedException(field, $"日期“{text.Trim()}”无效，格式应为 2026-11-01。");
    }
}
