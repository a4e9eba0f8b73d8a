using System.Net;
using System.Net.Http.Json;
using Fengqiao.Places.Grids;
using Fengqiao.Places.Spatial;
using Fengqiao.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Tests.Places.Spatial;

/// <summary>GET /api/v1/places/locate over the demo's tessellated grids of 宜城街道.</summary>
public sealed class LocateApiTests(FengqiaoApp app) : IClassFixture<FengqiaoApp>
{
    [Fact]
    public async Task A_point_inside_a_demo_grid_names_its_grid_community_street_and_county_without_signing_in()
    {
        var (code, lon, lat) = await InteriorPointOfAsync("320282001001001");
        await app.Services.GetRequiredService<GridLocator>().RefreshAsync();

        var response = await app.CreateClient().GetAsync(FormattableString.Invariant($"/api/v1/places/locate?longitude={lon}&latitude={lat}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var located = await response.Content.ReadFromJsonAsync<LocationBody>();
        Assert.True(located!.IsInside);
        Assert.Equal(code, located.Grid!.GridCode);
        Assert.Equal("茶东社区第一网格", located.Grid.GridName);
        Assert.Equal("茶东社区", located.Grid.Community!.Name);
        Assert.Equal("宜城街道", located.Grid.Street!.Name);
        Assert.Equal("宜兴市", located.Grid.County!.Name);
    }

    [Fact]
    public async Task A_point_in_taihu_lake_is_outside_every_grid_with_the_nearest_and_its_distance()
    {
        await app.Services.GetRequiredService<GridLocator>().RefreshAsync();

        var located = await app.CreateClient().GetFromJsonAsync<LocationBody>("/api/v1/places/locate?longitude=120.15&latitude=31.30");

        Assert.False(located!.IsInside);
        Assert.Null(located.Grid);
        Assert.NotNull(located.NearestGrid);
        Assert.StartsWith("320282001", located.NearestGrid.GridCode, StringComparison.Ordinal);
        Assert.True(located.DistanceMetres > 1000, $"{located.DistanceMetres} m");
    }

    [Theory]
    [InlineData("longitude=200&latitude=31.3")]
    [InlineData("longitude=119.8")]
    [InlineData("longitude=abc&latitude=31.3")]
    public async Task Missing_or_impossible_coordinates_are_a_400_problem(string query)
    {
        var response = await app.CreateClient().GetAsync($"/api/v1/places/locate?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<(string Code, double Lon, double Lat)> InteriorPointOfAsync(string gridCode) =>
        await app.WithDbAsync(async db =>
        {
            var grid = await db.Set<Grid>().AsNoTracking().SingleAsync(g => g.Code == gridCode);
            var point = grid.Boundary.InteriorPoint;
            return (grid.Code, point.X, point.Y);
        });

    internal sealed record DivisionBody(string Code, string Name);

    internal sealed record PlaceBody(string GridCode, string GridName, DivisionBody? Community, DivisionBody? Street, DivisionBody? County);

    internal sealed record LocationBody(bool IsInside, PlaceBody? Grid, PlaceBody? NearestGrid, double? DistanceMetres);
}
