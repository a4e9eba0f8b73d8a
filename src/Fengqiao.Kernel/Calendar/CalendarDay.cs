namespace Fengqiao.Kernel.Calendar;

/// <summary>One date that differs from the ordinary week: a statutory holiday or an adjusted working day (调休).</summary>
public sealed class CalendarDay
{
    public CalendarDay(DateOnly date, CalendarDayKind kind, string name)
    {
        Date = date;
        Kind = kind;
        Name = name;
    }

    public DateOnly Date { get; private set; }

    public CalendarDayKind Kind { get; private set; }

    /// <summary>The holiday it belongs to, as the State Council's notice names it (春节, 国庆节 …).</summary>
    public string Name { get; private set; }

    public void Change(CalendarDayKind kind, string name)
    {
        Kind = kind;
        Name = name;
    }
}
