using Fengqiao.Kernel.Calendar;

namespace Fengqiao.Web.Platform.Calendar;

/// <summary>A year of the working-time calendar: the exceptions to the ordinary week and the count of working days.</summary>
public sealed record CalendarYear(int Year, bool IsImported, int WorkingDays, IReadOnlyList<CalendarYearDay> Exceptions, IReadOnlyList<string> Periods);

public sealed record CalendarYearDay(DateOnly Date, CalendarDayKind Kind, string Name);
