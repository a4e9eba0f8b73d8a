using System.Net;
using System.Net.Http.Json;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Queries;
using Fengqiao.Cases.StaffConsole;
using static Fengqiao.Tests.Cases.CaseFixtures;
using static Fengqiao.Tests.Cases.StaffConsole.ConsoleFixtures;

namespace Fengqiao.Tests.Cases.StaffConsole;

/// <summary>The console's filters (category subtree, grid, channel, deadline state, reported dates, text) and the map of open cases.</summary>
public sealed class CaseFilterAndMapTests(StaffConsoleApp app) : IClassFixture<StaffConsoleApp>
{
    [Fact]
    public async Task Queue_filters_narrow_by_category_subtree_grid_channel_deadline_dates_and_text()
    {
        var tag = NewTag();
        using var resident = app.CreateClient();
        using var community = await app.ClientForAsync("community");
        var rubbish = await ReportAsync(app, resident, Grid, $"{tag} 南门垃圾堆放", "E0102");
        var wires = await ReportAsync(app, resident, OtherGrid, $"{tag} 楼道私拉电线", "S0301");
        var hotline = await ReportAsync(app, community, Grid, $"{tag} 热线反映垃圾未清运", "E0102", phone: "13611112222", path: "/api/v1/cases?channel=Hotline");
        using var street = await app.ClientForAsync("street");

        async Task<IReadOnlyList<string>> Codes(string filters) =>
            [.. (await ReadAsync<CasePage>(await street.GetAsync($"/api/v1/cases?queue=All&text={Uri.EscapeDataString(tag)}{filters}"))).Items.Select(c => c.TrackingCode).Order()];

        Assert.Equal(new[] { rubbish.TrackingCode, wires.TrackingCode, hotline.TrackingCode }.Order(), await Codes(""));
        Assert.Equal(new[] { rubbish.TrackingCode, hotline.TrackingCode }.Order(), await Codes("&category=E01"));
        Assert.Equal([wires.TrackingCode], await Codes("&grid=" + OtherGrid));
        Assert.Equal([hotline.TrackingCode], await Codes("&channel=Hotline"));
        Assert.Equal([rubbish.TrackingCode], await Codes("&channel=Resident&grid=" + Grid));
        Assert.Equal(3, (await Codes("&deadline=Normal")).Count);
        Assert.Empty(await Codes("&deadline=Overdue"));

        var today = Fengqiao.Kernel.Time.ChinaTime.ToLocal(DateTimeOffset.UtcNow).Date;
        string Day(int offset) => Uri.EscapeDataString(new DateTimeOffset(today.AddDays(offset), TimeSpan.FromHours(8)).ToString("O"));
        Assert.Equal(3, (await Codes($"&from={Day(0)}&to={Day(1)}")).Count);
        Assert.Empty(await Codes($"&from={Day(-2)}&to={Day(0)}"));

        // The tracking code alone finds the case, whatever its title.
        var byCode = await ReadAsync<CasePage>(await street.GetAsync($"/api/v1/cases?queue=All&text={wires.TrackingCode}"));
        Assert.Equal(wires.Id, Assert.Single(byCode.Items).Id);
    }

    [Fact]
    public async Task A_date_range_that_ends_before_it_starts_is_refused_and_an_unknown_channel_is_a_bad_request()
    {
        using var street = await app.ClientForAsync("street");
        var backwards = await street.GetAsync($"/api/v1/cases?from={Uri.EscapeDataString("2026-11-20T00:00:00+08:00")}&to={Uri.EscapeDataString("2026-11-01T00:00:00+08:00")}");
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains("结束日期须晚于开始日期", await backwards.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var unknown = await street.GetAsync("/api/v1/cases?channel=Pigeon");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task The_map_shows_open_cases_of_the_callers_jurisdiction_only_with_their_deadline_state()
    {
        var tag = NewTag();
        using var resident = app.CreateClient();
        var mine = await ReportAsync(app, resident, Grid, $"{tag} 路灯不亮", "E0102");
        var neighbour = await ReportAsync(app, resident, OtherGrid, $"{tag} 井盖松动", "E0102");
        var rejected = await ReportAsync(app, resident, Grid, $"{tag} 测试上报", "E0102");
        using var community = await app.ClientForAsync("community");
        var rejectedRow = (await ReadAsync<CasePage>(await community.GetAsync($"/api/v1/cases?queue=All&text={rejected.TrackingCode}"))).Items.Single();
        await ReadAsync<Fengqiao.Cases.Workflow.CaseStepResult>(await community.PostAsJsonAsync(
            $"/api/v1/cases/{rejected.Id}/reject", new { version = rejectedRow.Version, reason = "Invalid", note = "测试信息，不是真实问题。" }, Json));

        using var street = await app.ClientForAsync("street");
        var all = await ReadAsync<CaseMapView>(await street.GetAsync($"/api/v1/cases/map?text={Uri.EscapeDataString(tag)}"));
        Assert.Equal(new[] { mine.TrackingCode, neighbour.TrackingCode }.Order(), all.Points.Select(p => p.TrackingCode).Order());
        Assert.All(all.Points, p => Assert.Equal(DeadlineState.Normal, p.DeadlineState));
        Assert.All(all.Points, p => Assert.InRange(p.Longitude, 119, 121));

        // 茶东社区 (the community worker's) does not see the neighbouring community's case on its map.
        var own = await ReadAsync<CaseMapView>(await community.GetAsync($"/api/v1/cases/map?text={Uri.EscapeDataString(tag)}"));
        Assert.Equal(mine.TrackingCode, Assert.Single(own.Points).TrackingCode);
        Assert.Equal(CaseStatus.Reported, own.Points[0].Status);
    }
}
