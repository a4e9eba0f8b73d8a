using System.Net;
using System.Net.Http.Json;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Intake;
using Fengqiao.Cases.Points;
using Fengqiao.Cases.Queries;
using Fengqiao.Cases.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Fengqiao.Tests.Cases.CaseFixtures;

namespace Fengqiao.Tests.Cases;

/// <summary>
/// 信息员积分: a clue earns points when filed (2) and more when closed after verification (5), once per case and
/// reason however often the event is delivered; a clue rejected as a duplicate earns nothing.
/// </summary>
public sealed class InformantPointsTests(CasesApp app) : IClassFixture<CasesApp>
{
    [Fact]
    public async Task A_clue_earns_points_when_filed_and_more_when_closed_as_valid_and_community_staff_see_the_ranking()
    {
        var (lon, lat) = await PointInAsync(app, Grid);
        using var informant = await app.ClientForAsync("informant");
        var start = (await ReadAsync<MyPoints>(await informant.GetAsync("/api/v1/cases/points/mine"))).Balance;
        var receipt = await ReadAsync<ReportReceipt>(await ReportAsync(informant, new
        {
            title = "健康路桥下井盖破损",
            description = "健康路桥下人行道上的井盖破了一个角，晚上路过的人容易踩空，请尽快更换。",
            longitude = lon,
            latitude = lat,
            categoryCode = "E0102",
        }, path: "/api/v1/cases?channel=Informant"));
        await app.DrainOutboxAsync();
        var filed = await ReadAsync<MyPoints>(await informant.GetAsync("/api/v1/cases/points/mine"));

        using var grid = await app.ClientForAsync("grid");
        var row = (await ReadAsync<CasePage>(await grid.GetAsync($"/api/v1/cases?queue=Mine&text={receipt.TrackingCode}"))).Items.Single();
        var accepted = await ReadAsync<CaseStepResult>(await grid.PostAsJsonAsync($"/api/v1/cases/{row.Id}/accept", new { version = row.Version }));
        var disposed = await ReadAsync<CaseStepResult>(await grid.PostAsJsonAsync($"/api/v1/cases/{row.Id}/request-close", new { version = accepted.Version, note = "已更换新井盖。" }));
        using var supervisor = await app.ClientForAsync("supervisor");
        await ReadAsync<CaseStepResult>(await supervisor.PostAsJsonAsync($"/api/v1/cases/{row.Id}/verify", new { version = disposed.Version, passed = true, note = "现场核查，井盖已更换。" }));
        await app.DrainOutboxAsync();
        var closed = await ReadAsync<MyPoints>(await informant.GetAsync("/api/v1/cases/points/mine"));

        Assert.Equal(start + 2, filed.Balance);
        Assert.Equal(start + 7, closed.Balance);
        var entries = closed.History.Where(h => h.TrackingCode == receipt.TrackingCode).ToList();
        Assert.Equal([PointReasons.ClosedValid, PointReasons.Filed], entries.Select(h => h.Reason));
        Assert.Equal([5, 2], entries.Select(h => h.Points));

        using var community = await app.ClientForAsync("community");
        var ranking = await ReadAsync<List<PointRanking>>(await community.GetAsync("/api/v1/cases/points/ranking"));
        var first = Assert.Single(ranking);
        Assert.Equal((1, "郑海涛", 7), (first.Rank, first.Name, first.Points)); // only this clue lies in the community
        Assert.Equal(HttpStatusCode.Forbidden, (await informant.GetAsync("/api/v1/cases/points/ranking")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await community.GetAsync("/api/v1/cases/points/mine")).StatusCode);
    }

    [Fact]
    public async Task Points_are_awarded_once_however_often_and_concurrently_the_award_is_delivered()
    {
        var (lon, lat) = await PointInAsync(app, OtherGrid);
        using var informant = await app.ClientForAsync("informant");
        var receipt = await ReadAsync<ReportReceipt>(await ReportAsync(informant, new
        {
            title = "东虹路口红绿灯不亮",
            description = "东虹路和解放路路口的红绿灯从早上开始就不亮了，车辆和行人通行很混乱。",
            longitude = lon,
            latitude = lat,
            categoryCode = "E0102",
        }, path: "/api/v1/cases?channel=Informant"));

        // Three deliveries at once (two nodes and a retry), before and after the outbox's own.
        var awards = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => app.AsSystemAsync(sp =>
            sp.GetRequiredService<InformantPoints>().AwardAsync(receipt.Id, PointReasons.Filed, CancellationToken.None))));
        await app.DrainOutboxAsync();
        var again = await app.AsSystemAsync(sp => sp.GetRequiredService<InformantPoints>().AwardAsync(receipt.Id, PointReasons.Filed, CancellationToken.None));

        // Whichever delivery came first (the outbox worker may beat the three), exactly one entry exists.
        Assert.True(awards.Count(a => a) <= 1);
        Assert.False(again);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<InformantPointEntry>().IgnoreQueryFilters().CountAsync(e => e.CaseId == receipt.Id)));
    }

    [Fact]
    public async Task A_clue_rejected_as_a_duplicate_earns_no_points()
    {
        var (lon, lat) = await PointInAsync(app, Grid);
        var clue = new
        {
            title = "阳光花园3栋楼道堆放杂物",
            description = "阳光花园3栋1单元楼道里堆满了纸箱和旧家具，堵住了消防通道，存在火灾隐患。",
            longitude = lon + 0.0001,
            latitude = lat,
        };
        using var resident = app.CreateClient();
        var original = await ReadAsync<ReportReceipt>(await ReportAsync(resident, clue));
        using var informant = await app.ClientForAsync("informant");
        var repeat = await ReadAsync<ReportReceipt>(await ReportAsync(informant, clue, path: "/api/v1/cases?channel=Informant"));
        Assert.Equal(CaseStatus.Reported, repeat.Status);

        using var community = await app.ClientForAsync("community");
        var detail = await ReadAsync<CaseDetail>(await community.GetAsync($"/api/v1/cases/{repeat.Id}"));
        await ReadAsync<CaseStepResult>(await community.PostAsJsonAsync($"/api/v1/cases/{repeat.Id}/reject",
            new { version = detail.Summary.Version, reason = "Duplicate", duplicateOf = original.TrackingCode }));
        await app.DrainOutboxAsync();

        Assert.False(await app.WithDbAsync(db => db.Set<InformantPointEntry>().IgnoreQueryFilters().AnyAsync(e => e.CaseId == repeat.Id)));
    }
}
