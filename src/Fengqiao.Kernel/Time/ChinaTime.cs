namespace Fengqiao.Kernel.Time;

/// <summary>
/// Asia/Shanghai is the one time zone people read dates in; instants are stored in UTC.
/// </summary>
public static class ChinaTime
{
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>Formats an instant the way the UI shows it everywhere: 2026-11-26 14:30.</summary>
    public static string Format(DateTimeOffset instant) => ToLocal(instant).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    public static string Format(DateTimeOffset? instant) => instant is { } i ? Format(i) : "";

    /// <summary>The instant at which the given local date and time occur in Shanghai (no DST there).</summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly time) =>
        new(date.ToDateTime(time), Zone.GetUtcOffset(date.ToDateTime(time)));
}
