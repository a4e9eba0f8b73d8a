using Fengqiao.Kernel.Calendar;
using static Fengqiao.Tests.Kernel.Calendar.CalendarTestData;

namespace Fengqiao.Tests.Kernel.Calendar;

/// <summary>WorkingCalendar.IsWorkingDay, PeriodsOf and IsWorkingInstant with the default hours and 2025/2026 holidays.</summary>
public class WorkingDayAndInstantTests
{
    [Theory]
    [InlineData("2025-11-26", true)]  // ordinary Wednesday
    [InlineData("2025-11-29", false)] // ordinary Saturday
    [InlineData("2025-11-30", false)] // ordinary Sunday
    [InlineData("2025-10-01", false)] // 国庆节
    [InlineData("2025-10-08", false)] // last day of 国庆节、中秋节 2025 (a Wednesday)
    [InlineData("2025-09-28", true)]  // Sunday, 调休
    [InlineData("2025-10-11", true)]  // Saturday, 调休
    [InlineData("2026-01-02", false)] // 元旦 (a Friday)
    [InlineData("2026-01-04", true)]  // Sunday, 调休
    [InlineData("2026-02-14", true)]  // Saturday, 调休
    [InlineData("2026-02-15", false)] // first day of 春节 2026
    [InlineData("2026-02-23", false)] // last day of 春节 2026 (a Monday)
    [InlineData("2026-02-24", true)]
    [InlineData("2026-02-28", true)]  // Saturday, 调休
    [InlineData("2026-09-20", true)]  // Sunday, 调休
    [InlineData("2026-10-07", false)] // last day of 国庆节 2026
    [InlineData("2026-10-10", true)]  // Saturday, 调休
    [InlineData("2027-01-01", true)]  // no holidays imported for 2027: an ordinary Friday
    public void Working_days_follow_the_week_unless_the_statutory_calendar_says_otherwise(string date, bool working)
    {
        Assert.Equal(working, Standard.IsWorkingDay(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_working_day_has_the_morning_and_afternoon_periods_in_order()
    {
        var periods = Standard.PeriodsOf(new DateOnly(2026, 2, 28));

        Assert.Equal(
            [new WorkingPeriod(new TimeOnly(8, 30), new TimeOnly(12, 0)), new WorkingPeriod(new TimeOnly(13, 30), new TimeOnly(17, 30))],
            periods);
    }

    [Fact]
    public void A_holiday_has_no_working_periods()
    {
        Assert.Empty(Standard.PeriodsOf(new DateOnly(2025, 10, 6)));
    }

    [Fact]
    public void Covered_years_are_the_years_with_imported_holidays()
    {
        Assert.Equal([2025, 2026], Standard.CoveredYears.Order());
    }

    [Theory]
    [InlineData("2025-11-26 08:29", false)]
    [InlineData("2025-11-26 08:30", true)]  // a period includes its start
    [InlineData("2025-11-26 11:59", true)]
    [InlineData("2025-11-26 12:00", false)] // … and excludes its end
    [InlineData("2025-11-26 13:29", false)]
    [InlineData("2025-11-26 13:30", true)]
    [InlineData("2025-11-26 17:29", true)]
    [InlineData("2025-11-26 17:30", false)]
    [InlineData("2025-11-29 10:00", false)] // Saturday
    [InlineData("2025-10-09 10:00", true)]
    [InlineData("2025-10-08 10:00", false)] // holiday
    [InlineData("2025-09-28 10:00", true)]  // 调休 Sunday
    public void Working_instants_lie_inside_the_periods_of_a_working_day(string instant, bool working)
    {
        Assert.Equal(working, Standard.IsWorkingInstant(Local(instant)));
    }

    [Fact]
    public void A_utc_instant_is_judged_by_beijing_time()
    {
        // 01:00Z is 09:00 Beijing (working); 05:00Z is 13:00 Beijing (lunch).
        Assert.True(Standard.IsWorkingInstant(new DateTimeOffset(2025, 11, 26, 1, 0, 0, TimeSpan.Zero)));
        Assert.False(Standard.IsWorkingInstant(new DateTimeOffset(2025, 11, 26, 5, 0, 0, TimeSpan.Zero)));
    }
}
