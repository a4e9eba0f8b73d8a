using System.Net;
using System.Net.Http.Json;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Intake;
using Fengqiao.Cases.Public;
using Fengqiao.Cases.Queries;
using Fengqiao.Cases.Workflow;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;
using static Fengqiao.Tests.Cases.CaseFixtures;

namespace Fengqiao.Tests.Cases;

/// <summary>
/// The core loop over real HTTP and a real database: 上报 → 立案 → 派遣 → 签收 → 处置 → 核查 → 结案 → 评价, routed to the
/// lowest tier the category names, with every step on the timeline and the tier that resolved it recorded.
/// </summary>
public sealed class CaseWorkflowTests(CasesApp app) : IClassFixture<CasesApp>
{
    [Fact]
    public async Task Exposed_rubbish_reported_by_a_resident_goes_to_the_grid_worker_and_is_resolved_at_grid_tier()
    {
        var (lon, lat) = await PointInAsync(app, Grid);
        using var anonymous = app.CreateClient();
        var receipt = await ReadAsync<ReportReceipt>(await ReportAsync(anonymous, new
        {
            title = "小区门口垃圾堆放",
            description = "阳光花园南门外绿化带旁边堆了很多生活垃圾，已经好几天没人清理，气味很大。",
            longitude = lon,
            latitude = lat,
            categoryCode = "E0102",
            contactName = "王秀英",
            contactPhone = "13812345678",
        }));

        Assert.Equal(CaseStatus.Dispatched, receipt.Status);
        Assert.Equal(Grid, receipt.GridCode);
        Assert.Equal("网格", receipt.HolderTier);
        Assert.Equal(TrackingCodes.Length, receipt.TrackingCode.Length);

        using var grid = await app.ClientForAsync("grid");
        var mine = await ReadAsync<CasePage>(await grid.GetAsync("/api/v1/cases?queue=Mine"));
        var row = Assert.Single(mine.Items, c => c.TrackingCode == receipt.TrackingCode);
        Assert.Equal(Grid, row.HolderUnitCode);
        var counts = await ReadAsync<QueueCounts>(await grid.GetAsync("/api/v1/cases/counts"));
        Assert.True(counts.Mine >= 1 && counts.Mine == mine.Total, $"{counts.Mine} vs {mine.Total}");
        var filtered = await ReadAsync<CasePage>(await grid.GetAsync($"/api/v1/cases?queue=All&from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-1).ToOffset(TimeSpan.FromHours(8)).ToString("O"))}&text={receipt.TrackingCode}"));
        Assert.Single(filtered.Items);

        var accepted = await ReadAsync<CaseStepResult>(await grid.PostAsJsonAsync($"/api/v1/cases/{row.Id}/accept", new { version = row.Version }));
        Assert.Equal(CaseStatus.InProgress, accepted.Status);
        var disposed = await ReadAsync<CaseStepResult>(await grid.PostAsJsonAsync($"/api/v1/cases/{row.Id}/request-close", new { version = accepted.Version, note = "已联系保洁清运，现场已清理干净。" }));
        Assert.Equal(CaseStatus.AwaitingVerification, disposed.Status);

        using var supervisor = await app.ClientForAsync("supervisor");
        var closed = await ReadAsync<CaseStepResult>(await supervisor.PostAsJsonAsync($"/api/v1/cases/{row.Id}/verify", new { version = disposed.Version, passed = true, note = "现场核查，已清理。" }));
        Assert.Equal(CaseStatus.Closed, closed.Status);

        var rated = await anonymous.PostAsJsonAsync($"/api/v1/track/{receipt.TrackingCode}/rate", new { score = 5, comment = "处理很快，谢谢！" });
        Assert.Equal(HttpStatusCode.NoContent, rated.StatusCode);

        var status = await ReadAsync<CaseStatusView>(await anonymous.GetAsync($"/api/v1/track/{receipt.TrackingCode}"));
        Assert.Equal(CaseStatus.Closed, status.Status);
        Assert.Equal(5, status.Rating);
        Assert.Equal(6, status.StepIndex);
        Assert.Equal("网格", status.ResolvedTier);
        Assert.DoesNotContain(status.Steps, s => s.Note.Contains("13812345678", StringComparison.Ordinal));

        var detail = await ReadAsync<CaseDetail>(await supervisor.GetAsync($"/api/v1/cases/{row.Id}"));
        Assert.Equal(
            [CaseActionKinds.Report, CaseActionKinds.File, CaseActionKinds.Dispatch, CaseActionKinds.Accept, CaseActionKinds.RequestClose, CaseActionKinds.VerifyPass, CaseActionKinds.Rate],
            detail.Timeline.Select(a => a.Kind));
        Assert.Equal(UnitLevel.Grid, detail.ResolvedLevel);
        Assert.Equal("王**", detail.ReporterName);
        Assert.Equal("138****5678", detail.ReporterPhone);
        Assert.Equal(CloseType.Normal, detail.CloseType);
        var tier = Assert.Single(detail.TierPath);
        Assert.Equal((UnitLevel.Grid, Grid), (tier.Level, tier.UnitCode));
    }

    [Fact]
    public async Task An_unclassified_report_waits_in_triage_until_a_community_worker_files_it_and_the_rules_dispatch_it()
    {
        var (lon, lat) = await PointInAsync(app, Grid);
        using var resident = app.CreateClient();
        var receipt = await ReadAsync<ReportReceipt>(await ReportAsync(resident, new
        {
            description = "楼下有人把电动车推进楼道里充电，电线拖了一地，很危险。",
            longitude = lon,
            latitude = lat,
            anonymous = true,
        }));
        Assert.Equal(CaseStatus.Reported, receipt.Status);
        Assert.True(receipt.NeedsTriage);

        using var community = await app.ClientForAsync("community");
        var triage = await ReadAsync<CasePage>(await community.GetAsync("/api/v1/cases?queue=Triage"));
        var row = Assert.Single(triage.Items, c => c.TrackingCode == receipt.TrackingCode);
        // The demo classifier is trained on hotline messages and is not sure about a fire hazard; without a model it has no answer.
        Assert.Matches("unclassified|low-confidence", row.TriageReasons);

        var filed = await ReadAsync<CaseStepResult>(await community.PostAsJsonAsync($"/api/v1/cases/{row.Id}/file", new { version = row.Version, categoryCode = "S0301" }));
        Assert.Equal(CaseStatus.Filed, filed.Status);
        var dispatched = await ReadAsync<CaseStepResult>(await community.PostAsJsonAsync($"/api/v1/cases/{row.Id}/dispatch", new { version = filed.Version }));

        Assert.Equal(CaseStatus.Dispatched, dispatched.Status);
        Assert.Equal((UnitLevel.Community, Community), (dispatched.HolderLevel, dispatched.HolderUnitCode));
        var detail = await ReadAsync<CaseDetail>(await community.GetAsync($"/api/v1/cases/{row.Id}"));
        Assert.Contains("消防安全隐患", detail.RoutingBasis, StringComparison.Ordinal);
        Assert.Null(detail.ReporterName);
        Assert.True(detail.IsAnonymous);
    }

    [Fact]
    public async Task A_retried_post_with_the_same_idempotency_key_makes_one_case_and_a_different_body_is_a_conflict()
    {
        var (lon, lat) = await PointInAsync(app, Grid);
        using var client = await app.ClientForAsync("grid");
        var key = Guid.NewGuid().ToString();
        var body = new { description = "人行道上共享单车乱停放，堵住了盲道。", longitude = lon, latitude = lat, categoryCode = "E0504" };

        var first = await ReadAsync<ReportReceipt>(await ReportAsync(client, body, key, "/api/v1/cases?channel=GridPatrol"));
        var again = await ReportAsync(client, body, key, "/api/v1/cases?channel=GridPatrol");
        var different = await ReportAsync(client, body with { description = "另一处共享单车乱停放问题，位置不同。" }, key, "/api/v1/cases?channel=GridPatrol");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first.TrackingCode, (await ReadAsync<ReportReceipt>(again)).TrackingCode);
        Assert.Equal(HttpStatusCode.Conflict, different.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().CountAsync(c => c.Description == body.description)));
    }

    [Fact]
    public async Task Bad_places_are_refused_with_a_reason_and_a_point_outside_every_grid_goes_to_the_nearest_communitys_triage()
    {
        using var resident = app.CreateClient();
        var before = await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().CountAsync());

        var invalid = await ReportAsync(resident, new { description = "路灯不亮已经一周了。", longitude = 200.0, latitude = 31.3 });
        var swapped = await ReportAsync(resident, new { description = "路灯不亮已经一周了。", longitude = 31.36, latitude = 119.82 });
        var sea = await ReportAsync(resident, new { description = "路灯不亮已经一周了。", longitude = 150.0, latitude = 20.0 });
        var nowhere = await ReportAsync(resident, new { description = "路灯不亮已经一周了。" });

        Assert.All([invalid, swapped, sea, nowhere], r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Contains("填反", (await JsonAsync(swapped)).GetProperty("errors").GetProperty("location")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().CountAsync()));

        // 宜兴 but kilometres from the demo grids of 宜城街道.
        var outside = await ReadAsync<ReportReceipt>(await ReportAsync(resident, new { description = "山路边有一处塌方，碎石落在路上。", longitude = 119.70, latitude = 31.20 }));
        Assert.True(outside.OutsideGrids);
        Assert.True(outside.NeedsTriage);
        Assert.Null(outside.GridCode);
        Assert.StartsWith("320282", outside.CommunityCode, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Script_in_the_text_is_stored_as_text_and_personal_data_is_masked_in_public()
    {
        var (lon, lat) = await PointInAsync(app, Grid);
        using var resident = app.CreateClient();
        const string description = "<script>alert('x')</script> 我的电话 13912345678，身份证 32028219800101001X，楼道堆物。";
        var receipt = await ReadAsync<ReportReceipt>(await ReportAsync(resident, new { description, longitude = lon, latitude = lat, categoryCode = "S0301" }));

        var status = await ReadAsync<CaseStatusView>(await resident.GetAsync($"/api/v1/track/{receipt.TrackingCode}"));
        Assert.Contains("<script>alert('x')</script>", status.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("13912345678", status.Description, StringComparison.Ordinal);
        Assert.Contains("139****5678", status.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("32028219800101001X", status.Description, StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().Where(c => c.TrackingCode == receipt.TrackingCode).Select(c => c.Description).SingleAsync());
        Assert.Equal(description, stored);
    }

    [Fact]
    public async Task Unknown_categories_and_missing_required_answers_are_refused()
    {
        var (lon, lat) = await PointInAsync(app, Grid);
        using var resident = app.CreateClient();

        var unknown = await ReportAsync(resident, new { description = "楼道里有股煤气味。", longitude = lon, latitude = lat, categoryCode = "X999" });
        var unanswered = await ReportAsync(resident, new { description = "楼道里有股煤气味。", longitude = lon, latitude = lat, categoryCode = "E0403" });
        var answered = await ReportAsync(resident, new { description = "楼道里有股煤气味。", longitude = lon, latitude = lat, categoryCode = "E0403", answers = new Dictionary<string, string> { ["valve_closed"] = "yes" } });

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unanswered.StatusCode);
        Assert.True((await JsonAsync(unanswered)).GetProperty("errors").TryGetProperty("answers.valve_closed", out _));
        Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
    }

    [Fact]
    public async Task Two_staff_acting_on_the_same_view_of_a_case_one_wins_and_the_other_is_told()
    {
        var (id, version) = await DispatchedToGridAsync("路边有人占道摆摊卖水果。", "E0502");
        using var first = await app.ClientForAsync("grid");
        using var second = await app.ClientForAsync("grid");

        var responses = await Task.WhenAll(
            first.PostAsJsonAsync($"/api/v1/cases/{id}/accept", new { version }),
            second.PostAsJsonAsync($"/api/v1/cases/{id}/accept", new { version }));

        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.OK) == 1, string.Join(", ", responses.Select(r => r.StatusCode)));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_grid_worker_of_another_grid_neither_sees_nor_acts_on_the_case()
    {
        var (id, version) = await DispatchedToGridAsync("小广告贴满了单元门。", "E0201");
        using var other = await app.ClientForAsync("grid2");

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/cases/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/v1/cases/{id}/accept", new { version })).StatusCode);
        var mine = await ReadAsync<CasePage>(await other.GetAsync("/api/v1/cases?queue=All&pageSize=200"));
        Assert.DoesNotContain(mine.Items, c => c.Id == id);
    }

    [Fact]
    public async Task The_community_worker_may_not_accept_what_the_grid_holds_and_the_disposer_may_not_verify()
    {
        var (id, version) = await DispatchedToGridAsync("绿化带里有人倒了建筑垃圾。", "E0102");
        using var community = await app.ClientForAsync("community");
        using var grid = await app.ClientForAsync("grid");

        Assert.Equal(HttpStatusCode.Forbidden, (await community.PostAsJsonAsync($"/api/v1/cases/{id}/accept", new { version })).StatusCode);
        var accepted = await ReadAsync<CaseStepResult>(await grid.PostAsJsonAsync($"/api/v1/cases/{id}/accept", new { version }));
        var disposed = await ReadAsync<CaseStepResult>(await grid.PostAsJsonAsync($"/api/v1/cases/{id}/request-close", new { version = accepted.Version, note = "已清理。" }));
        var selfVerify = await grid.PostAsJsonAsync($"/api/v1/cases/{id}/verify", new { version = disposed.Version, passed = true });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, selfVerify.StatusCode);
        var rework = await ReadAsync<CaseStepResult>(await community.PostAsJsonAsync($"/api/v1/cases/{id}/verify", new { version = disposed.Version, passed = false, note = "现场仍有残留。" }));
        Assert.Equal(CaseStatus.InProgress, rework.Status);
        var detail = await ReadAsync<CaseDetail>(await community.GetAsync($"/api/v1/cases/{id}"));
        Assert.Equal(1, detail.ReworkCount);
    }

    [Fact]
    public async Task A_duplicate_is_rejected_into_the_original_which_gains_a_follower()
    {
        var (lon, lat) = await PointInAsync(app, Grid);
        using var resident = app.CreateClient();
        var original = await ReadAsync<ReportReceipt>(await ReportAsync(resident, new { description = "人民南路88号门口窨井盖缺失，晚上很危险。", longitude = lon, latitude = lat, categoryCode = "P0101" }));
        var repeat = await ReadAsync<ReportReceipt>(await ReportAsync(resident, new { description = "人民南路88号门口的窨井盖缺失了，太危险。", longitude = lon + 0.0001, latitude = lat, categoryCode = "P0101" }));
        Assert.Equal(original.TrackingCode, repeat.PossibleDuplicateTrackingCode);
        Assert.Equal(CaseStatus.Reported, repeat.Status);

        using var community = await app.ClientForAsync("community");
        var rejected = await community.PostAsJsonAsync($"/api/v1/cases/{repeat.Id}/reject", new { reason = "Duplicate", duplicateOf = original.TrackingCode });
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);

        var status = await ReadAsync<CaseStatusView>(await resident.GetAsync($"/api/v1/track/{original.TrackingCode}"));
        Assert.Equal(1, status.FollowerCount);
        var repeated = await ReadAsync<CaseStatusView>(await resident.GetAsync($"/api/v1/track/{repeat.TrackingCode}"));
        Assert.Contains(original.TrackingCode, repeated.Steps[^1].Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_tracking_code_says_not_found_and_a_closed_case_cannot_be_rated_twice()
    {
        using var resident = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await resident.GetAsync("/api/v1/track/ZZZZZZZZZZ")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await resident.GetAsync("/api/v1/track/not-a-code")).StatusCode);

        var code = await ClosedCaseAsync("垃圾箱满了溢出来。", "E0102");
        Assert.Equal(HttpStatusCode.BadRequest, (await resident.PostAsJsonAsync($"/api/v1/track/{code}/rate", new { score = (int?)null })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await resident.PostAsJsonAsync($"/api/v1/track/{code}/rate", new { score = 7 })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await resident.PostAsJsonAsync($"/api/v1/track/{code}/rate", new { score = 4 })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await resident.PostAsJsonAsync($"/api/v1/track/{code}/rate", new { score = 5 })).StatusCode);
    }

    [Fact]
    public async Task A_reporter_reopens_within_the_window_and_the_resolving_tier_takes_it_again_but_not_after_the_window()
    {
        using var resident = app.CreateClient();
        var code = await ClosedCaseAsync("楼下垃圾又堆起来了。", "E0102");

        Assert.Equal(HttpStatusCode.NoContent, (await resident.PostAsJsonAsync($"/api/v1/track/{code}/reopen", new { reason = "第二天又堆满了。" })).StatusCode);
        var status = await ReadAsync<CaseStatusView>(await resident.GetAsync($"/api/v1/track/{code}"));
        Assert.Equal(CaseStatus.Dispatched, status.Status);
        Assert.Equal("网格", status.HolderTier);

        var late = await ClosedCaseAsync("路边垃圾没人管。", "E0102");
        app.Time.Advance(TimeSpan.FromDays(8));
        try
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await resident.PostAsJsonAsync($"/api/v1/track/{late}/reopen", new { reason = "又脏了。" })).StatusCode);
        }
        finally
        {
            app.Time.Advance(TimeSpan.FromDays(-8));
        }
    }

    [Fact]
    public async Task Residents_follow_an_open_public_case_instead_of_reporting_it_again_but_not_a_private_dispute()
    {
        var (lon, lat) = await PointInAsync(app, Grid);
        using var resident = app.CreateClient();
        var open = await ReadAsync<ReportReceipt>(await ReportAsync(resident, new { description = $"路口信号灯不亮（{Guid.NewGuid():N}）", longitude = lon, latitude = lat, categoryCode = "P0201", anonymous = true }));
        var dispute = await ReadAsync<ReportReceipt>(await ReportAsync(resident, new { description = $"楼上邻居装修噪音纠纷（{Guid.NewGuid():N}）", longitude = lon, latitude = lat, categoryCode = "S0101", anonymous = true }));

        var nearby = await ReadAsync<List<NearbyPublicCase>>(await resident.GetAsync($"/api/v1/public/nearby?longitude={lon}&latitude={lat}"));
        var followed = await resident.PostAsync($"/api/v1/track/{open.TrackingCode}/follow", null);
        var refused = await resident.PostAsync($"/api/v1/track/{dispute.TrackingCode}/follow", null);

        Assert.Contains(nearby, n => n.TrackingCode == open.TrackingCode);
        Assert.DoesNotContain(nearby, n => n.TrackingCode == dispute.TrackingCode);
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
        Assert.Equal(1, (await JsonAsync(followed)).GetProperty("followers").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }

    private async Task<(Guid Id, long Version)> DispatchedToGridAsync(string description, string category)
    {
        var (lon, lat) = await PointInAsync(app, Grid);
        using var resident = app.CreateClient();

        // Distinct text per call, so that the duplicate check does not hold the report back.
        var receipt = await ReadAsync<ReportReceipt>(await ReportAsync(resident, new { description = $"{description}（{Guid.NewGuid():N}）", longitude = lon, latitude = lat, categoryCode = category, anonymous = true }));
        Assert.Equal(CaseStatus.Dispatched, receipt.Status);
        var version = await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().Where(c => c.Id == receipt.Id).Select(c => c.Version).SingleAsync());
        return (receipt.Id, version);
    }

    private async Task<string> ClosedCaseAsync(string description, string category)
    {
        var (id, version) = await DispatchedToGridAsync(description, category);
        using var grid = await app.ClientForAsync("grid");
        using var supervisor = await app.ClientForAsync("supervisor");
        var accepted = await ReadAsync<CaseStepResult>(await grid.PostAsJsonAsync($"/api/v1/cases/{id}/accept", new { version }));
        var disposed = await ReadAsync<CaseStepResult>(await grid.PostAsJsonAsync($"/api/v1/cases/{id}/request-close", new { version = accepted.Version, note = "已处理。" }));
        var closed = await ReadAsync<CaseStepResult>(await supervisor.PostAsJsonAsync($"/api/v1/cases/{id}/verify", new { version = disposed.Version, passed = true }));
        return closed.TrackingCode;
    }
}
