namespace Fengqiao.Web.Platform.Calendar;

/// <summary>A working-time computation and the facts a reader needs to check it.</summary>
public sealed record WorkingTimeAnswer(DateTimeOffset From, DateTimeOffset? Deadline, double? WorkingHours, bool CalendarCoversPeriod);
