using Fengqiao.Kernel.Calendar;

namespace Fengqiao.Tests.Kernel.Calendar;

/// <summary>The built-in 2025/2026 calendar agrees with the published data file and with the State Council notices.</summary>
public class StatutoryHolidaySeedTests
{
    private const string SharedFile = "data/calendar/cn-holidays-2025-2026.csv";

    private static List<(DateOnly Date, CalendarDayKind Kind, string Name)> Rows(IEnumerable<CalendarDay> days) =>
        [.. days.Select(d => (d.Date, d.Kind, d.Name)).OrderBy(row => row.Date)];

    [Fact]
    public void The_built_in_seed_equals_the_shared_holiday_file()
    {
        using var reader = new StreamReader(SharedData.PathOf(SharedFile));
        var file = HolidayFile.Parse(reader);

        Assert.True(file.IsValid, string.Join(Environment.NewLine, file.Errors));
        Assert.Equal(Rows(file.Days), Rows(StatutoryHolidaySeed.Days()));
    }

    [Fact]
    public void The_seed_covers_exactly_2025_and_2026()
    {
        Assert.Equal([2025, 2026], StatutoryHolidaySeed.Years);
        Assert.Equal([2025, 2026], StatutoryHolidaySeed.Days().Select(d => d.Date.Year).Distinct().Order());
    }

    [Theory]
    [InlineData(2025, 28, 5)] // 1 + 8 + 3 + 5 + 3 + 8 holidays; 01-26, 02-08, 04-27, 09-28, 10-11 worked
    [InlineData(2026, 33, 6)] // 3 + 9 + 3 + 5 + 3 + 3 + 7 holidays; 01-04, 02-14, 02-28, 05-09, 09-20, 10-10 worked
    public void Each_year_has_the_number_of_holidays_and_adjusted_working_days_the_notice_gives(int year, int holidays, int workdays)
    {
        var days = StatutoryHolidaySeed.Days().Where(d => d.Date.Year == year).ToList();

        Assert.Equal(holidays, days.Count(d => d.Kind == CalendarDayKind.Holiday));
        Assert.Equal(workdays, days.Count(d => d.Kind == CalendarDayKind.Workday));
    }

    [Fact]
    public void No_date_appears_twice_and_every_adjusted_working_day_is_a_weekend_day()
    {
        var days = StatutoryHolidaySeed.Days().ToList();

        Assert.Equal(days.Count, days.Select(d => d.Date).Distinct().Count());
        Assert.All(
            days.Where(d => d.Kind == CalendarDayKind.Workday),
            d => Assert.True(d.Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday, $"{d.Date} is a {d.Date.DayOfWeek}"));
    }

    [Fact]
    public void National_day_2025_is_eight_days_named_for_both_festivals()
    {
        var block = StatutoryHolidaySeed.Days()
            .Where(d => d.Kind == CalendarDayKind.Holiday && d.Date >= new DateOnly(2025, 9, 1) && d.Date <= new DateOnly(2025, 10, 31))
            .ToList();

        Assert.Equal(new DateOnly(2025, 10, 1), block[0].Date);
        Assert.Equal(new DateOnly(2025, 10, 8), block[^1].Date);
        Assert.Equal(8, block.Count);
        Assert.All(block, d => Assert.Equal("国庆节、中秋节", d.Name));
    }
}
