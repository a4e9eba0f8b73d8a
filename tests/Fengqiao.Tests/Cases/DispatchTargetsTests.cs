using System.Net;
using System.Net.Http.Json;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Intake;
using Fengqiao.Cases.Queries;
using Fengqiao.Cases.Workflow;
using Fengqiao.Kernel.Units;
using static Fengqiao.Tests.Cases.CaseFixtures;

namespace Fengqiao.Tests.Cases;

/// <summary>
/// 派遣选项: for a filed case the dispatcher sees what the routing rules would decide, the units of the case's own chain
/// (网格 → 社区 → 街道 → 区县) and the departments; the dispatch itself stays the one workflow step.
/// </summary>
public sealed class DispatchTargetsTests(CasesApp app) : IClassFixture<CasesApp>
{
    private const string Street = "320282001";
    private const string County = "320282";

    [Fact]
    public async Task A_filed_case_offers_the_routed_target_its_own_chain_and_the_departments_and_a_chosen_tier_needs_a_reason()
    {
        var id = await FiledCaseAsync("小区门口建筑垃圾堆放", "小区门口的空地上堆了大量装修垃圾，物业说是外面的人倒的，居民扬言要去上访。");
        using var community = await app.ClientForAsync("community");

        var options = await ReadAsync<DispatchOptions>(await community.GetAsync($"/api/v1/cases/{id}/dispatch-options"));
        var noReason = await community.PostAsJsonAsync($"/api/v1/cases/{id}/dispatch", new { version = options.Version, tier = "Street", departmentCode = "cg" });
        var unknownDepartment = await community.PostAsJsonAsync($"/api/v1/cases/{id}/dispatch", new { version = options.Version, tier = "Street", departmentCode = "xx", overrideReason = "量大" });
        var dispatched = await ReadAsync<CaseStepResult>(await community.PostAsJsonAsync($"/api/v1/cases/{id}/dispatch", new
        {
            version = options.Version,
            tier = "Street",
            departmentCode = "cg",
            overrideReason = "装修垃圾量大，须城管执法查处倾倒者。",
        }));
        var afterwards = await community.GetAsync($"/api/v1/cases/{id}/dispatch-options");

        Assert.Equal((UnitLevel.Grid, Grid, (string?)null), (options.RoutedLevel, options.RoutedUnitCode, options.RoutedDepartmentCode));
        Assert.False(string.IsNullOrWhiteSpace(options.Basis));
        Assert.Equal(
            [(UnitLevel.Grid, Grid), (UnitLevel.Community, Community), (UnitLevel.Street, Street), (UnitLevel.County, County)],
            options.Tiers.Select(t => (t.Level, t.UnitCode)));
        Assert.All(options.Tiers, t => Assert.NotEqual(t.UnitCode, t.UnitName));
        Assert.Contains(options.Departments, d => d.Code == "cg" && d.Name == "宜兴市城市管理局");
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownDepartment.StatusCode);
        Assert.Equal((UnitLevel.Street, Street, "cg", options.Version + 1), (dispatched.HolderLevel!.Value, dispatched.HolderUnitCode, dispatched.HolderDepartmentCode, dispatched.Version));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, afterwards.StatusCode);
    }

    [Fact]
    public async Task Only_the_dispatchers_of_the_case_read_its_dispatch_options()
    {
        var id = await FiledCaseAsync("楼道堆放杂物", "三单元楼道里堆满了纸箱和旧家具，有人说要报复乱堆的邻居。");
        using var grid = await app.ClientForAsync("grid");       // reaches the case, but does not dispatch
        using var grid2 = await app.ClientForAsync("grid2");     // another community
        using var handler = await app.ClientForAsync("handler"); // a department

        Assert.Equal(HttpStatusCode.Forbidden, (await grid.GetAsync($"/api/v1/cases/{id}/dispatch-options")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await grid2.GetAsync($"/api/v1/cases/{id}/dispatch-options")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await handler.GetAsync($"/api/v1/cases/{id}/dispatch-options")).StatusCode);
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/cases/{id}/dispatch-options")).StatusCode);
    }

    /// <summary>A report naming a sensitive word waits for a person (triage); the community files it, so it waits to be dispatched.</summary>
    private async Task<Guid> FiledCaseAsync(string title, string description)
    {
        var (lon, lat) = await PointInAsync(app, Grid);
        using var resident = app.CreateClient();
        var receipt = await ReadAsync<ReportReceipt>(await ReportAsync(resident, new { title, description, longitude = lon, latitude = lat, categoryCode = "E0102" }));
        Assert.Equal(CaseStatus.Reported, receipt.Status);
        using var community = await app.ClientForAsync("community");
        var detail = await ReadAsync<CaseDetail>(await community.GetAsync($"/api/v1/cases/{receipt.Id}"));
        var filed = await ReadAsync<CaseStepResult>(await community.PostAsJsonAsync($"/api/v1/cases/{receipt.Id}/file", new { version = detail.Summary.Version, categoryCode = "E0102" }));
        Assert.Equal(CaseStatus.Filed, filed.Status);
        return receipt.Id;
    }
}
