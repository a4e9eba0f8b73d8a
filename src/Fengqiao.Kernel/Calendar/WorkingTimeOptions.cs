namespace Fengqiao.Kernel.Calendar;

/// <summary>Configuration section "WorkingTime": the office hours that deadlines are counted in.</summary>
public sealed class WorkingTimeOptions
{
    public const string Section = "WorkingTime";

    /// <summary>Working periods of an ordinary working day; the gap between them is the lunch break.</summary>
    public List<string> Periods { get; set; } = ["08:30-12:00", "13:30-17:30"];

    /// <summary>Days of the ordinary week that are rest days unless a calendar entry says otherwise.</summary>
    public List<DayOfWeek> Weekend { get; set; } = [DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>Optional different periods for particular weekdays (e.g. Friday afternoon shorter).</summary>
    public Dictionary<DayOfWeek, List<string>> DayOverrides { get; set; } = [];
}
