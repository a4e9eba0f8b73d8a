namespace Fengqiao.Kernel.Calendar;

/// <summary>
/// The statutory holidays and adjusted working days (调休) of 2025 and 2026, transcribed block by block from the
/// State Council General Office's notices of 2024-11-12 (国办发明电〔2024〕12号) and 2025-11-04. Later years are
/// imported as data with <c>fengqiao calendar import</c>; nothing here is consulted once a year is imported.
/// </summary>
public static class StatutoryHolidaySeed
{
    private static readonly HolidayBlock[] Blocks =
    [
        new("元旦", D(2025, 1, 1), D(2025, 1, 1)),
        new("春节", D(2025, 1, 28), D(2025, 2, 4), D(2025, 1, 26), D(2025, 2, 8)),
        new("清明节", D(2025, 4, 4), D(2025, 4, 6)),
        new("劳动节", D(2025, 5, 1), D(2025, 5, 5), D(2025, 4, 27)),
        new("端午节", D(2025, 5, 31), D(2025, 6, 2)),
        new("国庆节、中秋节", D(2025, 10, 1), D(2025, 10, 8), D(2025, 9, 28), D(2025, 10, 11)),

        new("元旦", D(2026, 1, 1), D(2026, 1, 3), D(2026, 1, 4)),
        new("春节", D(2026, 2, 15), D(2026, 2, 23), D(2026, 2, 14), D(2026, 2, 28)),
        new("清明节", D(2026, 4, 4), D(2026, 4, 6)),
        new("劳动节", D(2026, 5, 1), D(2026, 5, 5), D(2026, 5, 9)),
        new("端午节", D(2026, 6, 19), D(2026, 6, 21)),
        new("中秋节", D(2026, 9, 25), D(2026, 9, 27)),
        new("国庆节", D(2026, 10, 1), D(2026, 10, 7), D(2026, 9, 20), D(2026, 10, 10)),
    ];

    public static IReadOnlyList<int> Years { get; } = [2025, 2026];

    public static IEnumerable<CalendarDay> Days()
    {
        foreach (var block in Blocks)
        {
            for (var date = block.First; date <= block.Last; date = date.AddDays(1))
            {
                yield return new CalendarDay(date, CalendarDayKind.Holiday, block.Name);
            }

            foreach (var workday in block.AdjustedWorkdays)
            {
                yield return new CalendarDay(workday, CalendarDayKind.Workday, block.Name);
            }
        }
    }

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private sealed record HolidayBlock(string Name, DateOnly First, DateOnly Last, params DateOnly[] AdjustedWorkdays);
}
