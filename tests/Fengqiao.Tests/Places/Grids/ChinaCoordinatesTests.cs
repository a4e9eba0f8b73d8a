using Fengqiao.Places.Grids;
using NetTopologySuite.Geometries;

namespace Fengqiao.Tests.Places.Grids;

public sealed class ChinaCoordinatesTests
{
    public static TheoryData<double, double> JiangsuPoints => new()
    {
        { 119.8, 31.36 },        // 宜兴 宜城街道
        { 118.796877, 32.060255 }, // 南京
        { 120.585316, 31.298886 }, // 苏州
        { 119.173872, 34.601549 }, // 连云港
        { 121.0, 32.0 },         // 南通 沿海
    };

    [Theory]
    [MemberData(nameof(JiangsuPoints))]
    public void Round_trip_returns_the_point_within_a_millionth_of_a_degree(double longitude, double latitude)
    {
        var (gLon, gLat) = ChinaCoordinates.Wgs84ToGcj02(longitude, latitude);
        var (wLon, wLat) = ChinaCoordinates.Gcj02ToWgs84(gLon, gLat);

        Assert.True(Math.Abs(gLon - longitude) + Math.Abs(gLat - latitude) > 1e-4, "GCJ-02 offsets points in China");
        Assert.Equal(longitude, wLon, 1e-6);
        Assert.Equal(latitude, wLat, 1e-6);
    }

    [Fact]
    public void Forward_transform_matches_the_reference_pair_and_inversion_recovers_it()
    {
        // Computed independently from the public formula (a = 6378245.0, ee = 0.00669342162296594323).
        var (gLon, gLat) = ChinaCoordinates.Wgs84ToGcj02(116.397428, 39.90923);
        Assert.Equal(116.40367162595768, gLon, 1e-9);
        Assert.Equal(39.91063350638631, gLat, 1e-9);

        var (wLon, wLat) = ChinaCoordinates.Gcj02ToWgs84(119.80489780293473, 31.357963398196812);
        Assert.Equal(119.8, wLon, 1e-7);
        Assert.Equal(31.36, wLat, 1e-7);
    }

    [Theory]
    [InlineData(2.3522, 48.8566)]    // 巴黎
    [InlineData(-74.006, 40.7128)]   // 纽约
    [InlineData(139.9, 35.68)]       // east of the box
    [InlineData(100.0, 0.5)]         // south of the box
    public void Points_outside_China_are_unchanged(double longitude, double latitude)
    {
        Assert.Equal((longitude, latitude), ChinaCoordinates.Wgs84ToGcj02(longitude, latitude));
        Assert.Equal((longitude, latitude), ChinaCoordinates.Gcj02ToWgs84(longitude, latitude));
    }

    [Fact]
    public void Geometries_are_converted_point_by_point_into_a_copy()
    {
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        var polygon = factory.CreatePolygon([new(119.8, 31.36), new(119.81, 31.36), new(119.81, 31.37), new(119.8, 31.36)]);

        var gcj = ChinaCoordinates.ToGcj02(polygon);
        var back = ChinaCoordinates.ToWgs84(gcj);

        Assert.Equal(119.8, polygon.Coordinates[0].X);
        Assert.Equal(ChinaCoordinates.Wgs84ToGcj02(119.81, 31.37), (gcj.Coordinates[2].X, gcj.Coordinates[2].Y));
        Assert.All(back.Coordinates.Zip(polygon.Coordinates), pair => Assert.True(pair.First.Distance(pair.Second) < 1e-7));
        Assert.Equal(4326, gcj.SRID);
    }
}
