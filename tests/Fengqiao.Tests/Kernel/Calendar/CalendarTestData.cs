using System.Globalization;
using Fengqiao.Kernel.Calendar;

namespace Fengqiao.Tests.Kernel.Calendar;

/// <summary>The calendar deadlines are computed with by default, and instants written the way people read them.</summary>
internal static class CalendarTestData
{
    public static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>Default office hours (08:30–12:00, 13:30–17:30, Sat+Sun off) with the 2025/2026 statutory holidays.</summary>
    public static WorkingCalendar Standard { get; } = WorkingCalendar.FromOptions(new WorkingTimeOptions(), StatutoryHolidaySeed.Days());

    /// <summary>"2025-09-30 16:00" in Beijing time (+08:00).</summary>
    public static DateTimeOffset Local(string text) =>
        DateTimeOffset.ParseExact(text + " +08:00", "yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    /// <summary>Asserts the instant and that it is still expressed at +08:00.</summary>
    public static void AssertLocal(string expected, DateTimeOffset actual)
    {
        Assert.Equal(expected, actual.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)[..16]);
        Assert.Equal(Local(expected), actual);
        Assert.Equal(Beijing, actual.Offset);
    }
}
