using Fengqiao.Kernel.Time;

namespace Fengqiao.Kernel.Calendar;

/// <summary>
/// 工作时 / 工作日: the working-time arithmetic that every deadline in Fengqiao is computed with.
/// Immutable; <see cref="WorkingCalendarProvider"/> rebuilds it when holidays or hours change.
/// </summary>
public sealed class WorkingCalendar
{
    /// <summary>Ten years of days: a deadline further away than this means the calendar has no working days.</summary>
    private const int MaxDaysSearched = 3660;

    private readonly IReadOnlyList<WorkingPeriod> _ordinaryPeriods;
    private readonly Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> _overrides;
    private readonly HashSet<DayOfWeek> _weekend;
    private readonly Dictionary<DateOnly, CalendarDayKind> _exceptions;
    private readonly HashSet<int> _coveredYears;

    public WorkingCalendar(
        IReadOnlyList<WorkingPeriod> periods,
        IEnumerable<DayOfWeek> weekend,
        IEnumerable<CalendarDay> exceptions,
        IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>>? overrides = null)
    {
        _ordinaryPeriods = Validate(periods);
        _overrides = (overrides ?? new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>>())
            .ToDictionary(pair => pair.Key, pair => (IReadOnlyList<WorkingPeriod>)Validate(pair.Value));
        _weekend = [.. weekend];
        _exceptions = exceptions.ToDictionary(day => day.Date, day => day.Kind);
        _coveredYears = [.. _exceptions.Keys.Select(date => date.Year)];
    }

    public static WorkingCalendar FromOptions(WorkingTimeOptions options, IEnumerable<CalendarDay> exceptions) =>
        new(
            options.Periods.Select(WorkingPeriod.Parse).ToList(),
            options.Weekend,
            exceptions,
            options.DayOverrides.ToDictionary(
                pair => pair.Key,
                pair => (IReadOnlyList<WorkingPeriod>)[.. pair.Value.Select(WorkingPeriod.Parse)]));

    /// <summary>Years for which statutory holidays were imported; other years follow the ordinary week only.</summary>
    public IReadOnlySet<int> CoveredYears => _coveredYears;

    public bool IsWorkingDay(DateOnly date) => _exceptions.TryGetValue(date, out var kind)
        ? kind == CalendarDayKind.Workday
        : !_weekend.Contains(date.DayOfWeek);

    /// <summary>The working periods of a date; empty on rest days.</summary>
    public IReadOnlyList<WorkingPeriod> PeriodsOf(DateOnly date)
    {
        if (!IsWorkingDay(date))
        {
            return [];
        }

        return _overrides.TryGetValue(date.DayOfWeek, out var special) ? special : _ordinaryPeriods;
    }

    /// <summary>
    /// The instant at which <paramref name="amount"/> of working time has passed after <paramref name="start"/>.
    /// A deadline that exactly fills a morning ends at the start of the lunch break, not after it.
    /// </summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan amount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(amount, TimeSpan.Zero);
        if (amount == TimeSpan.Zero)
        {
            return start;
        }

        var local = ChinaTime.ToLocal(start);
        var date = DateOnly.FromDateTime(local.DateTime);
        var clock = TimeOnly.FromDateTime(local.DateTime);
        var remaining = amount;

        for (var searched = 0; searched < MaxDaysSearched; searched++, date = date.AddDays(1), clock = TimeOnly.MinValue)
        {
            foreach (var period in PeriodsOf(date))
            {
                if (clock >= period.End)
                {
                    continue;
                }

                var from = clock > period.Start ? clock : period.Start;
                var available = period.End - from;
                if (remaining <= available)
                {
                    return ChinaTime.At(date, TimeOnly.MinValue).Add(from.ToTimeSpan() + remaining).ToOffset(start.Offset);
                }

                remaining -= available;
            }
        }

        throw new InvalidOperationException("工作日历在十年内没有足够的工作时间，请检查工作时段和节假日配置。");
    }

    /// <summary>
    /// The end of the N-th working day after the day <paramref name="start"/> falls on.
    /// The day of the start is not counted (期间开始之日不计算在期间内), as in Chinese administrative practice.
    /// </summary>
    public DateTimeOffset AddWorkingDays(DateTimeOffset start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var date = DateOnly.FromDateTime(ChinaTime.ToLocal(start).DateTime);
        var counted = 0;
        for (var searched = 0; searched < MaxDaysSearched; searched++)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date) && ++counted == days)
            {
                return ChinaTime.At(date, PeriodsOf(date)[^1].End).ToOffset(start.Offset);
            }
        }

        throw new InvalidOperationException("工作日历在十年内没有足够的工作日，请检查周末和节假日配置。");
    }

    /// <summary>Working time that passed between two instants; zero when <paramref name="to"/> is not after <paramref name="from"/>.</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        var localFrom = ChinaTime.ToLocal(from);
        var localTo = ChinaTime.ToLocal(to);
        var total = TimeSpan.Zero;
        for (var date = DateOnly.FromDateTime(localFrom.DateTime); date <= DateOnly.FromDateTime(localTo.DateTime); date = date.AddDays(1))
        {
            foreach (var period in PeriodsOf(date))
            {
                var periodStart = ChinaTime.At(date, period.Start);
                var periodEnd = ChinaTime.At(date, period.End);
                var overlapStart = periodStart > localFrom ? periodStart : localFrom;
                var overlapEnd = periodEnd < localTo ? periodEnd : localTo;
                if (overlapEnd > overlapStart)
                {
                    total += overlapEnd - overlapStart;
                }
            }
        }

        return total;
    }

    /// <summary>Whether the instant falls inside working hours of a working day.</summary>
    public bool IsWorkingInstant(DateTimeOffset instant)
    {
        var local = ChinaTime.ToLocal(instant);
        var clock = TimeOnly.FromDateTime(local.DateTime);
        return PeriodsOf(DateOnly.FromDateTime(local.DateTime)).Any(period => clock >= period.Start && clock < period.End);
    }

    private static List<WorkingPeriod> Validate(IReadOnlyList<WorkingPeriod> periods)
    {
        if (periods.Count == 0)
        {
            throw new ArgumentException("至少需要一个工作时段。", nameof(periods));
        }

        var ordered = periods.OrderBy(period => period.Start).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Start < ordered[i - 1].End)
            {
                throw new ArgumentException($"工作时段 {ordered[i - 1]} 与 {ordered[i]} 重叠。", nameof(periods));
            }
        }

        return ordered;
    }
}
