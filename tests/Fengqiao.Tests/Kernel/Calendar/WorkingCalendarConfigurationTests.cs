using Fengqiao.Kernel.Calendar;
using static Fengqiao.Tests.Kernel.Calendar.CalendarTestData;

namespace Fengqiao.Tests.Kernel.Calendar;

/// <summary>Building a WorkingCalendar from WorkingTimeOptions: what is refused and what other hours mean.</summary>
public class WorkingCalendarConfigurationTests
{
    private static WorkingCalendar Build(WorkingTimeOptions options) => WorkingCalendar.FromOptions(options, StatutoryHolidaySeed.Days());

    [Fact]
    public void The_default_options_are_half_past_eight_to_noon_and_half_past_one_to_half_past_five_with_saturday_and_sunday_off()
    {
        var options = new WorkingTimeOptions();

        Assert.Equal(["08:30-12:00", "13:30-17:30"], options.Periods);
        Assert.Equal([DayOfWeek.Saturday, DayOfWeek.Sunday], options.Weekend);
        Assert.Empty(options.DayOverrides);
    }

    [Fact]
    public void Overlapping_periods_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Build(new WorkingTimeOptions { Periods = ["08:30-12:00", "11:30-17:30"] }));
    }

    [Fact]
    public void A_period_inside_another_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Build(new WorkingTimeOptions { Periods = ["13:00-14:00", "08:00-18:00", "15:00-16:00"] }));
    }

    [Fact]
    public void A_calendar_without_periods_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Build(new WorkingTimeOptions { Periods = [] }));
    }

    [Fact]
    public void Overlapping_periods_in_a_day_override_are_refused()
    {
        var options = new WorkingTimeOptions { DayOverrides = { [DayOfWeek.Friday] = ["08:30-12:00", "11:00-16:00"] } };

        Assert.Throws<ArgumentException>(() => Build(options));
    }

    [Fact]
    public void A_day_override_without_periods_is_refused()
    {
        var options = new WorkingTimeOptions { DayOverrides = { [DayOfWeek.Friday] = [] } };

        Assert.Throws<ArgumentException>(() => Build(options));
    }

    [Theory]
    [InlineData("12:00-08:30")]
    [InlineData("08:30-08:30")]
    [InlineData("08:30")]
    [InlineData("morning")]
    public void A_malformed_or_empty_period_is_refused(string period)
    {
        Assert.Throws<FormatException>(() => Build(new WorkingTimeOptions { Periods = [period] }));
    }

    [Fact]
    public void Periods_given_out_of_order_are_used_in_time_order()
    {
        var calendar = Build(new WorkingTimeOptions { Periods = ["13:30-17:30", "08:30-12:00"] });

        AssertLocal("2025-11-26 14:30", calendar.AddWorkingTime(Local("2025-11-26 11:00"), TimeSpan.FromHours(2)));
        AssertLocal("2025-11-27 17:30", calendar.AddWorkingDays(Local("2025-11-26 11:00"), 1));
    }

    [Fact]
    public void Touching_periods_leave_no_lunch_break()
    {
        var calendar = Build(new WorkingTimeOptions { Periods = ["08:30-12:00", "12:00-17:30"] });

        AssertLocal("2025-11-26 13:00", calendar.AddWorkingTime(Local("2025-11-26 11:00"), TimeSpan.FromHours(2)));
    }

    [Fact]
    public void A_shorter_friday_afternoon_ends_friday_deadlines_earlier()
    {
        var calendar = Build(new WorkingTimeOptions { DayOverrides = { [DayOfWeek.Friday] = ["08:30-12:00", "13:30-16:30"] } });

        // Friday 15:00–16:30 is 1.5 h; 2.5 h from Monday 08:30.
        AssertLocal("2025-12-01 11:00", calendar.AddWorkingTime(Local("2025-11-28 15:00"), TimeSpan.FromHours(4)));
        AssertLocal("2025-11-28 16:30", calendar.AddWorkingDays(Local("2025-11-27 10:00"), 1));
        Assert.Equal(TimeSpan.FromHours(6.5), calendar.WorkingTimeBetween(Local("2025-11-28 00:00"), Local("2025-11-29 00:00")));
    }

    [Fact]
    public void A_one_day_weekend_makes_saturday_a_working_day()
    {
        var calendar = Build(new WorkingTimeOptions { Weekend = [DayOfWeek.Sunday] });

        Assert.True(calendar.IsWorkingDay(new DateOnly(2025, 11, 29)));
        AssertLocal("2025-11-29 17:30", calendar.AddWorkingDays(Local("2025-11-28 10:00"), 1));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2025, 10, 4))); // a holiday stays a holiday
    }

    [Fact]
    public void Without_holidays_the_ordinary_week_applies_to_every_year()
    {
        var calendar = WorkingCalendar.FromOptions(new WorkingTimeOptions(), []);

        Assert.Empty(calendar.CoveredYears);
        Assert.True(calendar.IsWorkingDay(new DateOnly(2025, 10, 1)));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2025, 9, 28)));
    }

    [Fact]
    public void A_calendar_in_which_no_day_is_working_refuses_to_compute_a_deadline()
    {
        DayOfWeek[] everyDay = [.. Enum.GetValues<DayOfWeek>()];
        var calendar = WorkingCalendar.FromOptions(new WorkingTimeOptions { Weekend = [.. everyDay] }, []);

        Assert.Throws<InvalidOperationException>(() => calendar.AddWorkingTime(Local("2025-11-26 10:00"), TimeSpan.FromHours(1)));
        Assert.Throws<InvalidOperationException>(() => calendar.AddWorkingDays(Local("2025-11-26 10:00"), 1));
    }
}
