namespace Fengqiao.Kernel.Calendar;

/// <summary>How a calendar entry overrides the ordinary week.</summary>
public enum CalendarDayKind
{
    /// <summary>放假: a day off, including weekend days inside a holiday block.</summary>
    Holiday = 1,

    /// <summary>调休上班: a weekend day that is a working day.</summary>
    Workday = 2,
}
