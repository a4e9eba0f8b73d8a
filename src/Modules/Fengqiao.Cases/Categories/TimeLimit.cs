using Fengqiao.Kernel.Calendar;

namespace Fengqiao.Cases.Categories;

/// <summary>Units a time limit is counted in.</summary>
public enum TimeLimitUnit
{
    /// <summary>工作时: hours within the calendar's working periods.</summary>
    WorkingHours = 1,

    /// <summary>工作日: to the end of the N-th working day after the start day.</summary>
    WorkingDays = 2,

    /// <summary>自然小时: round-the-clock hours, for emergencies (燃气泄漏 …).</summary>
    CalendarHours = 3,
}

/// <summary>A disposal or stage time limit (时限) such as 4 working hours or 20 working days.</summary>
public readonly record struct TimeLimit(int Amount, TimeLimitUnit Unit)
{
    public const int MaxAmount = 365;

    public bool IsValid => Amount is > 0 and <= MaxAmount && Enum.IsDefined(Unit);

    /// <summary>The instant the limit runs out when it starts at <paramref name="start"/>.</summary>
    public DateTimeOffset DueFrom(DateTimeOffset start, WorkingCalendar calendar) => Unit switch
    {
        TimeLimitUnit.WorkingHours => calendar.AddWorkingTime(start, TimeSpan.FromHours(Amount)),
        TimeLimitUnit.WorkingDays => calendar.AddWorkingDays(start, Amount),
        _ => start.AddHours(Amount),
    };

    public override string ToString() => Unit switch
    {
        TimeLimitUnit.WorkingHours => $"{Amount} 工作时",
        TimeLimitUnit.WorkingDays => $"{Amount} 工作日",
        _ => $"{Amount} 小时",
    };
}
