using System.Net;
using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Deadlines;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Indicators;
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
/// 考核指标 against numbers worked out by hand. The cases are built through the domain methods with a clock the test
/// sets, in the week 2026-03-02 … 2026-03-08 (Shanghai days) of 宜城街道, so every timestamp and flag is exact:
///
///   A  resident  filed +10m, dispatched +15m to grid, accepted +20m, disposed +60m, verified +90m → closed at grid, ★5
///   B  resident  as A, but verification fails at +90m (返工), disposed again +120m, verified +150m → grid, ★3
///   C  resident  filed two days late; grid returns the dispatch (退回); community disposes 3 days later (overdue) → closed at community, overdue
///   D  hotline   grid and community escalate; street disposes +90m, verified +120m → closed at street, ★4
///   E  hotline   rejected as invalid (不予立案)
///   F  hotline   reported 2026-03-02 00:30 Shanghai (still 03-01 in UTC) and not yet handled
///   G  resident  accepted then suspended (挂起) → left out of the denominators
///   H  resident  accepted, still in progress
///   I  patrol    closed on the spot by the grid worker (当场处置) at +5m
/// Outside the scope: J reported 2026-03-09 07:00 Shanghai (still 03-08 in UTC); L in another street, assigned to 城管 "cg".
/// </summary>
public sealed class IndicatorTests(IndicatorTests.IndicatorsApp app) : IClassFixture<IndicatorTests.IndicatorsApp>
{
    private const string Street = "320282001";
    private const string Period = "from=2026-03-02&to=2026-03-09";
    private const int Precision = 6;

    [Fact]
    public async Task A_streets_week_counts_each_rate_over_the_cases_reported_in_it_and_leaves_suspended_cases_out()
    {
        using var street = await app.ClientForAsync("street");
        var report = await ReadAsync<IndicatorReport>(await street.GetAsync($"/api/v1/cases/indicators?unit={Street}&{Period}"));

        Assert.Equal(9, report.Reported);   // A–I; J is reported on 03-09 Shanghai time, L in another street
        Assert.Equal(1, report.Suspended);  // G

        // 立案数 (not suspended) = A B C D H I = 6; on time all but C.
        AssertRatio(5, 6, report.OnTimeFiling);

        // 应派遣 = dispatched, not suspended = A B C D H = 5 (I was never dispatched); C was returned once.
        AssertRatio(4, 5, report.AccurateDispatch);

        // 应处置 = 应结案 = filed, not suspended = 6. Disposed: A B C D I = 5; on time: A B D I = 4 (C overdue).
        AssertRatio(5, 6, report.Disposal);
        AssertRatio(4, 6, report.OnTimeDisposal);

        // Closed: A B C D I = 5; on time: all but C = 4. Reworked at least once: B = 1.
        AssertRatio(5, 6, report.Closing);
        AssertRatio(4, 6, report.OnTimeClosing);
        AssertRatio(1, 6, report.Rework);

        // Rated A★5, B★3, D★4: 4–5 stars = 2 of 3.
        AssertRatio(2, 3, report.Satisfaction);
    }

    [Fact]
    public async Task The_hotlines_three_rates_count_only_hotline_cases_and_a_rejection_is_a_response()
    {
        using var street = await app.ClientForAsync("street");
        var report = await ReadAsync<IndicatorReport>(await street.GetAsync($"/api/v1/cases/indicators?unit={Street}&{Period}"));

        Assert.Equal(3, report.Hotline.Reported);          // D E F
        AssertRatio(2, 3, report.Hotline.Response);        // D filed + E rejected; F untouched
        AssertRatio(1, 1, report.Hotline.Resolution);      // closed D / filed D
        AssertRatio(1, 1, report.Hotline.Satisfaction);    // D ★4
    }

    [Fact]
    public async Task Closed_cases_are_shared_among_the_tiers_that_resolved_them_and_grid_plus_community_is_the_village_rate()
    {
        using var street = await app.ClientForAsync("street");
        var report = await ReadAsync<IndicatorReport>(await street.GetAsync($"/api/v1/cases/indicators?unit={Street}&{Period}"));

        // Closed = 5: grid A B I, community C, street D, county none.
        var tiers = report.Tiers.ToDictionary(t => t.Level, t => t.Share);
        AssertRatio(3, 5, tiers[UnitLevel.Grid]);
        AssertRatio(1, 5, tiers[UnitLevel.Community]);
        AssertRatio(1, 5, tiers[UnitLevel.Street]);
        AssertRatio(0, 5, tiers[UnitLevel.County]);

        // 小事不出村 = (3 + 1) / 5 = 0.8
        AssertRatio(4, 5, report.ResolvedInVillage);
    }

    [Fact]
    public async Task Stage_times_are_average_working_hours_that_add_up_every_pass_through_a_stage()
    {
        using var street = await app.ClientForAsync("street");
        var report = await ReadAsync<IndicatorReport>(await street.GetAsync($"/api/v1/cases/indicators?unit={Street}&{Period}"));
        var stages = report.StageTimes.ToDictionary(s => s.Stage);

        // Working periods 08:30–12:00 and 13:30–17:30 (7.5 h a day); 2026-03-02 is a Monday, 03-07 a Saturday.
        // 立案 (time reported), minutes: A 10, B 10, D 10, H 10, I 5, and C Mon 09:02 → Wed 09:02 =
        // 178 + 240 (Mon) + 450 (Tue) + 32 (Wed) = 900 → 945 / 6 = 157.5 min = 2.625 h (calendar time: 8.125 h)
        AssertStage(6, 2.625, stages["filing"]);

        // 派遣 (time waiting for dispatch, every pass): A B D H 5 min, C 5 + 5 again after its return = 10 → 30 / 5 = 6 min
        AssertStage(5, 0.1, stages["dispatch"]);

        // 处置 (with a holder: to accept and in progress, every pass), minutes: A 5 + 40 = 45; B 45 + 30 after its rework = 75;
        // D 75 (escalations keep it with a holder); C 5 before its return + 5 + in progress Wed 09:22 → Sat 09:07 =
        // 158 + 240 (Wed) + 450 (Thu) + 450 (Fri) + 0 (Sat) → 1308. (45 + 75 + 75 + 1308) / 4 = 1503 / 4 = 375.75 min
        AssertStage(4, 375.75 / 60.0, stages["disposal"]);

        // 核查 (waiting for verification, every round): A 30, B 30 + 30 = 60, D 30, C 0 (Saturday 09:07 → 09:37) → 120 / 4 = 0.5 h
        AssertStage(4, 0.5, stages["verification"]);

        // 全流程 = the stages' sum: A 90, B 150, C 900 + 10 + 1308 + 0 = 2218, D 120, I 5 → 2583 / 5 = 516.6 min
        AssertStage(5, 516.6 / 60.0, stages["total"]);
    }

    [Fact]
    public async Task A_persons_indicators_cover_the_cases_they_accepted_or_disposed()
    {
        using var street = await app.ClientForAsync("street");
        var report = await ReadAsync<IndicatorReport>(await street.GetAsync($"/api/v1/cases/indicators?unit={Street}&user=grid&{Period}"));

        // The grid worker accepted A B G H and closed I on the spot: 5 cases, G suspended.
        Assert.Equal(5, report.Reported);
        AssertRatio(3, 3, report.AccurateDispatch);  // A B H dispatched, none returned (C was returned by grid but accepted by community)
        AssertRatio(3, 4, report.Disposal);          // A B I of A B H I
        AssertRatio(1, 4, report.Rework);            // B
        AssertRatio(1, 2, report.Satisfaction);      // A★5, B★3
    }

    [Fact]
    public async Task A_departments_indicators_cover_the_cases_assigned_to_it_and_its_handler_sees_them()
    {
        using var handler = await app.ClientForAsync("handler");
        var report = await ReadAsync<IndicatorReport>(await handler.GetAsync($"/api/v1/cases/indicators?department=cg&{Period}"));

        // Only L was assigned to 城管 in the week: disposed and closed at county tier, 2 working hours from report to close
        // (10 + 5 + 45 + 60 min, Monday morning).
        Assert.Equal(1, report.Reported);
        AssertRatio(1, 1, report.Disposal);
        AssertRatio(1, 1, report.OnTimeClosing);
        AssertRatio(0, 1, report.ResolvedInVillage);
        Assert.Equal(1, report.Tiers.Single(t => t.Level == UnitLevel.County).Share.Numerator);
        AssertStage(1, 2.0, report.StageTimes.Single(s => s.Stage == "total"));
    }

    [Fact]
    public async Task A_period_without_cases_has_no_rates_rather_than_zero()
    {
        using var street = await app.ClientForAsync("street");
        var report = await ReadAsync<IndicatorReport>(await street.GetAsync($"/api/v1/cases/indicators?unit={Street}&from=2025-01-01&to=2025-02-01"));

        Assert.Equal(0, report.Reported);
        Assert.Null(report.Disposal.Rate);
        Assert.Null(report.Hotline.Response.Rate);
        Assert.Null(report.StageTimes.Single(s => s.Stage == "total").AverageWorkingHours);
    }

    [Fact]
    public async Task A_unit_outside_the_callers_jurisdiction_is_forbidden_and_bad_requests_are_refused_with_a_reason()
    {
        using var community = await app.ClientForAsync("community");
        using var resident = await app.ClientForAsync("resident");

        var above = await community.GetAsync($"/api/v1/cases/indicators?unit={Street}&{Period}");
        var unknown = await community.GetAsync($"/api/v1/cases/indicators?unit=999999999&{Period}");
        var noScope = await community.GetAsync($"/api/v1/cases/indicators?{Period}");
        var backwards = await community.GetAsync($"/api/v1/cases/indicators?unit={Community}&from=2026-03-09&to=2026-03-02");
        var noPeriod = await community.GetAsync($"/api/v1/cases/indicators?unit={Community}");
        var notStaff = await resident.GetAsync($"/api/v1/cases/indicators?unit={Community}&{Period}");

        Assert.Equal(HttpStatusCode.Forbidden, above.StatusCode);
        Assert.Contains("管辖范围", (await JsonAsync(above)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noScope.StatusCode);
        Assert.True((await JsonAsync(noScope)).GetProperty("errors").TryGetProperty("unit", out _));
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noPeriod.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notStaff.StatusCode);

        // The community's own subtree is fine: of the street's cases only those of its grids are counted.
        var own = await ReadAsync<IndicatorReport>(await community.GetAsync($"/api/v1/cases/indicators?unit={Community}&{Period}"));
        Assert.Equal(9, own.Reported);
    }

    private static void AssertRatio(int numerator, int denominator, Ratio actual)
    {
        Assert.Equal((numerator, denominator), (actual.Numerator, actual.Denominator));
        Assert.NotNull(actual.Rate);
        Assert.Equal((double)numerator / denominator, actual.Rate!.Value, Precision);
    }

    private static void AssertStage(int cases, double hours, StageTime actual)
    {
        Assert.Equal(cases, actual.Cases);
        Assert.NotNull(actual.AverageWorkingHours);
        Assert.Equal(hours, actual.AverageWorkingHours!.Value, Precision);
    }

    /// <summary>A fresh database with the week's cases; the deadline sweeper stays off so the cases keep their state.</summary>
    public sealed class IndicatorsApp : FengqiaoApp
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await AsSystemAsync(async services =>
            {
                await new Week(services).SeedAsync();
                return 0;
            });
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Cases:Deadlines:SweepInterval", "1.00:00:00");
        }
    }

    private sealed class Week(IServiceProvider services)
    {
        private const string GridPath = "/32/3202/320282/320282001/320282001001/320282001001001/";
        private const string OtherStreetPath = "/32/3202/320282/320282002/320282002001/";

        private readonly FengqiaoDbContext _db = services.GetRequiredService<FengqiaoDbContext>();
        private WorkingCalendar _calendar = null!;
        private CategoryVersion _rubbish = null!;
        private Dictionary<string, Guid> _users = null!;

        private static DateTimeOffset Monday(int hour, int minute = 0) => ChinaTime.At(new DateOnly(2026, 3, 2), new TimeOnly(hour, minute)).ToUniversalTime();

        public async Task SeedAsync()
        {
            _calendar = await services.GetRequiredService<WorkingCalendarProvider>().GetAsync();
            _rubbish = await _db.Set<CategoryVersion>().AsNoTracking().Where(v => v.CategoryCode == "E0102").OrderByDescending(v => v.Number).FirstAsync();
            _users = await _db.Users.Where(u => new[] { "grid", "community", "street", "supervisor", "handler" }.Contains(u.UserName))
                .ToDictionaryAsync(u => u.UserName!, u => u.Id);
            var t = Monday(9);
            var m = TimeSpan.FromMinutes(1);
            var day = TimeSpan.FromDays(1);

            // A: the plain path, closed at grid, ★5.
            var a = Report(CaseChannel.Resident, t, "小区门口垃圾堆放");
            FileAndDispatch(a, t + (10 * m), t + (15 * m), UnitLevel.Grid, Grid);
            a.Accept(Grid_(), Clock(t + (20 * m)));
            a.RequestClose("已清运。", Grid_(), Clock(t + (60 * m)));
            a.Verify(true, "现场已清理。", Supervisor(), Clock(t + (90 * m)));
            a.Rate(5, "很快。", ActorStamp.Reporter(null, "居民"), Clock(t + (120 * m)));

            // B: one rework, closed at grid on time, ★3.
            var b = Report(CaseChannel.Resident, t + m, "绿化带垃圾");
            FileAndDispatch(b, t + m + (10 * m), t + m + (15 * m), UnitLevel.Grid, Grid);
            b.Accept(Grid_(), Clock(t + m + (20 * m)));
            b.RequestClose("已清运。", Grid_(), Clock(t + m + (60 * m)));
            b.Verify(false, "仍有残留垃圾。", Supervisor(), Clock(t + m + (90 * m)));
            b.RequestClose("已彻底清理。", Grid_(), Clock(t + m + (120 * m)));
            b.Verify(true, "已清理。", Supervisor(), Clock(t + m + (150 * m)));
            b.Rate(3, null, ActorStamp.Reporter(null, "居民"), Clock(t + m + (180 * m)));

            // C: filed two days late, returned by the grid, disposed three days late by the community.
            var c = Report(CaseChannel.Resident, t + (2 * m), "菜场后门垃圾");
            var filed = t + (2 * m) + (2 * day);
            FileAndDispatch(c, filed, filed + (5 * m), UnitLevel.Grid, Grid);
            c.Return("不属于本网格处置范围。", Grid_(), Clock(filed + (10 * m)));
            c.Dispatch(new HolderTarget(UnitLevel.Community, Community, null), "改派社区", Community_(), Clock(filed + (15 * m)));
            c.Accept(Community_(), Clock(filed + (20 * m)));
            c.RequestClose("已清运。", Community_(), Clock(filed + (5 * m) + (3 * day)));
            c.Verify(true, "已清理。", Supervisor(), Clock(filed + (35 * m) + (3 * day)));

            // D: hotline, escalated grid → community → street, closed at street, ★4.
            var d = Report(CaseChannel.Hotline, t + (3 * m), "热线反映垃圾清运不及时");
            FileAndDispatch(d, t + (13 * m), t + (18 * m), UnitLevel.Grid, Grid);
            d.Escalate("需要协调环卫车辆。", false, Grid_(), Clock(t + (19 * m)));
            d.Escalate("需要街道协调。", false, Community_(), Clock(t + (20 * m)));
            d.Accept(Street_(), Clock(t + (33 * m)));
            d.RequestClose("已协调清运。", Street_(), Clock(t + (93 * m)));
            d.Verify(true, "已清理。", Supervisor(), Clock(t + (123 * m)));
            d.Rate(4, null, ActorStamp.Reporter(null, "热线来电人"), Clock(t + (150 * m)));

            // E: hotline, rejected. F: hotline just after midnight Shanghai, untouched.
            var e = Report(CaseChannel.Hotline, t + (4 * m), "咨询垃圾分类时间");
            e.Reject(RejectionReason.Invalid, "咨询类，已当场答复。", null, Community_(), Clock(t + (14 * m)));
            var f = Report(CaseChannel.Hotline, Monday(0, 30), "夜间反映垃圾桶满溢");

            // G: suspended while in progress. H: in progress.
            var g = Report(CaseChannel.Resident, t + (5 * m), "工地旁垃圾");
            FileAndDispatch(g, t + (15 * m), t + (20 * m), UnitLevel.Grid, Grid);
            g.Accept(Grid_(), Clock(t + (25 * m)));
            g.RequestApproval(ApprovalKind.Suspension, "权属不清，待街道确认。", null, Grid_(), Clock(t + (35 * m)));
            g.DecideApproval(true, "同意挂起。", Street_(), Clock(t + (45 * m)));
            var h = Report(CaseChannel.Resident, t + (6 * m), "楼道堆放垃圾");
            FileAndDispatch(h, t + (16 * m), t + (21 * m), UnitLevel.Grid, Grid);
            h.Accept(Grid_(), Clock(t + (26 * m)));

            // I: the grid worker's own report, closed on the spot.
            var i = Report(CaseChannel.GridPatrol, t + (7 * m), "路边垃圾袋");
            i.CloseOnTheSpot(_rubbish, new HolderTarget(UnitLevel.Grid, Grid, null), "已当场清理。", Grid_(), Clock(t + (12 * m)));

            // J: Monday 03-09 07:00 in Shanghai, still Sunday in UTC: outside the week.
            var j = Report(CaseChannel.Resident, ChinaTime.At(new DateOnly(2026, 3, 9), new TimeOnly(7, 0)).ToUniversalTime(), "周一早上垃圾");
            FileAndDispatch(j, j.ReportedAt + (10 * m), j.ReportedAt + (15 * m), UnitLevel.Grid, Grid);

            // L: another street, assigned to 城管 at county tier, 2 h from report to close.
            var l = Report(CaseChannel.Resident, t + (8 * m), "沿街店铺占道堆放垃圾", OtherStreetPath, "320282002001");
            FileAndDispatch(l, t + (18 * m), t + (23 * m), UnitLevel.County, "320282", "cg");
            var handler = new ActorStamp(_users["handler"], "钱立新", "department-handler", "320282");
            l.Accept(handler, Clock(t + (28 * m)));
            l.RequestClose("已责令清理。", handler, Clock(t + (68 * m)));
            l.Verify(true, "已清理。", Supervisor(), Clock(t + (128 * m)));

            _db.Set<Case>().AddRange(a, b, c, d, e, f, g, h, i, j, l);
            await _db.SaveChangesAsync();
        }

        private StageClock Clock(DateTimeOffset at) => new(_calendar, new DeadlineOptions(), at);

        private Case Report(CaseChannel channel, DateTimeOffset at, string title, string path = GridPath, string community = Community)
        {
            var grid = path == GridPath ? Grid : null;
            var details = new NewCase(
                TrackingCodes.New(), channel, title, title + "，请尽快处理。", title + "，请尽快处理。", "宜城街道", null, null, false,
                path, grid, community, false, null, null, null, null, true, null, CasePriority.Normal, null, "E0102", 0, [], null, false);
            return Case.Report(details, ActorStamp.Reporter(null, "居民"), Clock(at));
        }

        private void FileAndDispatch(Case item, DateTimeOffset filedAt, DateTimeOffset dispatchedAt, UnitLevel level, string unit, string? department = null)
        {
            item.File(_rubbish, Community_(), Clock(filedAt), null);
            item.Dispatch(new HolderTarget(level, unit, department), "按派遣规则", Community_(), Clock(dispatchedAt));
        }

        private ActorStamp Grid_() => new(_users["grid"], "王建国", "grid-worker", Grid);

        private ActorStamp Community_() => new(_users["community"], "李文静", "community-worker", Community);

        private ActorStamp Street_() => new(_users["street"], "周晓燕", "street-officer", "320282001");

        private ActorStamp Supervisor() => new(_users["supervisor"], "陈督办", "supervisor", "320282");
    }
}
