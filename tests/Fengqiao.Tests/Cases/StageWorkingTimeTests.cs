using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Deadlines;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Indicators;
using Fengqiao.Cases.Indicators.Rollups;
using Fengqiao.Cases.Intake;
using Fengqiao.Kernel.Calendar;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Time;
using Fengqiao.Kernel.Units;
using Fengqiao.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Fengqiao.Tests.Cases.CaseFixtures;

namespace Fengqiao.Tests.Cases;

/// <summary>
/// 各环节工作用时: stage times in working time from the built-in 2026 calendar (working periods 08:30–12:00 and
/// 13:30–17:30), across a weekend and across 国庆 (2026-10-01 … 10-07 off, Saturday 10-10 a make-up working day),
/// through the indicators API, with every expectation worked out by hand. All cases lie in grid 320282001001001; each is
/// the only case reported on its Shanghai day, so a one-day period shows one case.
///
///   P  reported Wed 09-30 16:00, filed Fri 10-09 09:00, dispatched Sat 10-10 10:00 (调休), accepted 10:30,
///      disposed Sun 10-11 10:00, verified Mon 10-12 09:00
///   W  reported Fri 10-16 17:00, filed Mon 10-19 09:30, dispatched 09:40, accepted 09:50, disposed 11:50, verified 13:40
///   O  reported Thu 10-15 17:00, filed Fri 10-16 09:00, dispatched 09:05, not accepted yet
///   R  reported Mon 10-19 09:00 … rework, closed 14:00, reopened Tue 10-20 09:00, closed again 10:45
///   S  reported Tue 10-20 09:00 … suspended 10:00, resumed 14:00, disposed 15:00, verified 15:30
/// </summary>
public sealed class StageWorkingTimeTests(StageWorkingTimeTests.CalendarApp app) : IClassFixture<StageWorkingTimeTests.CalendarApp>
{
    private const string GridPath = "/32/3202/320282/320282001/320282001001/320282001001001/";
    private const int Precision = 6;

    [Fact]
    public async Task A_case_across_the_national_day_holiday_counts_only_working_time_and_the_make_up_saturday()
    {
        var report = await ReportAsync("2026-09-30", "2026-10-01");
        Assert.Equal(1, report.Reported);

        // 立案: Wed 16:00–17:30 = 90 min, Oct 1–7 off, Thu 10-08 all day 450, Fri 08:30–09:00 = 30 → 570 min = 9.5 h
        // (233 calendar hours).
        AssertStage(1, 9.5, report, "filing");

        // 派遣: Fri 09:00–12:00 = 180, 13:30–17:30 = 240, Sat 10-10 (make-up working day) 08:30–10:00 = 90 → 510 min = 8.5 h.
        AssertStage(1, 8.5, report, "dispatch");

        // 处置: to accept Sat 10:00–10:30 = 30, in progress 10:30–12:00 = 90 and 13:30–17:30 = 240, Sunday off → 360 min = 6 h.
        AssertStage(1, 6, report, "disposal");

        // 核查: Sunday off, Mon 10-12 08:30–09:00 = 30 min.
        AssertStage(1, 0.5, report, "verification");

        // 全流程 = 570 + 510 + 360 + 30 = 1470 min = 24.5 h.
        AssertStage(1, 24.5, report, "total");
    }

    [Fact]
    public async Task A_case_filed_after_a_weekend_counts_friday_evening_and_monday_morning_only()
    {
        var report = await ReportAsync("2026-10-16", "2026-10-17");

        // 立案: Fri 17:00–17:30 = 30 min + Mon 08:30–09:30 = 60 min → 1.5 h (64.5 calendar hours).
        AssertStage(1, 1.5, report, "filing");
        AssertStage(1, 10 / 60.0, report, "dispatch");

        // 处置: 09:40–09:50 to accept + 09:50–11:50 in progress = 130 min.
        AssertStage(1, 130 / 60.0, report, "disposal");

        // 核查: 11:50–12:00 and 13:30–13:40; the lunch break does not count → 20 min.
        AssertStage(1, 20 / 60.0, report, "verification");
        AssertStage(1, (90 + 10 + 130 + 20) / 60.0, report, "total");
    }

    [Fact]
    public async Task A_case_still_in_a_stage_counts_only_the_stages_it_has_finished()
    {
        var report = await ReportAsync("2026-10-15", "2026-10-16");

        // 立案: Thu 17:00–17:30 + Fri 08:30–09:00 = 60 min; 派遣 5 min; waiting for acceptance since: not counted.
        AssertStage(1, 1, report, "filing");
        AssertStage(1, 5 / 60.0, report, "dispatch");
        AssertNone(report, "disposal");
        AssertNone(report, "verification");
        AssertNone(report, "total");
    }

    [Fact]
    public async Task Reworked_and_reopened_cases_add_up_every_pass_and_the_time_closed_counts_nowhere()
    {
        var report = await ReportAsync("2026-10-19", "2026-10-20");

        // R: 立案 10, 派遣 10 min.
        AssertStage(1, 10 / 60.0, report, "filing");
        AssertStage(1, 10 / 60.0, report, "dispatch");

        // 处置: 09:20–10:30 = 70, rework 11:00–11:30 = 30, after reopening Tue 09:00–10:15 = 75 → 175 min. The 4 working
        // hours between closing (Mon 14:00) and reopening (Tue 09:00) count in no stage.
        AssertStage(1, 175 / 60.0, report, "disposal");

        // 核查: 10:30–11:00 = 30, 11:30–14:00 less lunch = 60, Tue 10:15–10:45 = 30 → 120 min.
        AssertStage(1, 2, report, "verification");
        AssertStage(1, (10 + 10 + 175 + 120) / 60.0, report, "total");
    }

    [Fact]
    public async Task Time_suspended_counts_in_no_stage()
    {
        var report = await ReportAsync("2026-10-20", "2026-10-21");

        // S: 处置 = 09:20–10:00 (to accept, in progress until the suspension is approved) 40 + 14:00–15:00 after resuming
        // 60 = 100 min; the suspension (10:00–14:00) does not count.
        AssertStage(1, 100 / 60.0, report, "disposal");
        AssertStage(1, (10 + 10 + 100 + 30) / 60.0, report, "total");
    }

    [Fact]
    public async Task The_month_sums_the_cases_stored_working_times_and_roll_ups_equal_the_live_count()
    {
        // Filing P 570, W 90, O 60, R 10, S 10 = 740 / 5; dispatch 510 + 10 + 5 + 10 + 10 = 545 / 5;
        // disposal P 360, W 130, R 175, S 100 = 765 / 4; verification 30 + 20 + 120 + 30 = 200 / 4;
        // total 1470 + 250 + 315 + 150 = 2185 / 4.
        const string From = "2026-09-28", To = "2026-10-26";
        var before = await ReportAsync(From, To);
        AssertStage(5, 740 / 5 / 60.0, before, "filing");
        AssertStage(5, 545 / 5 / 60.0, before, "dispatch");
        AssertStage(4, 765 / 4.0 / 60.0, before, "disposal");
        AssertStage(4, 200 / 4.0 / 60.0, before, "verification");
        AssertStage(4, 2185 / 4.0 / 60.0, before, "total");

        // Stored per case as the stages ended: P's figures in whole microseconds.
        var p = await app.WithDbAsync(db => db.Set<Case>().AsNoTracking().SingleAsync(c => c.Title == "国庆前反映路灯不亮"));
        Assert.Equal(
            (570 * 60_000_000L, 510 * 60_000_000L, 360 * 60_000_000L, 30 * 60_000_000L),
            (p.FilingWorkingMicroseconds, p.DispatchWorkingMicroseconds, p.DisposalWorkingMicroseconds, p.VerificationWorkingMicroseconds));

        // The roll-ups (after a refresh: every bucket clean) and the live aggregate give the same numbers, to the bit.
        await app.AsSystemAsync(sp => sp.GetRequiredService<IndicatorRollups>().RefreshAsync(CancellationToken.None));
        var viaRollups = await ReportAsync(From, To);
        var live = await app.AsSystemAsync(sp => sp.GetRequiredService<IndicatorCalculator>().ComputeAsync(
            new IndicatorQuery(Grid, null, null, new DateOnly(2026, 9, 28), new DateOnly(2026, 10, 26)), useRollups: false, CancellationToken.None));
        Assert.Equal(live.StageTimes, viaRollups.StageTimes);
        Assert.Equal(before.StageTimes, viaRollups.StageTimes);
    }

    private async Task<IndicatorReport> ReportAsync(string from, string to)
    {
        using var street = await app.ClientForAsync("street");
        return await ReadAsync<IndicatorReport>(await street.GetAsync($"/api/v1/cases/indicators?unit={Grid}&from={from}&to={to}"));
    }

    private static void AssertStage(int cases, double hours, IndicatorReport report, string stage)
    {
        var actual = report.StageTimes.Single(s => s.Stage == stage);
        Assert.Equal(cases, actual.Cases);
        Assert.NotNull(actual.AverageWorkingHours);
        Assert.Equal(hours, actual.AverageWorkingHours!.Value, Precision);
    }

    private static void AssertNone(IndicatorReport report, string stage)
    {
        var actual = report.StageTimes.Single(s => s.Stage == stage);
        Assert.Equal(0, actual.Cases);
        Assert.Null(actual.AverageWorkingHours);
    }

    /// <summary>A fresh database with the cases; the deadline sweeper and the refresher stay off.</summary>
    public sealed class CalendarApp : FengqiaoApp
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await AsSystemAsync(async services =>
            {
                await new Seed(services).RunAsync();
                return 0;
            });
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Cases:Deadlines:SweepInterval", "1.00:00:00");
            builder.UseSetting("Cases:Indicators:Rollups:RefreshInterval", "1.00:00:00");
        }
    }

    private sealed class Seed(IServiceProvider services)
    {
        private readonly FengqiaoDbContext _db = services.GetRequiredService<FengqiaoDbContext>();
        private WorkingCalendar _calendar = null!;
        private CategoryVersion _category = null!;
        private Dictionary<string, Guid> _users = null!;

        public async Task RunAsync()
        {
            _calendar = await services.GetRequiredService<WorkingCalendarProvider>().GetAsync();
            _category = await _db.Set<CategoryVersion>().AsNoTracking().Where(v => v.CategoryCode == "E0102").OrderByDescending(v => v.Number).FirstAsync();
            _users = await _db.Users.Where(u => new[] { "grid", "community", "street", "supervisor" }.Contains(u.UserName))
                .ToDictionaryAsync(u => u.UserName!, u => u.Id);
            var cases = new List<Case>();

            // P: across 国庆.
            var p = Report(At(2026, 9, 30, 16, 0), "国庆前反映路灯不亮");
            p.File(_category, Community_(), Clock(At(2026, 10, 9, 9, 0)), null);
            p.Dispatch(ToGrid, "按派遣规则", Community_(), Clock(At(2026, 10, 10, 10, 0)));
            p.Accept(Grid_(), Clock(At(2026, 10, 10, 10, 30)));
            p.RequestClose("已更换灯泡。", Grid_(), Clock(At(2026, 10, 11, 10, 0)));
            p.Verify(true, "路灯已亮。", Supervisor(), Clock(At(2026, 10, 12, 9, 0)));
            cases.Add(p);

            // W: over a weekend.
            var w = Report(At(2026, 10, 16, 17, 0), "周五傍晚反映井盖松动");
            w.File(_category, Community_(), Clock(At(2026, 10, 19, 9, 30)), null);
            w.Dispatch(ToGrid, "按派遣规则", Community_(), Clock(At(2026, 10, 19, 9, 40)));
            w.Accept(Grid_(), Clock(At(2026, 10, 19, 9, 50)));
            w.RequestClose("已加固井盖。", Grid_(), Clock(At(2026, 10, 19, 11, 50)));
            w.Verify(true, "已加固。", Supervisor(), Clock(At(2026, 10, 19, 13, 40)));
            cases.Add(w);

            // O: waiting for acceptance.
            var o = Report(At(2026, 10, 15, 17, 0), "楼道灯不亮");
            o.File(_category, Community_(), Clock(At(2026, 10, 16, 9, 0)), null);
            o.Dispatch(ToGrid, "按派遣规则", Community_(), Clock(At(2026, 10, 16, 9, 5)));
            cases.Add(o);

            // R: reworked once, closed, reopened and closed again.
            var r = Report(At(2026, 10, 19, 9, 0), "绿化带垃圾堆积");
            r.File(_category, Community_(), Clock(At(2026, 10, 19, 9, 10)), null);
            r.Dispatch(ToGrid, "按派遣规则", Community_(), Clock(At(2026, 10, 19, 9, 20)));
            r.Accept(Grid_(), Clock(At(2026, 10, 19, 9, 30)));
            r.RequestClose("已清运。", Grid_(), Clock(At(2026, 10, 19, 10, 30)));
            r.Verify(false, "仍有残留垃圾。", Supervisor(), Clock(At(2026, 10, 19, 11, 0)));
            r.RequestClose("已彻底清理。", Grid_(), Clock(At(2026, 10, 19, 11, 30)));
            r.Verify(true, "已清理。", Supervisor(), Clock(At(2026, 10, 19, 14, 0)));
            r.Reopen("垃圾又堆起来了。", ActorStamp.Reporter(null, "居民"), Clock(At(2026, 10, 20, 9, 0)));
            r.Accept(Grid_(), Clock(At(2026, 10, 20, 9, 15)));
            r.RequestClose("已再次清运并加装提示牌。", Grid_(), Clock(At(2026, 10, 20, 10, 15)));
            r.Verify(true, "已清理。", Supervisor(), Clock(At(2026, 10, 20, 10, 45)));
            cases.Add(r);

            // S: suspended for four working hours.
            var s = Report(At(2026, 10, 20, 9, 0), "小区围墙开裂");
            s.File(_category, Community_(), Clock(At(2026, 10, 20, 9, 10)), null);
            s.Dispatch(ToGrid, "按派遣规则", Community_(), Clock(At(2026, 10, 20, 9, 20)));
            s.Accept(Grid_(), Clock(At(2026, 10, 20, 9, 30)));
            s.RequestApproval(ApprovalKind.Suspension, "权属不清，待物业确认。", null, Grid_(), Clock(At(2026, 10, 20, 9, 40)));
            s.DecideApproval(true, "同意挂起。", Street_(), Clock(At(2026, 10, 20, 10, 0)));
            s.Resume(Grid_(), Clock(At(2026, 10, 20, 14, 0)));
            s.RequestClose("物业已修复围墙。", Grid_(), Clock(At(2026, 10, 20, 15, 0)));
            s.Verify(true, "已修复。", Supervisor(), Clock(At(2026, 10, 20, 15, 30)));
            cases.Add(s);

            _db.Set<Case>().AddRange(cases);
            await _db.SaveChangesAsync();
        }

        private static HolderTarget ToGrid => new(UnitLevel.Grid, Grid, null);

        private static DateTimeOffset At(int year, int month, int day, int hour, int minute) =>
            ChinaTime.At(new DateOnly(year, month, day), new TimeOnly(hour, minute)).ToUniversalTime();

        private StageClock Clock(DateTimeOffset at) => new(_calendar, new DeadlineOptions(), at);

        private Case Report(DateTimeOffset at, string title)
        {
            var details = new NewCase(
                TrackingCodes.New(), CaseChannel.Resident, title, title + "，请尽快处理。", title + "，请尽快处理。", "宜城街道", null, null, false,
                GridPath, Grid, Community, false, null, null, null, null, true, null, CasePriority.Normal, null, "E0102", 0, [], null, false);
            return Case.Report(details, ActorStamp.Reporter(null, "居民"), Clock(at));
        }

        private ActorStamp Grid_() => new(_users["grid"], "王建国", "grid-worker", Grid);

        private ActorStamp Community_() => new(_users["community"], "李文静", "community-worker", Community);

        private ActorStamp Street_() => new(_users["street"], "周晓燕", "street-officer", "320282001");

        private ActorStamp Supervisor() => new(_users["supervisor"], "陈督办", "supervisor", "320282");
    }
}
