using Fengqiao.Kernel.Calendar;
using static Fengqiao.Tests.Kernel.Calendar.CalendarTestData;

namespace Fengqiao.Tests.Kernel.Calendar;

/// <summary>WorkingCalendar.AddWorkingTime with default hours (08:30–12:00, 13:30–17:30) and the 2025/2026 holidays.</summary>
public class WorkingTimeAdditionTests
{
    [Fact]
    public void Two_working_hours_from_eleven_skip_the_lunch_break_and_end_at_half_past_two()
    {
        AssertLocal("2025-11-26 14:30", Standard.AddWorkingTime(Local("2025-11-26 11:00"), TimeSpan.FromHours(2)));
    }

    [Fact]
    public void Time_that_exactly_fills_the_morning_ends_at_noon_not_after_lunch()
    {
        AssertLocal("2025-11-26 12:00", Standard.AddWorkingTime(Local("2025-11-26 09:00"), TimeSpan.FromHours(3)));
    }

    [Fact]
    public void Time_that_exactly_fills_the_day_ends_at_closing_not_next_morning()
    {
        AssertLocal("2025-11-26 17:30", Standard.AddWorkingTime(Local("2025-11-26 08:30"), TimeSpan.FromHours(7.5)));
    }

    [Fact]
    public void A_minute_past_a_full_morning_is_the_first_minute_after_lunch()
    {
        AssertLocal("2025-11-26 13:31", Standard.AddWorkingTime(Local("2025-11-26 08:30"), TimeSpan.FromMinutes(211)));
    }

    [Fact]
    public void Time_reported_before_opening_counts_from_half_past_eight()
    {
        AssertLocal("2025-11-26 09:30", Standard.AddWorkingTime(Local("2025-11-26 07:00"), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Time_reported_during_lunch_counts_from_half_past_one()
    {
        AssertLocal("2025-11-26 14:30", Standard.AddWorkingTime(Local("2025-11-26 12:30"), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Time_reported_exactly_at_noon_counts_from_half_past_one()
    {
        AssertLocal("2025-11-26 14:00", Standard.AddWorkingTime(Local("2025-11-26 12:00"), TimeSpan.FromMinutes(30)));
    }

    [Fact]
    public void Time_reported_after_closing_counts_from_next_morning()
    {
        AssertLocal("2025-11-27 09:30", Standard.AddWorkingTime(Local("2025-11-26 19:00"), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Time_reported_exactly_at_closing_counts_from_next_morning()
    {
        AssertLocal("2025-11-27 09:30", Standard.AddWorkingTime(Local("2025-11-26 17:30"), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Time_reported_on_a_saturday_counts_from_monday_morning()
    {
        AssertLocal("2025-12-01 09:30", Standard.AddWorkingTime(Local("2025-11-29 10:00"), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Four_working_hours_reported_friday_afternoon_end_monday_morning()
    {
        // Friday 15:00–17:30 is 2.5 h; the remaining 1.5 h run from Monday 08:30.
        AssertLocal("2025-12-01 10:00", Standard.AddWorkingTime(Local("2025-11-28 15:00"), TimeSpan.FromHours(4)));
    }

    [Fact]
    public void Fifteen_working_hours_are_two_full_working_days()
    {
        AssertLocal("2025-11-27 17:30", Standard.AddWorkingTime(Local("2025-11-26 08:30"), TimeSpan.FromHours(15)));
    }

    [Fact]
    public void Four_working_hours_before_national_day_2025_end_after_the_eight_day_holiday()
    {
        // 09-30 16:00–17:30 is 1.5 h; 10-01..10-08 are holidays; 2.5 h from Thursday 10-09 08:30.
        AssertLocal("2025-10-09 11:00", Standard.AddWorkingTime(Local("2025-09-30 16:00"), TimeSpan.FromHours(4)));
    }

    [Fact]
    public void The_adjusted_working_sunday_before_national_day_2025_is_counted()
    {
        // 2025-09-27 is an ordinary Saturday; 2025-09-28 (Sunday) is a 调休 working day.
        AssertLocal("2025-09-28 09:30", Standard.AddWorkingTime(Local("2025-09-27 10:00"), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void The_adjusted_working_saturday_after_spring_festival_2026_is_counted()
    {
        // Friday 2026-02-27 17:00–17:30 is 0.5 h; Saturday 2026-02-28 is a 调休 working day.
        AssertLocal("2026-02-28 09:00", Standard.AddWorkingTime(Local("2026-02-27 17:00"), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void The_adjusted_working_saturday_after_national_day_2026_is_counted()
    {
        AssertLocal("2026-10-10 09:00", Standard.AddWorkingTime(Local("2026-10-09 17:00"), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Friday_before_spring_festival_2026_runs_on_into_the_working_saturday()
    {
        // Friday 02-13 16:00–17:30 is 1.5 h; Saturday 02-14 is a 调休 working day: 08:30 + 2.5 h.
        AssertLocal("2026-02-14 11:00", Standard.AddWorkingTime(Local("2026-02-13 16:00"), TimeSpan.FromHours(4)));
    }

    [Fact]
    public void Four_working_hours_from_the_working_saturday_before_spring_festival_2026_end_after_the_nine_day_holiday()
    {
        // Saturday 02-14 16:00–17:30 is 1.5 h; 02-15..02-23 are holidays; 2.5 h from Tuesday 02-24 08:30.
        AssertLocal("2026-02-24 11:00", Standard.AddWorkingTime(Local("2026-02-14 16:00"), TimeSpan.FromHours(4)));
    }

    [Fact]
    public void Four_working_hours_on_new_years_eve_2025_end_on_the_working_sunday_2026_01_04()
    {
        // 12-31 16:00–17:30 is 1.5 h; 2026-01-01..03 are holidays; Sunday 01-04 is a 调休 working day: 08:30 + 2.5 h.
        AssertLocal("2026-01-04 11:00", Standard.AddWorkingTime(Local("2025-12-31 16:00"), TimeSpan.FromHours(4)));
    }

    [Fact]
    public void Time_reported_on_a_holiday_counts_from_the_first_working_day_after_it()
    {
        AssertLocal("2025-10-09 09:30", Standard.AddWorkingTime(Local("2025-10-03 10:00"), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Zero_working_time_returns_the_start_unchanged_even_on_a_holiday()
    {
        var start = Local("2025-10-03 22:15");
        Assert.Equal(start, Standard.AddWorkingTime(start, TimeSpan.Zero));
    }

    [Fact]
    public void Negative_working_time_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Standard.AddWorkingTime(Local("2025-11-26 09:00"), TimeSpan.FromMinutes(-1)));
    }

    [Fact]
    public void A_utc_start_gives_the_same_instant_expressed_in_utc()
    {
        // 2025-09-30 08:00Z is 16:00 in Beijing; the deadline is 2025-10-09 11:00 Beijing = 03:00Z.
        var start = new DateTimeOffset(2025, 9, 30, 8, 0, 0, TimeSpan.Zero);

        var deadline = Standard.AddWorkingTime(start, TimeSpan.FromHours(4));

        Assert.Equal(new DateTimeOffset(2025, 10, 9, 3, 0, 0, TimeSpan.Zero), deadline);
        Assert.Equal(TimeSpan.Zero, deadline.Offset);
        Assert.Equal(Standard.AddWorkingTime(Local("2025-09-30 16:00"), TimeSpan.FromHours(4)), deadline);
    }

    [Fact]
    public void A_utc_start_on_the_previous_utc_day_is_read_as_the_beijing_morning()
    {
        // 2025-11-26 23:00Z is Thursday 11-27 07:00 in Beijing: counting starts 08:30 that Thursday.
        var deadline = Standard.AddWorkingTime(new DateTimeOffset(2025, 11, 26, 23, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));

        Assert.Equal(Local("2025-11-27 09:30"), deadline);
    }
}
