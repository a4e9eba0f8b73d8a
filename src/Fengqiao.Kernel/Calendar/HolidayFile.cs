using System.Globalization;

namespace Fengqiao.Kernel.Calendar;

/// <summary>
/// Reads the holiday file format "date,kind,name" (kind = holiday | workday), as published in shared/data/calendar.
/// Every problem is reported with its line number; nothing is returned unless the whole file is valid.
/// </summary>
public static class HolidayFile
{
    public const int MaxBytes = 1024 * 1024;

    public static HolidayFileResult Parse(TextReader reader)
    {
        var days = new List<CalendarDay>();
        var errors = new List<string>();
        var seen = new HashSet<DateOnly>();
        var lineNumber = 0;
        var headerAllowed = true;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            line = line.Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split(',', StringSplitOptions.TrimEntries);
            var isHeader = headerAllowed && fields[0].Equals("date", StringComparison.OrdinalIgnoreCase);
            headerAllowed = false;
            if (isHeader)
            {
                continue;
            }

            if (fields.Length != 3)
            {
                errors.Add($"第 {lineNumber} 行：应有三列 date,kind,name，实际为 {fields.Length} 列：“{line}”。");
                continue;
            }

            if (!DateOnly.TryParseExact(fields[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                errors.Add($"第 {lineNumber} 行：日期“{fields[0]}”不是 yyyy-MM-dd 格式。");
                continue;
            }

            CalendarDayKind kind;
            switch (fields[1].ToLowerInvariant())
            {
                case "holiday":
                    kind = CalendarDayKind.Holiday;
                    break;
                case "workday":
                    kind = CalendarDayKind.Workday;
                    break;
                default:
                    errors.Add($"第 {lineNumber} 行：类型“{fields[1]}”应为 holiday（放假）或 workday（调休上班）。");
                    continue;
            }

            var name = fields[2].Trim('"');
            if (name.Length is 0 or > 50)
            {
                errors.Add($"第 {lineNumber} 行：节日名称不能为空且不超过 50 字。");
                continue;
            }

            if (kind == CalendarDayKind.Workday && date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                errors.Add($"第 {lineNumber} 行：{date:yyyy-MM-dd} 是{ChineseDayOfWeek(date.DayOfWeek)}，调休上班日应为周末。");
                continue;
            }

            if (!seen.Add(date))
            {
                errors.Add($"第 {lineNumber} 行：日期 {date:yyyy-MM-dd} 重复出现。");
                continue;
            }

            days.Add(new CalendarDay(date, kind, name));
        }

        if (days.Count == 0 && errors.Count == 0)
        {
            errors.Add("文件中没有任何日期。");
        }

        return errors.Count == 0 ? new HolidayFileResult(days, []) : new HolidayFileResult([], errors);
    }

    private static string ChineseDayOfWeek(DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => "星期一",
        DayOfWeek.Tuesday => "星期二",
        DayOfWeek.Wednesday => "星期三",
        DayOfWeek.Thursday => "星期四",
        DayOfWeek.Friday => "星期五",
        DayOfWeek.Saturday => "星期六",
        _ => "星期日",
    };
}

public sealed record HolidayFileResult(IReadOnlyList<CalendarDay> Days, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0;

    public IReadOnlyList<int> Years => [.. Days.Select(d => d.Date.Year).Distinct().Order()];
}
