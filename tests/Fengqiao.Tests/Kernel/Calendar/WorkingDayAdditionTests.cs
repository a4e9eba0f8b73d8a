using static Fengqiao.Tests.Kernel.Calendar.CalendarTestData;

namespace Fengqiao.Tests.Kernel.Calendar;

/// <summary>
/// WorkingCalendar.AddWorkingDays: the start day is not counted; the deadline is the close (17:30) of the N-th
/// working day after it.
/// </summary>
public class WorkingDayAdditionTests
{
    [Fact]
    public void One_working_day_from_a_wednesday_morning_ends_thursday_at_closing()
    {
        AssertLocal("2025-11-27 17:30", Standard.AddWorkingDays(Local("2025-11-26 09:00"), 1));
    }

    [Fact]
    public void The_start_day_is_not_counted_even_when_reported_before_opening()
    {
        AssertLocal("2025-11-27 17:30", Standard.AddWorkingDays(Local("2025-11-26 00:01"), 1));
    }

    [Fact]
    public void A_report_late_at_night_still_belongs_to_its_own_day()
    {
        AssertLocal("2025-11-27 17:30", Standard.AddWorkingDays(Local("2025-11-26 23:00"), 1));
    }

    [Fact]
    public void One_working_day_from_friday_ends_monday_at_closing()
    {
        AssertLocal("2025-12-01 17:30", Standard.AddWorkingDays(Local("2025-11-28 10:00"), 1));
    }

    [Fact]
    public void Fifteen_working_days_from_2025_11_26_end_on_2025_12_17()
    {
        // 11-27, 11-28, 12-01..05, 12-08..12, 12-15, 12-16, 12-17.
        AssertLocal("2025-12-17 17:30", Standard.AddWorkingDays(Local("2025-11-26 10:00"), 15));
    }

    [Fact]
    public void One_working_day_before_national_day_2026_ends_after_the_holiday_on_october_eighth()
    {
        // 2026-10-01..07 are holidays; Thursday 10-08 is the first working day.
        AssertLocal("2026-10-08 17:30", Standard.AddWorkingDays(Local("2026-09-30 10:00"), 1));
    }

    [Fact]
    public void A_report_on_a_holiday_counts_from_the_first_working_day_after_the_holiday()
    {
        AssertLocal("2025-10-09 17:30", Standard.AddWorkingDays(Local("2025-10-01 10:00"), 1));
    }

    [Theory]
    [InlineData(1, "2025-09-28 17:30")] // Sunday, 调休 working day
    [InlineData(2, "2025-09-29 17:30")]
    [InlineData(3, "2025-09-30 17:30")]
    [InlineData(4, "2025-10-09 17:30")] // 10-01..10-08 holidays
    [InlineData(5, "2025-10-10 17:30")]
    [InlineData(6, "2025-10-11 17:30")] // Saturday, 调休 working day
    [InlineData(7, "2025-10-13 17:30")]
    public void Working_days_around_national_day_2025_count_the_adjusted_weekend_days(int days, string expected)
    {
        AssertLocal(expected, Standard.AddWorkingDays(Local("2025-09-26 10:00"), days));
    }

    [Theory]
    [InlineData(1, "2026-02-14 17:30")] // Saturday, 调休 working day
    [InlineData(2, "2026-02-24 17:30")] // 02-15..02-23 holidays
    [InlineData(5, "2026-02-27 17:30")]
    [InlineData(6, "2026-02-28 17:30")] // Saturday, 调休 working day
    [InlineData(7, "2026-03-02 17:30")]
    public void Working_days_around_spring_festival_2026_count_the_adjusted_saturdays(int days, string expected)
    {
        AssertLocal(expected, Standard.AddWorkingDays(Local("2026-02-13 10:00"), days));
    }

    [Fact]
    public void One_working_day_from_new_years_eve_2025_ends_on_the_working_sunday()
    {
        AssertLocal("2026-01-04 17:30", Standard.AddWorkingDays(Local("2025-12-31 16:00"), 1));
    }

    [Fact]
    public void A_utc_start_is_read_on_its_beijing_date_and_answered_in_utc()
    {
        // 2025-11-26 17:00Z is Thursday 11-27 01:00 in Beijing, so the next working day is Friday 11-28.
        var deadline = Standard.AddWorkingDays(new DateTimeOffset(2025, 11, 26, 17, 0, 0, TimeSpan.Zero), 1);

        Assert.Equal(new DateTimeOffset(2025, 11, 28, 9, 30, 0, TimeSpan.Zero), deadline);
        Assert.Equal(TimeSpan.Zero, deadline.Offset);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Fewer_than_one_working_day_is_refused(int days)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Standard.AddWorkingDays(Local("2025-11-26 10:00"), days));
    }
}
