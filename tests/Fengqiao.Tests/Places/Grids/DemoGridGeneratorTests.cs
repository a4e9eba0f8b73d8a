using Fengqiao.Places.Geo;
using Fengqiao.Places.Grids;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace Fengqiao.Tests.Places.Grids;

/// <summary>The demo map: streets tile the real 宜兴市 outline, communities tile 宜城街道, grids tile their community.</summary>
public sealed class DemoGridGeneratorTests
{
    private const string Street = "320282001";

    private static readonly string[] Streets = [.. Enumerable.Range(1, 21).Select(i => $"320282{i:000}")];
    private static readonly string[] Communities = [.. Enumerable.Range(1, 33).Select(i => $"{Street}{i:000}"), "320282001203", "320282001205"];

    private static readonly Lazy<(CountyOutline Outline, DemoGridLayout Layout)> Generated = new(() =>
    {
        var outline = CountyOutlines.Read(SharedData.PathOf("data/geo/county-320282.json"));
        return (outline, DemoGridGenerator.Generate(outline.Boundary, Streets, Street, Communities, 3, outline.Seat));
    });

    [Fact]
    public void Outline_is_read_in_wgs84_around_yixing()
    {
        var outline = Generated.Value.Outline;

        Assert.True(outline.Boundary.IsValid);
        Assert.InRange(outline.Boundary.Centroid.X, 119.6, 120.0);
        Assert.InRange(outline.Boundary.Centroid.Y, 31.2, 31.5);
        Assert.InRange(GeoMath.AreaSquareMetres(outline.Boundary) / 1e6, 1800, 2300); // 宜兴市 ≈ 2 000 km²
    }

    [Fact]
    public void Streets_tile_the_county_and_communities_tile_their_street()
    {
        var (outline, layout) = Generated.Value;

        AssertTiles(outline.Boundary, layout.Streets.Values.ToList(), "county");
        AssertTiles(layout.Streets[Street], layout.Communities.Values.ToList(), Street);
        Assert.Equal(Streets.Length, layout.Streets.Count);
        Assert.Equal(Communities.Length, layout.Communities.Count);
    }

    [Fact]
    public void Grids_of_each_community_tile_its_cell_without_gaps_or_overlaps()
    {
        var layout = Generated.Value.Layout;

        Assert.Equal(Communities.Length * 3, layout.Grids.Count);
        foreach (var (community, cell) in layout.Communities)
        {
            var grids = Enumerable.Range(1, 3).Select(i => layout.Grids[$"{community}{i:000}"]).ToList();
            AssertTiles(cell, grids, community);
            Assert.All(grids, g => Assert.True(g.IsValid && !g.IsEmpty && g.SRID == 4326, community));
        }
    }

    [Fact]
    public void Same_input_draws_the_same_map()
    {
        var outline = Generated.Value.Outline;
        var again = DemoGridGenerator.Generate(outline.Boundary, Streets, Street, Communities, 3, outline.Seat);

        Assert.All(Generated.Value.Layout.Grids, pair => Assert.True(pair.Value.EqualsExact(again.Grids[pair.Key]), pair.Key));
    }

    private static void AssertTiles(Geometry area, List<MultiPolygon> cells, string what)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            for (var j = i + 1; j < cells.Count; j++)
            {
                var overlap = GeoMath.AreaSquareMetres(cells[i].Intersection(cells[j]));
                Assert.True(overlap < 1, $"{what}: cells {i} and {j} overlap by {overlap} m²");
            }
        }

        var union = UnaryUnionOp.Union(cells.Cast<Geometry>().ToList());
        var gaps = GeoMath.AreaSquareMetres(area.Difference(union));
        var outside = GeoMath.AreaSquareMetres(union.Difference(area));
        Assert.True(gaps < 1, $"{what}: {gaps} m² not covered");
        Assert.True(outside < 1, $"{what}: {outside} m² outside the area");
    }
}
