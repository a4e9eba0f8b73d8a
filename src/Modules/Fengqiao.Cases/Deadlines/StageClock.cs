using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Domain;
using Fengqiao.Kernel.Calendar;

namespace Fengqiao.Cases.Deadlines;

/// <summary>
/// The time limits of each stage at one instant: the working calendar, the configured stage limits and "now". Entities
/// receive it so that every deadline is computed the same way, in working time.
/// </summary>
public sealed class StageClock(WorkingCalendar calendar, DeadlineOptions options, DateTimeOffset now)
{
    public DateTimeOffset Now { get; } = now;

    public DeadlineOptions Options { get; } = options;

    public WorkingCalendar Calendar { get; } = calendar;

    /// <summary>When the stage starting now runs out, and when it turns due soon.</summary>
    public StageWindow LimitFor(CaseStage stage, CasePriority priority, TimeLimit disposalLimit)
    {
        var urgent = priority != CasePriority.Normal;
        return stage switch
        {
            CaseStage.Filing => MinutesWindow(urgent ? Options.UrgentFilingMinutes : Options.FilingMinutes, urgent),
            CaseStage.Dispatch => MinutesWindow(urgent ? Options.UrgentDispatchMinutes : Options.DispatchMinutes, urgent),
            CaseStage.Acceptance => MinutesWindow(urgent ? Options.UrgentAcceptanceMinutes : Options.AcceptanceMinutes, urgent),
            CaseStage.Verification => MinutesWindow(Options.VerificationMinutes, priority == CasePriority.Emergency),
            CaseStage.Disposal => Window(Now, disposalLimit),
            _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "该环节没有时限。"),
        };
    }

    /// <summary>The due and due-soon instants of <paramref name="limit"/> started at <paramref name="start"/>.</summary>
    public StageWindow Window(DateTimeOffset start, TimeLimit limit)
    {
        var due = limit.DueFrom(start, Calendar);
        return limit.Unit == TimeLimitUnit.CalendarHours ? CalendarWindow(start, due) : WorkingWindow(start, due);
    }

    /// <summary>A deadline moved by working time: what was left when the clock stopped, counted again from now.</summary>
    public StageWindow Resume(TimeSpan remainingWorkingTime, TimeSpan totalWorkingTime)
    {
        var due = Calendar.AddWorkingTime(Now, remainingWorkingTime);
        var dueSoonLeft = totalWorkingTime * Math.Clamp(Options.DueSoonShare, 0, 1);
        var dueSoon = remainingWorkingTime <= dueSoonLeft ? Now : Calendar.AddWorkingTime(Now, remainingWorkingTime - dueSoonLeft);
        return new StageWindow(due, dueSoon);
    }

    private StageWindow MinutesWindow(int minutes, bool calendarTime)
    {
        var span = TimeSpan.FromMinutes(Math.Max(1, minutes));
        return calendarTime ? CalendarWindow(Now, Now + span) : WorkingWindow(Now, Calendar.AddWorkingTime(Now, span));
    }

    private StageWindow CalendarWindow(DateTimeOffset start, DateTimeOffset due) =>
        new(due, start + ((due - start) * (1 - Math.Clamp(Options.DueSoonShare, 0, 1))));

    private StageWindow WorkingWindow(DateTimeOffset start, DateTimeOffset due) =>
        new(due, Calendar.AddWorkingTime(start, Calendar.WorkingTimeBetween(start, due) * (1 - Math.Clamp(Options.DueSoonShare, 0, 1))));
}

/// <summary>When a stage runs out and when it turns due soon (将到期).</summary>
public readonly record struct StageWindow(DateTimeOffset Due, DateTimeOffset DueSoon);
