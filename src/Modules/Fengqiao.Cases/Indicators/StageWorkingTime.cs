using Fengqiao.Cases.Domain;
using Fengqiao.Kernel.Calendar;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Indicators;

/// <summary>
/// 各环节工作用时: the working time (工作时间, from the kernel's working calendar) a case spent in each indicator stage,
/// in whole microseconds so that the roll-ups and the live aggregate sum the same integers (ADR 0018). Every time the
/// case's status changes, the working time of the status it leaves is added to that status's stage, so a stage entered
/// twice (a return, a rework, a reopening) adds up its passes; time suspended (挂起), closed before a reopening, or
/// rejected counts in no stage. docs/indicators.md, "Working time per stage".
/// </summary>
public readonly record struct StageWorkingTime(long Filing, long Dispatch, long Disposal, long Verification)
{
    /// <summary>Every stage together: the 全流程 figure of a closed case.</summary>
    public long Total => Filing + Dispatch + Disposal + Verification;

    /// <summary>The indicator stage a status belongs to; null for statuses whose time counts nowhere.</summary>
    public static string? StageOf(CaseStatus status) => status switch
    {
        CaseStatus.Reported => "filing",
        CaseStatus.Filed => "dispatch",
        CaseStatus.Dispatched or CaseStatus.InProgress => "disposal",
        CaseStatus.AwaitingVerification => "verification",
        _ => null,
    };

    /// <summary>Whole microseconds of a span (truncated; a span is at tick resolution).</summary>
    public static long Microseconds(TimeSpan span) => span.Ticks / TimeSpan.TicksPerMicrosecond;

    /// <summary>
    /// Working time between two instants, both truncated to the millisecond: the databases keep instants to 100 µs
    /// (SQLite) or 1 µs (PostgreSQL), so a value computed live from an in-memory clock and one replayed from stored
    /// timestamps are the same.
    /// </summary>
    public static TimeSpan Between(WorkingCalendar calendar, DateTimeOffset from, DateTimeOffset to) =>
        calendar.WorkingTimeBetween(Millisecond(from), Millisecond(to));

    /// <summary>This plus <paramref name="workingTime"/> spent in <paramref name="left"/>, the status just left.</summary>
    public StageWorkingTime Add(CaseStatus left, TimeSpan workingTime)
    {
        var us = Microseconds(workingTime);
        return StageOf(left) switch
        {
            "filing" => this with { Filing = Filing + us },
            "dispatch" => this with { Dispatch = Dispatch + us },
            "disposal" => this with { Disposal = Disposal + us },
            "verification" => this with { Verification = Verification + us },
            _ => this,
        };
    }

    /// <summary>
    /// The stage times of a case replayed from its timeline (each entry's time and the status after it, in order), the
    /// same additions the case made live, and when its current status began. Used to backfill cases stored before
    /// the stage times were kept.
    /// </summary>
    public static (StageWorkingTime Time, DateTimeOffset Since)? Replay(IEnumerable<(DateTimeOffset At, CaseStatus StatusAfter)> timeline, WorkingCalendar calendar)
    {
        StageWorkingTime time = default;
        CaseStatus? status = null;
        var since = DateTimeOffset.MinValue;
        foreach (var (at, after) in timeline)
        {
            if (status is not { } current)
            {
                (status, since) = (after, at);
                continue;
            }

            if (after != current)
            {
                time = time.Add(current, Between(calendar, since, at));
                (status, since) = (after, at);
            }
        }

        return status is null ? null : (time, since);
    }

    private static DateTimeOffset Millisecond(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}

/// <summary>Configuration for the backfill (called once at the end of <c>CasesModel.Build</c>).</summary>
internal static class StageWorkingTimeModel
{
    public static void Build(ModelBuilder b)
    {
        // Cases stored before the stage times were kept, in id order: a partial index, empty once the rebuild has
        // backfilled them, so that the start-up check ("anything to backfill?") does not scan the cases and each backfill
        // batch reads the next ids without sorting the rest.
        b.Entity<Case>().HasIndex(c => c.Id, "IX_cases_backfill_StatusSince").HasFilter("\"StatusSince\" IS NULL");
    }
}
