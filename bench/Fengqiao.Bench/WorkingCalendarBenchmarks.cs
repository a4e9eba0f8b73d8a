using BenchmarkDotNet.Attributes;
using Fengqiao.Kernel.Calendar;
using Fengqiao.Kernel.Time;

namespace Fengqiao.Bench;

/// <summary>
/// Deadline arithmetic runs for every case at every stage (intake, sweeper, indicators), so it must stay far below
/// a microsecond-scale budget. Baseline: stepping minute by minute through the same calendar, the obvious approach.
/// </summary>
[MemoryDiagnoser]
public class WorkingCalendarBenchmarks
{
    private WorkingCalendar _calendar = null!;
    private DateTimeOffset[] _starts = [];

    [Params(4, 160)]
    public int Hours { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _calendar = WorkingCalendar.FromOptions(new WorkingTimeOptions(), StatutoryHolidaySeed.Days());
        var random = new Random(20261126);
        _starts = [.. Enumerable.Range(0, 256).Select(_ => new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.FromHours(8)).AddMinutes(random.Next(0, 2 * 365 * 24 * 60 - 60 * 24 * 60)))];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 256)]
    public DateTimeOffset MinuteStepping()
    {
        var last = default(DateTimeOffset);
        foreach (var start in _starts)
        {
            last = StepMinutes(start, Hours * 60);
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = 256)]
    public DateTimeOffset AddWorkingTime()
    {
        var last = default(DateTimeOffset);
        foreach (var start in _starts)
        {
            last = _calendar.AddWorkingTime(start, TimeSpan.FromHours(Hours));
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = 256)]
    public TimeSpan WorkingTimeBetween()
    {
        var total = TimeSpan.Zero;
        foreach (var start in _starts)
        {
            total += _calendar.WorkingTimeBetween(start, start.AddDays(Hours / 4.0));
        }

        return total;
    }

    private DateTimeOffset StepMinutes(DateTimeOffset start, int minutes)
    {
        var at = ChinaTime.ToLocal(start);
        var seconds = at.Second;
        at = at.AddSeconds(-seconds);
        while (minutes > 0)
        {
            if (_calendar.IsWorkingInstant(at))
            {
                minutes--;
            }

            at = at.AddMinutes(1);
        }

        return at.AddSeconds(seconds);
    }
}
