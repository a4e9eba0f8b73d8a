using System.Security.Claims;
using System.Text.Json;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Identity;
using Fengqiao.Places.Grids;
using Fengqiao.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Tests.Places.Grids;

/// <summary>The map's GeoJSON holds the grids of the caller's jurisdiction, with names, communities and workers.</summary>
public sealed class GridMapTests(FengqiaoApp app) : IClassFixture<FengqiaoApp>
{
    [Theory]
    [InlineData("street", 105)]
    [InlineData("community", 3)]
    [InlineData("grid", 1)]
    [InlineData("resident", 0)]
    public async Task The_map_holds_exactly_the_grids_of_the_callers_jurisdiction(string userName, int expected)
    {
        var json = await AsUserAsync(userName, map => map.FeatureCollectionAsync(null, CancellationToken.None));

        using var document = JsonDocument.Parse(json);
        var features = document.RootElement.GetProperty("features");
        Assert.Equal(expected, features.GetArrayLength());
    }

    [Theory]
    [InlineData("street", 35)]
    [InlineData("community", 1)]
    [InlineData("grid", 0)]
    public async Task The_map_outlines_the_communities_of_the_callers_jurisdiction(string userName, int expected)
    {
        var json = await AsUserAsync(userName, map => map.CommunityOutlinesAsync(CancellationToken.None));

        using var document = JsonDocument.Parse(json);
        var features = document.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(expected, features.Count);
        Assert.All(features, f => Assert.EndsWith("Polygon", f.GetProperty("geometry").GetProperty("type").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_grid_on_the_map_carries_its_name_community_and_grid_worker()
    {
        var json = await AsUserAsync("community", map => map.FeatureCollectionAsync(null, CancellationToken.None));

        using var document = JsonDocument.Parse(json);
        var first = document.RootElement.GetProperty("features").EnumerateArray()
            .Single(f => f.GetProperty("properties").GetProperty("code").GetString() == "320282001001001");
        var properties = first.GetProperty("properties");
        Assert.Equal("茶东社区第一网格", properties.GetProperty("name").GetString());
        Assert.Equal("茶东社区", properties.GetProperty("communityName").GetString());
        Assert.Equal(["王建国"], properties.GetProperty("workers").EnumerateArray().Select(w => w.GetString()));
        Assert.Equal("MultiPolygon", first.GetProperty("geometry").GetProperty("type").GetString());
    }

    private async Task<T> AsUserAsync<T>(string userName, Func<GridMap, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FengqiaoUser>>();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<FengqiaoUser>>();
        var user = await users.FindByNameAsync(userName);
        ClaimsPrincipal principal = await signIn.CreateUserPrincipalAsync(user!);
        var actor = scope.ServiceProvider.GetRequiredService<CurrentActor>();
        actor.Set(principal, "127.0.0.1");
        await actor.LoadAsync();
        return await work(scope.ServiceProvider.GetRequiredService<GridMap>());
    }
}
