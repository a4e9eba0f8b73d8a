using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Deadlines;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Indicators.Rollups;
using Fengqiao.Cases.Intake;
using Fengqiao.Cli;
using Fengqiao.Kernel.Calendar;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Tests.Cli;

/// <summary><c>fengqiao indicators rebuild|refresh</c>: roll-ups recomputed after writes that went past the change tracker.</summary>
public sealed class CliIndicatorTests(SeededCliDatabase database) : IClassFixture<SeededCliDatabase>
{
    [Fact]
    public async Task Rebuild_recomputes_the_roll_ups_of_cases_written_past_the_change_tracker_and_refresh_then_has_nothing_to_do()
    {
        await database.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<FengqiaoDbContext>();
            var calendar = await services.GetRequiredService<WorkingCalendarProvider>().GetAsync();
            foreach (var (hour, title) in new[] { (9, "小区门口垃圾堆放"), (23, "夜间垃圾桶满溢"), (10, "绿化带垃圾") })
            {
                var at = ChinaTime.At(new DateOnly(2026, 5, 11), new TimeOnly(hour, 30)).ToUniversalTime();
                var details = new NewCase(
                    TrackingCodes.New(), CaseChannel.Resident, title, title + "，请尽快处理。", title + "，请尽快处理。", "宜城街道", null, null, false,
                    "/32/3202/320282/320282001/320282001001/320282001001001/", "320282001001001", "320282001001", false, null, null, null, null, true,
                    null, CasePriority.Normal, null, "E0102", 0, [], null, false);
                var c = Case.Report(details, ActorStamp.Reporter(null, "居民"), new StageClock(calendar, new DeadlineOptions(), at));
                c.Reject(RejectionReason.Invalid, "咨询类。", null, ActorStamp.System, new StageClock(calendar, new DeadlineOptions(), at.AddMinutes(5)));
                db.Add(c);
            }

            await db.SaveChangesAsync();

            // As if the rows had been bulk-loaded, or stored before stage working times were kept: no roll-up rows, no
            // marks, no stage times.
            await db.Set<Case>().ExecuteUpdateAsync(u => u.SetProperty(c => c.StatusSince, (DateTimeOffset?)null).SetProperty(c => c.FilingWorkingMicroseconds, (long?)null));
            await db.Set<CaseIndicatorDirty>().ExecuteDeleteAsync();
            await db.Set<CaseIndicatorDay>().ExecuteDeleteAsync();
            return 0;
        });

        var rebuild = await database.RunAsync("indicators", "rebuild");
        var refresh = await database.RunAsync("indicators", "refresh");

        Assert.True(rebuild.ExitCode == ExitCodes.Ok, rebuild.ToString());
        Assert.Contains("已按工作日历补算 3 件事件的各环节工作用时", rebuild.Output, StringComparison.Ordinal);
        Assert.Contains("已重建指标日汇总：1 行", rebuild.Output, StringComparison.Ordinal);

        // Replayed from each timeline: 09:30 → 09:35 and 10:30 → 10:35 are working time, 23:30 → 23:35 is not.
        var filing = await database.WithDbAsync(db => db.Set<Case>().AsNoTracking().OrderBy(c => c.ReportedAt).Select(c => c.FilingWorkingMicroseconds).ToListAsync());
        Assert.Equal(new long?[] { 300_000_000L, 300_000_000L, 0L }, filing);
        var row = await database.WithDbAsync(db => db.Set<CaseIndicatorDay>().AsNoTracking().SingleAsync());
        Assert.Equal((new DateOnly(2026, 5, 11), "", 3), (row.Day, row.DepartmentCode, row.Reported));
        Assert.Equal(0, row.Filed);
        Assert.True(refresh.ExitCode == ExitCodes.Ok, refresh.ToString());
        Assert.Contains("已重算 0 个", refresh.Output, StringComparison.Ordinal);
    }
}
