using System.Net;
using System.Net.Http.Json;
using Fengqiao.Testing;

namespace Fengqiao.Tests.Places.Divisions;

/// <summary>The division tree with counts, from where the caller stands and never beyond their jurisdiction.</summary>
public sealed class DivisionTreeApiTests(FengqiaoApp app) : IClassFixture<FengqiaoApp>
{
    [Fact]
    public async Task The_administrator_of_yixing_sees_its_streets_communities_and_grids_counted()
    {
        var client = await app.ClientForAsync("admin");

        var tree = await client.GetFromJsonAsync<TreeBody>("/api/v1/places/divisions");

        Assert.Equal("宜兴市", tree!.Unit.Name);
        Assert.Equal(21, tree.Unit.Streets);
        Assert.Equal(35, tree.Unit.Communities);
        Assert.Equal(105, tree.Unit.Grids);
        Assert.Equal(21, tree.Children.Count);
        var yicheng = tree.Children.Single(c => c.Code == "320282001");
        Assert.Equal(("宜城街道", 35, 105, 35), (yicheng.Name, yicheng.Communities, yicheng.Grids, yicheng.Children));
        Assert.Equal(0, tree.Children.Single(c => c.Code == "320282002").Grids);
        Assert.Equal(["江苏省", "无锡市"], tree.Path.Select(p => p.Name));
        Assert.All(tree.Path, p => Assert.False(p.IsReachable));
    }

    [Fact]
    public async Task A_street_officer_starts_at_the_street_and_cannot_open_the_county()
    {
        var client = await app.ClientForAsync("street");

        var tree = await client.GetFromJsonAsync<TreeBody>("/api/v1/places/divisions");
        var county = await client.GetAsync("/api/v1/places/divisions/320282");

        Assert.Equal("宜城街道", tree!.Unit.Name);
        Assert.Equal(35, tree.Children.Count);
        Assert.Equal(3, tree.Children.Single(c => c.Name == "茶东社区").Grids);
        Assert.Equal(HttpStatusCode.NotFound, county.StatusCode);
    }

    [Fact]
    public async Task A_grid_worker_sees_only_their_grid()
    {
        var client = await app.ClientForAsync("grid");

        var tree = await client.GetFromJsonAsync<TreeBody>("/api/v1/places/divisions");

        Assert.Equal("茶东社区第一网格", tree!.Unit.Name);
        Assert.Empty(tree.Children);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/places/divisions/320282001002")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_callers_get_401()
    {
        var response = await app.CreateClient().GetAsync("/api/v1/places/divisions");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    internal sealed record NodeBody(string Code, string Name, string Level, int Streets, int Communities, int Grids, int Children, bool IsReachable = true);

    internal sealed record TreeBody(NodeBody Unit, List<NodeBody> Path, List<NodeBody> Children);
}
