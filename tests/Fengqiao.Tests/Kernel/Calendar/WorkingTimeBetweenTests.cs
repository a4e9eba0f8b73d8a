using static Fengqiao.Tests.Kernel.Calendar.CalendarTestData;

namespace Fengqiao.Tests.Kernel.Calendar;

/// <summary>WorkingCalendar.WorkingTimeBetween: the working time that passed between two instants.</summary>
public class WorkingTimeBetweenTests
{
    [Fact]
    public void Eleven_to_half_past_two_is_two_working_hours_because_lunch_is_not_counted()
    {
        Assert.Equal(TimeSpan.FromHours(2), Standard.WorkingTimeBetween(Local("2025-11-26 11:00"), Local("2025-11-26 14:30")));
    }

    [Fact]
    public void Time_inside_the_lunch_break_is_not_working_time()
    {
        Assert.Equal(TimeSpan.Zero, Standard.WorkingTimeBetween(Local("2025-11-26 12:10"), Local("2025-11-26 13:20")));
    }

    [Fact]
    public void A_whole_calendar_day_holds_seven_and_a_half_working_hours()
    {
        Assert.Equal(TimeSpan.FromHours(7.5), Standard.WorkingTimeBetween(Local("2025-11-26 00:00"), Local("2025-11-27 00:00")));
    }

    [Fact]
    public void A_weekend_contributes_nothing()
    {
        // Friday 15:00–17:30 (2.5 h) + Monday 08:30–10:00 (1.5 h).
        Assert.Equal(TimeSpan.FromHours(4), Standard.WorkingTimeBetween(Local("2025-11-28 15:00"), Local("2025-12-01 10:00")));
    }

    [Fact]
    public void The_national_day_2025_holiday_block_contributes_nothing()
    {
        // 09-30 16:00–17:30 (1.5 h) + 10-09 08:30–11:00 (2.5 h).
        Assert.Equal(TimeSpan.FromHours(4), Standard.WorkingTimeBetween(Local("2025-09-30 16:00"), Local("2025-10-09 11:00")));
    }

    [Fact]
    public void An_adjusted_working_sunday_contributes_a_full_day()
    {
        // Friday 09-26 17:00–17:30 (0.5 h) + Sunday 09-28 (7.5 h) + Monday 09-29 08:30–09:00 (0.5 h).
        Assert.Equal(TimeSpan.FromHours(8.5), Standard.WorkingTimeBetween(Local("2025-09-26 17:00"), Local("2025-09-29 09:00")));
    }

    [Fact]
    public void The_spring_festival_2026_holiday_block_contributes_nothing()
    {
        // Saturday 02-14 (调休) 16:00–17:30 (1.5 h) + Tuesday 02-24 08:30–11:00 (2.5 h).
        Assert.Equal(TimeSpan.FromHours(4), Standard.WorkingTimeBetween(Local("2026-02-14 16:00"), Local("2026-02-24 11:00")));
    }

    [Fact]
    public void Equal_instants_give_zero()
    {
        var instant = Local("2025-11-26 10:00");
        Assert.Equal(TimeSpan.Zero, Standard.WorkingTimeBetween(instant, instant));
    }

    [Fact]
    public void An_end_before_the_start_gives_zero_not_a_negative_span()
    {
        Assert.Equal(TimeSpan.Zero, Standard.WorkingTimeBetween(Local("2025-11-26 15:00"), Local("2025-11-26 09:00")));
    }

    [Fact]
    public void Utc_inputs_give_the_same_working_time()
    {
        // 2025-09-30 08:00Z = 16:00 Beijing; 2025-10-09 03:00Z = 11:00 Beijing.
        var from = new DateTimeOffset(2025, 9, 30, 8, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2025, 10, 9, 3, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromHours(4), Standard.WorkingTimeBetween(from, to));
    }

    [Theory]
    [InlineData("2025-11-26 08:30")]
    [InlineData("2025-11-26 11:00")]
    [InlineData("2025-11-26 12:00")]
    [InlineData("2025-11-26 12:45")]
    [InlineData("2025-11-26 17:29")]
    [InlineData("2025-11-26 21:00")]
    [InlineData("2025-11-28 15:00")]
    [InlineData("2025-11-29 10:00")]
    [InlineData("2025-09-26 17:10")]
    [InlineData("2025-09-30 16:00")]
    [InlineData("2025-10-04 09:00")]
    [InlineData("2025-12-31 16:00")]
    [InlineData("2026-02-13 16:00")]
    [InlineData("2026-02-14 12:00")]
    [InlineData("2026-02-27 17:00")]
    [InlineData("2026-09-30 07:45")]
    [InlineData("2026-12-31 17:00")]
    public void Working_time_between_a_start_and_its_deadline_is_the_time_that_was_added(string start)
    {
        var from = Local(start);
        int[] minutes = [0, 1, 29, 30, 60, 90, 209, 210, 211, 240, 449, 450, 451, 900, 1000, 2250, 6000];
        foreach (var amount in minutes.Select(m => TimeSpan.FromMinutes(m)))
        {
            var deadline = Standard.AddWorkingTime(from, amount);
            Assert.Equal(amount, Standard.WorkingTimeBetween(from, deadline));
        }
    }
}
