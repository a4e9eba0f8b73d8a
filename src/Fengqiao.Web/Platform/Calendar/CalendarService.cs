using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Calendar;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fengqiao.Web.Platform.Calendar;

/// <summary>工作日历: view a year, import a year's holidays, and compute deadlines and elapsed working time.</summary>
internal sealed class CalendarService(
    FengqiaoDbContext db, WorkingCalendarProvider provider, CalendarImporter importer, ICurrentActor actor, IOptionsMonitor<WorkingTimeOptions> options)
{
    public const int MaxWorkingDays = 365;
    public const double MaxWorkingHours = 2000;

    public async Task<CalendarYear> YearAsync(int year, CancellationToken cancellationToken)
    {
        if (year is < 2000 or > 2100)
        {
            throw new ValidationFailedException("year", "年份应在 2000 到 2100 之间。");
        }

        var calendar = await provider.GetAsync(cancellationToken);
        var exceptions = await db.CalendarDays.AsNoTracking()
            .Where(d => d.Date >= new DateOnly(year, 1, 1) && d.Date <= new DateOnly(year, 12, 31))
            .OrderBy(d => d.Date)
            .Select(d => new CalendarYearDay(d.Date, d.Kind, d.Name))
            .ToListAsync(cancellationToken);
        var workingDays = 0;
        for (var date = new DateOnly(year, 1, 1); date.Year == year; date = date.AddDays(1))
        {
            workingDays += calendar.IsWorkingDay(date) ? 1 : 0;
        }

        return new CalendarYear(year, exceptions.Count > 0, workingDays, exceptions, options.CurrentValue.Periods);
    }

    public async Task<CalendarImportSummary> ImportAsync(TextReader reader, string source, CancellationToken cancellationToken)
    {
        if (!actor.IsInRole(Roles.Administrator))
        {
            throw new ForbiddenException("只有系统管理员可以导入节假日。");
        }

        var parsed = HolidayFile.Parse(reader);
        if (!parsed.IsValid)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["file"] = [.. parsed.Errors.Take(50)] });
        }

        return await importer.ImportAsync(parsed.Days, source, cancellationToken);
    }

    public async Task<WorkingTimeAnswer> DeadlineAsync(DateTimeOffset start, double? hours, int? days, CancellationToken cancellationToken)
    {
        if ((hours is null) == (days is null))
        {
            throw new ValidationFailedException("hours", "请只给出 hours（工作时）或 days（工作日）中的一个。");
        }

        if (hours is < 0 or > MaxWorkingHours || double.IsNaN(hours ?? 0))
        {
            throw new ValidationFailedException("hours", $"工作时应在 0 到 {MaxWorkingHours} 之间。");
        }

        if (days is < 1 or > MaxWorkingDays)
        {
            throw new ValidationFailedException("days", $"工作日应在 1 到 {MaxWorkingDays} 之间。");
        }

        var calendar = await provider.GetAsync(cancellationToken);
        var deadline = hours is { } h
            ? calendar.AddWorkingTime(start, TimeSpan.FromHours(h))
            : calendar.AddWorkingDays(start, days!.Value);
        return new WorkingTimeAnswer(start, deadline, hours, Covers(calendar, start, deadline));
    }

    public async Task<WorkingTimeAnswer> ElapsedAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (to < from || to - from > TimeSpan.FromDays(3660))
        {
            throw new ValidationFailedException("to", "结束时间应晚于开始时间，且相距不超过十年。");
        }

        var calendar = await provider.GetAsync(cancellationToken);
        return new WorkingTimeAnswer(from, to, calendar.WorkingTimeBetween(from, to).TotalHours, Covers(calendar, from, to));
    }

    /// <summary>False when the period reaches a year whose holidays were never imported: the answer then ignores holidays.</summary>
    private static bool Covers(WorkingCalendar calendar, DateTimeOffset from, DateTimeOffset to)
    {
        var first = ChinaTime.ToLocal(from).Year;
        var last = ChinaTime.ToLocal(to).Year;
        return Enumerable.Range(first, last - first + 1).All(calendar.CoveredYears.Contains);
    }
}
