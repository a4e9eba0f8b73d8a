using System.Globalization;
using System.Text.RegularExpressions;
using Fengqiao.Kernel.Errors;

namespace Fengqiao.Mediation.Statistics;

/// <summary>
/// 统计周期 of the mediation statistics, as Asia/Shanghai days, half-open [from, to): a month (<c>2026-11</c>), a quarter
/// (<c>2026-Q4</c>), a year (<c>2026</c>), or explicit dates (<c>from</c>, <c>to</c>, yyyy-MM-dd). Dates arrive as text
/// so that a malformed one is answered with a readable reason.
/// </summary>
public static partial class StatisticsPeriod
{
    /// <summary>Longest range one request may cover.</summary>
    public const int MaxDays = 366;

    public static (DateOnly From, DateOnly To) Parse(string? period, string? from, string? to)
    {
        if (!string.IsNullOrWhiteSpace(period))
        {
            if (!string.IsNullOrWhiteSpace(from) || !string.IsNullOrWhiteSpace(to))
            {
                throw new ValidationFailedException("period", "统计周期（period）和起止日期（from、to）只能指定一种。");
            }

            return Named(period.Trim());
        }

        var start = Date("from", from) ?? throw new ValidationFailedException("from", "请填写统计起止日期（from、to，格式 2026-11-01；区间为 [from, to)），或用 period=2026-11 / 2026-Q4 / 2026。");
        var end = Date("to", to) ?? throw new ValidationFailedException("to", "请填写统计结束日期（to，格式 2026-12-01，不含当日）。");
        if (end <= start)
        {
            throw new ValidationFailedException("to", "结束日期须晚于开始日期（统计区间为 [from, to)）。");
        }

        if (end.DayNumber - start.DayNumber > MaxDays)
        {
            throw new ValidationFailedException("to", $"统计区间最长 {MaxDays} 天。");
        }

        return (start, end);
    }

    private static (DateOnly From, DateOnly To) Named(string text)
    {
        var match = PeriodPattern().Match(text);
        if (!match.Success || !int.TryParse(match.Groups["year"].Value, CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2100)
        {
            throw new ValidationFailedException("period", $"统计周期“{text}”无效：月份写作 2026-11，季度写作 2026-Q4，年度写作 2026。");
        }

        if (match.Groups["month"].Success)
        {
            var month = int.Parse(match.Groups["month"].Value, CultureInfo.InvariantCulture);
            if (month is < 1 or > 12)
            {
                throw new ValidationFailedException("period", $"统计周期“{text}”无效：月份应为 01–12。");
            }

            var first = new DateOnly(year, month, 1);
            return (first, first.AddMonths(1));
        }

        if (match.Groups["quarter"].Success)
        {
            var quarter = int.Parse(match.Groups["quarter"].Value, CultureInfo.InvariantCulture);
            var first = new DateOnly(year, ((quarter - 1) * 3) + 1, 1);
            return (first, first.AddMonths(3));
        }

        return (new DateOnly(year, 1, 1), new DateOnly(year + 1, 1, 1));
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

    [GeneratedRegex(@"^(?<year>\d{4})(-(?<month>\d{1,2})|-[Qq](?<quarter>[1-4]))?$")]
    private static partial Regex PeriodPattern();
}
