using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Kernel.Calendar;

/// <summary>
/// Imports statutory holidays year by year: the years present in the file replace what was held for them, in one
/// transaction, so a re-import of a corrected notice is exact and a broken file changes nothing.
/// </summary>
public sealed class CalendarImporter(FengqiaoDbContext db, IAuditTrail audit, WorkingCalendarProvider provider)
{
    public async Task<CalendarImportSummary> ImportAsync(IReadOnlyList<CalendarDay> days, string source, CancellationToken cancellationToken)
    {
        if (days.Count == 0)
        {
            throw new ValidationFailedException("file", "文件中没有任何日期。");
        }

        var years = days.Select(d => d.Date.Year).Distinct().Order().ToList();
        var first = new DateOnly(years[0], 1, 1);
        var last = new DateOnly(years[^1], 12, 31);
        var existing = await db.CalendarDays.Where(d => d.Date >= first && d.Date <= last).ToListAsync(cancellationToken);
        var replaced = existing.Where(d => years.Contains(d.Date.Year)).ToList();
        var incoming = days.ToDictionary(d => d.Date);

        var added = 0;
        var changed = 0;
        var removed = 0;
        foreach (var day in replaced)
        {
            if (incoming.Remove(day.Date, out var update))
            {
                if (day.Kind != update.Kind || day.Name != update.Name)
                {
                    day.Change(update.Kind, update.Name);
                    changed++;
                }
            }
            else
            {
                db.CalendarDays.Remove(day);
                removed++;
            }
        }

        foreach (var day in incoming.Values)
        {
            db.CalendarDays.Add(new CalendarDay(day.Date, day.Kind, day.Name));
            added++;
        }

        var summary = new CalendarImportSummary(years, added, changed, removed);
        audit.Record("calendar.import", $"calendar:{string.Join(',', years)}", detail: $"{source}: {summary}");
        await db.SaveChangesAsync(cancellationToken);
        provider.Invalidate();
        return summary;
    }
}

public sealed record CalendarImportSummary(IReadOnlyList<int> Years, int Added, int Changed, int Removed)
{
    public override string ToString() => $"年份 {string.Join('、', Years)}：新增 {Added}，修改 {Changed}，删除 {Removed}";
}
