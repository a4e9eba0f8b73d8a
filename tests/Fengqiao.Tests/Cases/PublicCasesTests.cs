using System.Net;
using System.Net.Http.Json;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Intake;
using Fengqiao.Cases.Public;
using Fengqiao.Cases.Workflow;
using Microsoft.EntityFrameworkCore;
using static Fengqiao.Tests.Cases.CaseFixtures;

namespace Fengqiao.Tests.Cases;

/// <summary>
/// 办理公开: the public list, map and per-community statistics of 茶东社区 (320282001001). Three reports from one grid:
/// rubbish outside a private home with the reporter's phone in the text (closed at grid tier on time, ★5), a broken
/// signal light at a public crossing (open), and a neighbour noise dispute (a private category: never public).
/// </summary>
public sealed class PublicCasesTests(CasesApp app) : IClassFixture<CasesApp>
{
    private const string Phone = "13912345678";

    [Fact]
    public async Task The_public_list_shows_public_cases_only_with_masked_text_and_a_private_homes_location_coarsened()
    {
        var (home, crossing, dispute, point) = await ThreeReportsAsync();
        using var anyone = app.CreateClient();

        var response = await anyone.GetAsync($"/api/v1/public/cases?unit={Community}&pageSize=500");
        var raw = await response.Content.ReadAsStringAsync();
        var page = await ReadAsync<PublicCasePage>(response);

        var atHome = Assert.Single(page.Items, i => i.TrackingCode == home);
        var atCrossing = Assert.Single(page.Items, i => i.TrackingCode == crossing);
        Assert.DoesNotContain(page.Items, i => i.TrackingCode == dispute);

        // No personal data anywhere in the answer: neither the phone in the text, nor half of it cut by the title.
        Assert.DoesNotContain(Phone, raw, StringComparison.Ordinal);
        Assert.DoesNotContain("1391234", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("王建国", raw, StringComparison.Ordinal);
        Assert.Contains("139****5678", atHome.Description, StringComparison.Ordinal);

        // The private home is snapped to the ≈ 500 m grid; the crossing keeps its place (to 5 decimals, about 1 m).
        Assert.True(atHome.LocationCoarsened);
        Assert.Equal(0, Math.Round(atHome.Longitude!.Value / PublicCases.CoarseStep, 6) % 1);
        Assert.Equal(0, Math.Round(atHome.Latitude!.Value / PublicCases.CoarseStep, 6) % 1);
        Assert.False(atCrossing.LocationCoarsened);
        Assert.Equal(Math.Round(point.Longitude, 5), atCrossing.Longitude!.Value, 6);
        Assert.Equal(Math.Round(point.Latitude, 5), atCrossing.Latitude!.Value, 6);
        Assert.Equal("茶东社区", atCrossing.CommunityName);
    }

    [Fact]
    public async Task The_public_list_filters_by_category_and_status_and_refuses_a_private_category_or_a_bad_unit()
    {
        var (home, crossing, _, _) = await ThreeReportsAsync();
        using var anyone = app.CreateClient();

        var rubbish = await ReadAsync<PublicCasePage>(await anyone.GetAsync($"/api/v1/public/cases?unit={Community}&category=E01&pageSize=500"));
        var closed = await ReadAsync<PublicCasePage>(await anyone.GetAsync($"/api/v1/public/cases?unit={Community}&open=false&pageSize=500"));
        var open = await ReadAsync<PublicCasePage>(await anyone.GetAsync($"/api/v1/public/cases?unit={Community}&open=true&pageSize=500"));
        var categories = await ReadAsync<List<PublicCategory>>(await anyone.GetAsync("/api/v1/public/categories"));
        var privateCategory = await anyone.GetAsync("/api/v1/public/cases?category=S0101");
        var badUnit = await anyone.GetAsync("/api/v1/public/statistics?unit=<script>");
        var unknownUnit = await anyone.GetAsync("/api/v1/public/cases?unit=999999999999");

        Assert.Contains(rubbish.Items, i => i.TrackingCode == home);
        Assert.DoesNotContain(rubbish.Items, i => i.TrackingCode == crossing);
        Assert.All(closed.Items, i => Assert.Equal(CaseStatus.Closed, i.Status));
        Assert.Contains(closed.Items, i => i.TrackingCode == home);
        Assert.Contains(open.Items, i => i.TrackingCode == crossing);
        Assert.DoesNotContain(open.Items, i => i.TrackingCode == home);
        Assert.Contains(categories, c => c.Code == "E0102");
        Assert.DoesNotContain(categories, c => c.Code == "S0101");
        Assert.Equal(HttpStatusCode.BadRequest, privateCategory.StatusCode);
        Assert.Contains("不是公开的事件类别", (await JsonAsync(privateCategory)).GetProperty("errors").GetProperty("category")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badUnit.StatusCode);
        Assert.True((await JsonAsync(badUnit)).GetProperty("errors").TryGetProperty("unit", out _));
        Assert.Equal(HttpStatusCode.NotFound, unknownUnit.StatusCode);
    }

    [Fact]
    public async Task Community_statistics_count_public_cases_only_with_on_time_satisfaction_and_resolved_locally_rates()
    {
        using var anyone = app.CreateClient();
        var before = await StatisticsAsync(anyone);

        await ThreeReportsAsync();
        var after = await StatisticsAsync(anyone);

        // Of the three reports two are public (the dispute is not); one of them is closed at grid tier on time, rated ★5.
        Assert.Equal("茶东社区", after.CommunityName);
        Assert.Equal(before.Reported + 2, after.Reported);
        Assert.Equal(before.Closed + 1, after.Closed);
        Assert.Equal(before.ClosedOnTime + 1, after.ClosedOnTime);
        Assert.Equal(before.Rated + 1, after.Rated);
        Assert.Equal(before.Satisfied + 1, after.Satisfied);
        Assert.Equal(before.ResolvedAtGrid + 1, after.ResolvedAtGrid);
        Assert.Equal(before.ResolvedAtCommunity, after.ResolvedAtCommunity);
        Assert.Equal(Math.Round((double)after.Closed / after.Reported, 4), after.ClosingRate);
        Assert.Equal(Math.Round((double)after.ClosedOnTime / after.Closed, 4), after.OnTimeRate);
        Assert.Equal(Math.Round((double)after.Satisfied / after.Rated, 4), after.SatisfactionRate);
        Assert.Equal(Math.Round((double)(after.ResolvedAtGrid + after.ResolvedAtCommunity) / after.Closed, 4), after.ResolvedInVillageRate);

        // The private dispute exists, is filed, and still counts nowhere in public.
        var disputes = await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().CountAsync(c => c.CommunityCode == Community && !c.IsPublic && c.CategoryCode == "S0101"));
        Assert.True(disputes > 0);
        Assert.Equal(
            await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().CountAsync(c => c.CommunityCode == Community && c.IsPublic && !c.HasSensitiveContent && c.Status != CaseStatus.Reported && c.Status != CaseStatus.Rejected)),
            after.Reported);
    }

    private async Task<CommunityStatistics> StatisticsAsync(HttpClient client)
    {
        var rows = await ReadAsync<List<CommunityStatistics>>(await client.GetAsync("/api/v1/public/statistics?unit=320282001"));
        return rows.SingleOrDefault(r => r.CommunityCode == Community)
            ?? new CommunityStatistics(Community, "茶东社区", 0, 0, null, null, 0, 0, null, 0, 0, null, 0, 0, null);
    }

    /// <summary>The three reports; the one at the private home is then accepted, disposed, verified and rated ★5.</summary>
    private async Task<(string Home, string Crossing, string Dispute, (double Longitude, double Latitude) Point)> ThreeReportsAsync()
    {
        var point = await PointInAsync(app, Grid);
        using var resident = app.CreateClient();
        var tag = Guid.NewGuid().ToString("N");

        // No title: the stored title is the first 30 characters, which cut the phone number in two. Distinct text per call
        // (a fresh GUID), so that the duplicate check does not hold a report back; the closed case is no candidate.
        var home = await ReadAsync<ReportReceipt>(await ReportAsync(resident, new
        {
            description = $"楼道里堆满了垃圾没人清理请尽快处理联系电话{Phone}谢谢（{tag}）",
            longitude = point.Longitude, latitude = point.Latitude, categoryCode = "E0102", privatePlace = true,
            contactName = "王建国", contactPhone = Phone,
        }));
        var crossing = await ReadAsync<ReportReceipt>(await ReportAsync(resident, new { description = $"路口信号灯不亮（{Guid.NewGuid():N}）", longitude = point.Longitude, latitude = point.Latitude, categoryCode = "P0201", anonymous = true }));
        var dispute = await ReadAsync<ReportReceipt>(await ReportAsync(resident, new { description = $"楼上邻居装修噪音纠纷（{Guid.NewGuid():N}）", longitude = point.Longitude, latitude = point.Latitude, categoryCode = "S0101", anonymous = true }));
        Assert.Equal(CaseStatus.Dispatched, home.Status);

        using var grid = await app.ClientForAsync("grid");
        using var supervisor = await app.ClientForAsync("supervisor");
        var version = await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().Where(c => c.Id == home.Id).Select(c => c.Version).SingleAsync());
        var accepted = await ReadAsync<CaseStepResult>(await grid.PostAsJsonAsync($"/api/v1/cases/{home.Id}/accept", new { version }));
        var disposed = await ReadAsync<CaseStepResult>(await grid.PostAsJsonAsync($"/api/v1/cases/{home.Id}/request-close", new { version = accepted.Version, note = "已联系物业清运。" }));
        await ReadAsync<CaseStepResult>(await supervisor.PostAsJsonAsync($"/api/v1/cases/{home.Id}/verify", new { version = disposed.Version, passed = true }));
        var rated = await resident.PostAsJsonAsync($"/api/v1/track/{home.TrackingCode}/rate", new { score = 5, comment = "处理及时。" });
        Assert.Equal(HttpStatusCode.NoContent, rated.StatusCode);
        return (home.TrackingCode, crossing.TrackingCode, dispute.TrackingCode, point);
    }
}
