using System.Net;
using System.Net.Http.Json;
using Fengqiao.Cases.Coordination;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Indicators;
using Fengqiao.Cases.Intake;
using Fengqiao.Cases.Queries;
using Fengqiao.Cases.Workflow;
using Fengqiao.Kernel.Units;
using static Fengqiao.Tests.Cases.CaseFixtures;

namespace Fengqiao.Tests.Cases;

/// <summary>
/// 跨网格/跨社区: a case touching two communities is coordinated by their lowest common ancestor, the street; staff of
/// the involved community see it, outsiders do not, the timeline and tier record show it, and it counts once, at the
/// tier that resolved it.
/// </summary>
public sealed class CaseCoordinationTests(CasesApp app) : IClassFixture<CasesApp>
{
    private const string OtherCommunity = "320282001002";
    private const string Street = "320282001";

    [Fact]
    public void The_lowest_common_ancestor_of_two_communities_of_one_street_is_the_street()
    {
        var a = "/32/3202/320282/320282001/320282001001/320282001001001/";
        var b = "/32/3202/320282/320282001/320282001002/";

        Assert.Equal("/32/3202/320282/320282001/", UnitPaths.LowestCommonAncestor([a, b]));
        Assert.Equal(UnitLevel.Street, UnitPaths.DeepestLevel(UnitPaths.LowestCommonAncestor([a, b])));
        Assert.Equal("/32/3202/320282/320282001/320282001001/", UnitPaths.LowestCommonAncestor([a, "/32/3202/320282/320282001/320282001001/"]));
    }

    [Fact]
    public async Task A_case_involving_a_second_community_moves_to_the_street_is_seen_by_both_communities_and_counts_once_at_street_tier()
    {
        var (lon, lat) = await PointInAsync(app, OtherGrid);
        using var resident = app.CreateClient();
        var receipt = await ReadAsync<ReportReceipt>(await ReportAsync(resident, new
        {
            title = "两社区交界处河道漂浮垃圾",
            description = "东氿河在两个社区交界的河段漂着大量塑料瓶和泡沫，两边都说不归自己管。",
            longitude = lon,
            latitude = lat,
            categoryCode = "E0102",
        }));
        using var community = await app.ClientForAsync("community");
        using var handler = await app.ClientForAsync("handler");
        var before = await community.GetAsync($"/api/v1/cases/{receipt.Id}");

        using var grid2 = await app.ClientForAsync("grid2");
        var detail = await ReadAsync<CaseDetail>(await grid2.GetAsync($"/api/v1/cases/{receipt.Id}"));
        var moved = await ReadAsync<CaseStepResult>(await grid2.PostAsJsonAsync($"/api/v1/cases/{receipt.Id}/involve", new
        {
            version = detail.Summary.Version,
            unitCodes = new[] { Community },
            reason = "河道两岸分属两个社区，需要统一清理。",
        }));

        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal((UnitLevel.Street, Street), (moved.HolderLevel!.Value, moved.HolderUnitCode));
        Assert.Equal(CaseStatus.Dispatched, moved.Status);
        var seen = await ReadAsync<CaseDetail>(await community.GetAsync($"/api/v1/cases/{receipt.Id}"));
        Assert.Equal(CaseActionKinds.Coordinate, seen.Timeline[^1].Kind);
        Assert.Contains(Community, seen.Timeline[^1].Note, StringComparison.Ordinal);
        Assert.Equal((UnitLevel.Street, Street, "coordinated"), (seen.TierPath[^1].Level, seen.TierPath[^1].UnitCode, seen.TierPath[^1].How));
        var involved = await ReadAsync<CasePage>(await community.GetAsync("/api/v1/cases/involved"));
        Assert.Contains(involved.Items, c => c.Id == receipt.Id);
        var coordination = await ReadAsync<CaseCoordinationView>(await community.GetAsync($"/api/v1/cases/{receipt.Id}/involved-units"));
        Assert.Equal((Street, UnitLevel.Street), (coordination.CoordinatorUnitCode, coordination.CoordinatorLevel));
        Assert.Equal(Community, Assert.Single(coordination.Units).UnitCode);
        Assert.Equal(HttpStatusCode.NotFound, (await handler.GetAsync($"/api/v1/cases/{receipt.Id}")).StatusCode);
        Assert.DoesNotContain((await ReadAsync<CasePage>(await handler.GetAsync("/api/v1/cases/involved"))).Items, c => c.Id == receipt.Id);

        using var street = await app.ClientForAsync("street");
        var accepted = await ReadAsync<CaseStepResult>(await street.PostAsJsonAsync($"/api/v1/cases/{receipt.Id}/accept", new { version = moved.Version }));
        var disposed = await ReadAsync<CaseStepResult>(await street.PostAsJsonAsync($"/api/v1/cases/{receipt.Id}/request-close", new { version = accepted.Version, note = "街道组织两个社区联合清理了河道。" }));
        await ReadAsync<CaseStepResult>(await grid2.PostAsJsonAsync($"/api/v1/cases/{receipt.Id}/verify", new { version = disposed.Version, passed = true, note = "现场核查，河面已干净。" }));

        using var supervisor = await app.ClientForAsync("supervisor");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var indicators = await ReadAsync<IndicatorReport>(await supervisor.GetAsync($"/api/v1/cases/indicators?unit={Street}&from={today.AddDays(-2):yyyy-MM-dd}&to={today.AddDays(2):yyyy-MM-dd}"));
        Assert.Equal(1, indicators.Tiers.Single(t => t.Level == UnitLevel.Street).Share.Numerator);
        Assert.Equal(1, indicators.Tiers.Sum(t => t.Share.Numerator));
    }

    [Fact]
    public async Task Adding_a_unit_the_case_already_lies_in_an_unknown_code_or_no_reason_is_refused_and_changes_nothing()
    {
        var (lon, lat) = await PointInAsync(app, Grid);
        using var resident = app.CreateClient();
        var receipt = await ReadAsync<ReportReceipt>(await ReportAsync(resident, new
        {
            title = "健康路人行道被占用",
            description = "健康路人行道被一家店铺的货物长期占用，行人只能走到机动车道上。",
            longitude = lon,
            latitude = lat,
            categoryCode = "E0102",
        }));
        using var community = await app.ClientForAsync("community");
        var detail = await ReadAsync<CaseDetail>(await community.GetAsync($"/api/v1/cases/{receipt.Id}"));

        var own = await community.PostAsJsonAsync($"/api/v1/cases/{receipt.Id}/involve", new { version = detail.Summary.Version, unitCodes = new[] { Community }, reason = "同一社区" });
        var unknown = await community.PostAsJsonAsync($"/api/v1/cases/{receipt.Id}/involve", new { version = detail.Summary.Version, unitCodes = new[] { "320282999999" }, reason = "不存在的社区" });
        var noReason = await community.PostAsJsonAsync($"/api/v1/cases/{receipt.Id}/involve", new { version = detail.Summary.Version, unitCodes = new[] { OtherCommunity }, reason = " " });
        var after = await ReadAsync<CaseDetail>(await community.GetAsync($"/api/v1/cases/{receipt.Id}"));

        Assert.Equal(HttpStatusCode.BadRequest, own.StatusCode);
        Assert.Contains("无需添加", await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(detail.Summary.Version, after.Summary.Version);
        Assert.Equal(UnitLevel.Grid, after.Summary.HolderLevel);
    }
}
