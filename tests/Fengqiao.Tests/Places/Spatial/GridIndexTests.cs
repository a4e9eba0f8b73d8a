using Fengqiao.Places.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using static Fengqiao.Tests.Places.Spatial.Shapes;

namespace Fengqiao.Tests.Places.Spatial;

/// <summary>
/// GridIndex.Locate: the grid covering a WGS84 point, as NetTopologySuite's Covers decides it; or outside every grid,
/// with the nearest grid and the distance to its boundary in metres.
/// </summary>
public class GridIndexTests
{
    private const double Lon = 119.82;
    private const double Lat = 31.36;

    [Fact]
    public void Every_random_point_gets_a_grid_that_covers_it_on_an_irregular_tessellation()
    {
        var envelope = new Envelope(119.5, 120.1, 31.1, 31.6);
        var cells = Tessellation(600, envelope, seed: 7);
        var index = new GridIndex([.. cells.Select((c, i) => ($"G{i:000}", Multi(c)))]);
        var tree = new STRtree<int>();
        for (var i = 0; i < cells.Count; i++)
        {
            tree.Insert(cells[i].EnvelopeInternal, i);
        }

        var random = new Random(11);
        var outside = 0;
        for (var n = 0; n < 30_000; n++)
        {
            // 5 % beyond the tessellation on each side, so some points fall outside every grid.
            var x = 119.47 + (random.NextDouble() * 0.66);
            var y = 31.075 + (random.NextDouble() * 0.55);
            var point = Wgs84.CreatePoint(new Coordinate(x, y));
            var covering = tree.Query(new Envelope(x, x, y, y)).Where(i => cells[i].Covers(point)).Select(i => $"G{i:000}").ToList();

            var found = index.Locate(x, y);

            if (covering.Count > 0)
            {
                Assert.True(found.IsInside, $"({x}, {y}) lies in {covering[0]} but was located outside");
                Assert.Contains(found.ContainingCode, covering);
            }
            else
            {
                outside++;
                Assert.False(found.IsInside, $"({x}, {y}) lies in no grid but was located in {found.ContainingCode}");
                var nearest = cells.Select((c, i) => (Code: $"G{i:000}", Distance: LocalProjection.DistanceMetres(c, x, y))).MinBy(c => c.Distance);
                Assert.Equal(nearest.Distance, found.DistanceMetres, 6);
                Assert.Equal(nearest.Code, found.NearestCode);
            }
        }

        Assert.InRange(outside, 1_000, 6_000);
    }

    [Fact]
    public void A_point_500_metres_east_of_a_1_km_square_is_outside_it_by_500_metres()
    {
        var index = Index(("320282001001001", Square(Lon, Lat, 1000)));
        var (east, _) = Degrees(1000, Lat); // 500 m from the centre to the edge, 500 m beyond

        var found = index.Locate(Lon + east, Lat);

        Assert.False(found.IsInside);
        Assert.Equal("320282001001001", found.NearestCode);
        Assert.InRange(found.DistanceMetres, 495, 505);
    }

    [Fact]
    public void A_point_far_beyond_every_grid_still_gets_the_nearest_one()
    {
        var index = Index(("A", Square(Lon, Lat, 1000)), ("B", Square(Lon + 0.05, Lat, 1000)));
        var (_, north) = Degrees(100_500, Lat);

        var found = index.Locate(Lon, Lat + north);

        Assert.False(found.IsInside);
        Assert.Equal("A", found.NearestCode);
        Assert.InRange(found.DistanceMetres, 99_000, 101_000);
    }

    [Fact]
    public void A_point_in_a_hole_is_outside_the_grid_and_an_island_in_the_hole_is_its_own_grid()
    {
        var (d, e) = Degrees(1000, Lat);
        var outer = Rectangle(Lon - (2 * d), Lat - (2 * e), Lon + (2 * d), Lat + (2 * e));
        var hole = Rectangle(Lon - d, Lat - e, Lon + d, Lat + e);
        var ring = Wgs84.CreatePolygon(outer.Shell, [hole.Shell]);
        var island = Rectangle(Lon - (d / 4), Lat - (e / 4), Lon + (d / 4), Lat + (e / 4));
        var index = Index(("RING", ring), ("ISLAND", island));

        var inHole = index.Locate(Lon + (d / 2), Lat);
        var onIsland = index.Locate(Lon, Lat);
        var onRing = index.Locate(Lon + (1.5 * d), Lat);

        Assert.False(inHole.IsInside);
        Assert.Equal("ISLAND", inHole.NearestCode); // 250 m to the island's east edge, 500 m to the hole's
        Assert.InRange(inHole.DistanceMetres, 247.5, 252.5);
        Assert.Equal("ISLAND", onIsland.ContainingCode);
        Assert.Equal("RING", onRing.ContainingCode);
    }

    [Fact]
    public void Both_parts_of_a_multipolygon_grid_locate_to_it_and_the_gap_between_them_does_not()
    {
        var (d, e) = Degrees(1000, Lat);
        var west = Rectangle(Lon - (3 * d), Lat - e, Lon - d, Lat + e);
        var east = Rectangle(Lon + d, Lat - e, Lon + (3 * d), Lat + e);
        var index = Index(("TWO", Multi(west, east)));

        Assert.Equal("TWO", index.Locate(Lon - (2 * d), Lat).ContainingCode);
        Assert.Equal("TWO", index.Locate(Lon + (2 * d), Lat).ContainingCode);
        var gap = index.Locate(Lon, Lat);
        Assert.False(gap.IsInside);
        Assert.InRange(gap.DistanceMetres, 990, 1010);
    }

    [Fact]
    public void Points_on_a_shared_edge_or_vertex_resolve_to_one_of_its_grids_the_same_way_every_time()
    {
        // Two squares sharing the edge x = Lon, exactly representable; and a third above both sharing a vertex.
        var left = Rectangle(Lon - 0.01, Lat - 0.01, Lon, Lat);
        var right = Rectangle(Lon, Lat - 0.01, Lon + 0.01, Lat);
        var top = Rectangle(Lon - 0.01, Lat, Lon + 0.01, Lat + 0.01);
        var grids = new (string, Geometry)[] { ("LEFT", left), ("RIGHT", right), ("TOP", top) };
        var first = Index(grids);
        var rebuilt = Index(grids);
        (double X, double Y)[] onBoundaries = [(Lon, Lat - 0.005), (Lon, Lat - 0.01), (Lon, Lat), (Lon - 0.005, Lat), (Lon + 0.0025, Lat)];

        foreach (var (x, y) in onBoundaries)
        {
            var point = Wgs84.CreatePoint(new Coordinate(x, y));
            var found = first.Locate(x, y);
            Assert.True(found.IsInside, $"({x}, {y}) is on a grid boundary and so inside a grid");
            var polygon = grids.Single(g => g.Item1 == found.ContainingCode).Item2;
            Assert.True(polygon.Covers(point));
            Assert.Equal(found, first.Locate(x, y));
            Assert.Equal(found, rebuilt.Locate(x, y));
        }
    }

    [Fact]
    public void A_point_on_the_outer_edge_of_all_grids_is_inside_the_grid_it_bounds()
    {
        var index = Index(("A", Rectangle(Lon - 0.01, Lat - 0.01, Lon, Lat)), ("B", Rectangle(Lon, Lat - 0.01, Lon + 0.01, Lat)));

        Assert.Equal("A", index.Locate(Lon - 0.01, Lat - 0.005).ContainingCode); // west edge
        Assert.Equal("B", index.Locate(Lon + 0.01, Lat - 0.005).ContainingCode); // east edge
        Assert.Equal("B", index.Locate(Lon + 0.01, Lat).ContainingCode);         // north-east corner
    }

    [Fact]
    public void Where_grids_overlap_the_earlier_grid_in_the_list_wins()
    {
        var school = Square(Lon, Lat, 200);
        var basic = Square(Lon, Lat, 2000);
        var schoolFirst = Index(("SCHOOL", school), ("BASIC", basic));
        var basicFirst = Index(("BASIC", basic), ("SCHOOL", school));
        var (d, _) = Degrees(500, Lat);

        Assert.Equal("SCHOOL", schoolFirst.Locate(Lon, Lat).ContainingCode);
        Assert.Equal("BASIC", schoolFirst.Locate(Lon + d, Lat).ContainingCode);
        Assert.Equal("BASIC", basicFirst.Locate(Lon, Lat).ContainingCode);
    }

    [Fact]
    public void An_index_without_grids_says_outside_with_no_nearest_grid()
    {
        var found = new GridIndex([]).Locate(Lon, Lat);

        Assert.False(found.IsInside);
        Assert.Null(found.NearestCode);
    }

    [Theory]
    [InlineData(double.NaN, Lat)]
    [InlineData(Lon, double.PositiveInfinity)]
    [InlineData(181.0, Lat)]
    [InlineData(Lon, -90.5)]
    public void A_point_that_is_not_a_wgs84_coordinate_is_refused(double longitude, double latitude)
    {
        var index = Index(("A", Square(Lon, Lat, 1000)));

        Assert.Throws<ArgumentOutOfRangeException>(() => index.Locate(longitude, latitude));
    }

    [Fact]
    public void Many_threads_locating_at_once_get_the_same_answers_as_one()
    {
        var cells = Tessellation(200, new Envelope(119.5, 120.1, 31.1, 31.6), seed: 5);
        var index = new GridIndex([.. cells.Select((c, i) => ($"G{i:000}", Multi(c)))]);
        var random = new Random(3);
        var points = Enumerable.Range(0, 20_000).Select(_ => (119.5 + (random.NextDouble() * 0.6), 31.1 + (random.NextDouble() * 0.5))).ToArray();
        var expected = points.Select(p => index.Locate(p.Item1, p.Item2).Code).ToArray();

        var actual = new string?[points.Length];
        Parallel.For(0, points.Length, i => actual[i] = index.Locate(points[i].Item1, points[i].Item2).Code);

        Assert.Equal(expected, actual);
    }
}
