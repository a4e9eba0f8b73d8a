using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Units;
using Fengqiao.Places.Grids;
using Fengqiao.Places.Spatial;
using Fengqiao.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Geometries;
using static Fengqiao.Tests.Places.Spatial.Shapes;

namespace Fengqiao.Tests.Places.Spatial;

/// <summary>
/// The web node's GridLocator over the real database: a grid drawn or redrawn raises the grid generation, the node
/// rebuilds its index, and a point then resolves to the grid with its community, street and county. The spatial
/// queries answer the same on SQLite (in memory) and PostgreSQL (PostGIS).
/// </summary>
public sealed class GridLocatorTests(FengqiaoApp app) : IClassFixture<FengqiaoApp>
{
    // Away from the demo's tessellation of 宜兴 (119.5–120.1 E), so that only the grids drawn here are near.
    private const double Lon = 121.2;
    private const double Lat = 30.8;

    [Fact]
    public async Task A_point_in_a_newly_drawn_grid_resolves_to_it_with_community_street_and_county()
    {
        var locator = app.Services.GetRequiredService<GridLocator>();
        await locator.RefreshAsync();
        var before = locator.Generation;

        await DrawGridAsync("320282001001001", Square(Lon, Lat, 400));
        await locator.RefreshAsync();
        var found = await locator.LocateAsync(Lon, Lat);

        Assert.True(locator.Generation > before);
        Assert.True(found.IsInside);
        Assert.Equal("320282001001001", found.Grid!.GridCode);
        Assert.Equal(new Division("320282001001", "茶东社区"), found.Grid.Community);
        Assert.Equal(new Division("320282001", "宜城街道"), found.Grid.Street);
        Assert.Equal(new Division("320282", "宜兴市"), found.Grid.County);
    }

    [Fact]
    public async Task After_a_grid_is_redrawn_its_old_ground_is_outside_and_reports_the_distance_to_it()
    {
        var locator = app.Services.GetRequiredService<GridLocator>();
        var (east, _) = Degrees(5000, Lat);
        var lon = Lon + east; // 5 km east of the other tests' grid
        await DrawGridAsync("320282001001002", Square(lon, Lat, 400));
        await locator.RefreshAsync();
        Assert.Equal("320282001001002", (await locator.LocateAsync(lon, Lat)).Grid?.GridCode);

        var (moved, _) = Degrees(1200, Lat);
        await app.WithDbAsync(async db =>
        {
            var grid = await db.Set<Grid>().SingleAsync(g => g.Code == "320282001001002");
            grid.Redraw(Multi(Square(lon + moved, Lat, 400)));
            return await db.SaveChangesAsync();
        });
        await app.DrainOutboxAsync();
        await locator.RefreshAsync();
        var found = await locator.LocateAsync(lon, Lat);

        Assert.False(found.IsInside);
        Assert.Equal("320282001001002", found.NearestGrid?.GridCode);
        Assert.InRange(found.DistanceMetres!.Value, 990, 1010); // 1 200 m to the centre, less the 200 m half side
    }

    [Fact]
    public async Task Spatial_queries_find_grids_near_a_point_and_within_an_area()
    {
        var (east, _) = Degrees(10_000, Lat);
        var lon = Lon + east;
        await DrawGridAsync("320282001002001", Square(lon, Lat, 400));
        var (beyond, _) = Degrees(500, Lat); // 300 m east of the grid's edge

        var near = await QueriesAsync(q => q.GridsNearAsync(lon + beyond, Lat, 350));
        var tooFar = await QueriesAsync(q => q.GridsNearAsync(lon + beyond, Lat, 250));
        var inArea = await QueriesAsync(q => q.GridsWithinAsync(Square(lon + beyond, Lat, 1000)));
        var notInArea = await QueriesAsync(q => q.GridsWithinAsync(Square(lon + beyond, Lat, 400)));

        var match = Assert.Single(near, g => g.Code == "320282001002001");
        Assert.InRange(match.DistanceMetres, 297, 303);
        Assert.DoesNotContain(tooFar, g => g.Code == "320282001002001");
        Assert.Contains(inArea, g => g.Code == "320282001002001");
        Assert.DoesNotContain(notInArea, g => g.Code == "320282001002001");
    }

    private Task<IReadOnlyList<GridMatch>> QueriesAsync(Func<GridSpatialQueries, Task<IReadOnlyList<GridMatch>>> query) =>
        app.AsSystemAsync(sp => query(sp.GetRequiredService<GridSpatialQueries>()));

    /// <summary>Draws the boundary of a demo grid unit as the system, and delivers the resulting events.</summary>
    private async Task DrawGridAsync(string unitCode, Polygon boundary)
    {
        await app.WithDbAsync(async db =>
        {
            // The demo draws every demo grid; a test redraws it where it needs it (or draws a grid not drawn yet).
            var unit = await db.Units.SingleAsync(u => u.Code == unitCode && u.Level == UnitLevel.Grid);
            var existing = await db.Set<Grid>().SingleOrDefaultAsync(g => g.UnitId == unit.Id);
            if (existing is null)
            {
                db.Add(new Grid(unit.Id, unit.Code, unit.Path, unit.ParentId!.Value, GridKind.Basic, null, Multi(boundary)));
            }
            else
            {
                existing.Redraw(Multi(boundary));
            }

            return await db.SaveChangesAsync();
        });
        await app.DrainOutboxAsync();
    }
}
