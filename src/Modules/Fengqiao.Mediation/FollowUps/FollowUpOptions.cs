using System.Globalization;

namespace Fengqiao.Mediation.FollowUps;

/// <summary>
/// When follow-up visits fall due after a case closes (<c>Mediation:FollowUps</c>). Offsets are written "15d" (days) or
/// "3m" (months) from the closing day.
/// </summary>
public sealed class FollowUpOptions
{
    public const string Section = "Mediation:FollowUps";

    /// <summary>After 调解成功: 15 days and three months.</summary>
    public string[] AfterResolved { get; set; } = ["15d", "3m"];

    /// <summary>After 调解不成 or 转出: one visit a month later.</summary>
    public string[] AfterFailedOrReferred { get; set; } = ["1m"];

    /// <summary>A withdrawn case gets no visit.</summary>
    public string[] AfterWithdrawn { get; set; } = [];

    /// <summary>A manual visit may be scheduled up to this long after the closing.</summary>
    public int LatestDaysAfterClosing { get; set; } = 366;

    /// <summary>Days past due after which a second reminder (逾期) goes out.</summary>
    public int OverdueReminderAfterDays { get; set; } = 3;

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The due day of an offset from the closing day.</summary>
    public static DateOnly Apply(DateOnly closedOn, string offset)
    {
        var text = offset.Trim().ToLowerInvariant();
        var n = int.Parse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture);
        return text[^1] switch
        {
            'd' => closedOn.AddDays(n),
            'm' => closedOn.AddMonths(n),
            _ => throw new FormatException($"Follow-up offset '{offset}' must end in d (days) or m (months)."),
        };
    }
}
