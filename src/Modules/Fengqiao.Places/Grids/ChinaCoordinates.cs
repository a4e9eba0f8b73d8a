using NetTopologySuite.Geometries;

namespace Fengqiao.Places.Grids;

/// <summary>
/// GCJ-02 (国测局坐标, "Mars coordinates", used by Chinese web maps) ⇄ WGS84. The forward transform is the public
/// Krasovsky-ellipsoid formula; the inverse is found by fixed-point iteration to better than 1e-7°. Outside China's
/// bounding box the two coincide and points are returned unchanged.
/// </summary>
public static class ChinaCoordinates
{
    private const double A = 6378245.0;
    private const double Ee = 0.00669342162296594323;

    /// <summary>Whether the point lies outside the rectangle in which GCJ-02 applies its offset.</summary>
    public static bool OutOfChina(double longitude, double latitude) =>
        longitude is < 72.004 or > 137.8347 || latitude is < 0.8293 or > 55.8271;

    public static (double Longitude, double Latitude) Wgs84ToGcj02(double longitude, double latitude)
    {
        if (OutOfChina(longitude, latitude))
        {
            return (longitude, latitude);
        }

        var (dLon, dLat) = Offset(longitude, latitude);
        return (longitude + dLon, latitude + dLat);
    }

    public static (double Longitude, double Latitude) Gcj02ToWgs84(double longitude, double latitude)
    {
        if (OutOfChina(longitude, latitude))
        {
            return (longitude, latitude);
        }

        var (lon, lat) = (longitude, latitude);
        for (var i = 0; i < 30; i++)
        {
            var (gLon, gLat) = Wgs84ToGcj02(lon, lat);
            var (eLon, eLat) = (gLon - longitude, gLat - latitude);
            lon -= eLon;
            lat -= eLat;
            if (Math.Abs(eLon) < 1e-9 && Math.Abs(eLat) < 1e-9)
            {
                break;
            }
        }

        return (lon, lat);
    }

    /// <summary>A copy of <paramref name="geometry"/> with every coordinate converted from GCJ-02 to WGS84.</summary>
    public static T ToWgs84<T>(T geometry)
        where T : Geometry => Convert(geometry, Gcj02ToWgs84);

    /// <summary>A copy of <paramref name="geometry"/> with every coordinate converted from WGS84 to GCJ-02.</summary>
    public static T ToGcj02<T>(T geometry)
        where T : Geometry => Convert(geometry, Wgs84ToGcj02);

    private static T Convert<T>(T geometry, Func<double, double, (double, double)> transform)
        where T : Geometry
    {
        var copy = (T)geometry.Copy();
        copy.Apply(new Transform(transform));
        copy.GeometryChanged();
        return copy;
    }

    private static (double DLon, double DLat) Offset(double longitude, double latitude)
    {
        var x = longitude - 105.0;
        var y = latitude - 35.0;
        var dLat = TransformLat(x, y);
        var dLon = TransformLon(x, y);
        var radLat = latitude / 180.0 * Math.PI;
        var magic = Math.Sin(radLat);
        magic = 1 - (Ee * magic * magic);
        var sqrtMagic = Math.Sqrt(magic);
        dLat = dLat * 180.0 / (A * (1 - Ee) / (magic * sqrtMagic) * Math.PI);
        dLon = dLon * 180.0 / (A / sqrtMagic * Math.Cos(radLat) * Math.PI);
        return (dLon, dLat);
    }

    private static double TransformLat(double x, double y)
    {
        var ret = -100.0 + (2.0 * x) + (3.0 * y) + (0.2 * y * y) + (0.1 * x * y) + (0.2 * Math.Sqrt(Math.Abs(x)));
        ret += ((20.0 * Math.Sin(6.0 * x * Math.PI)) + (20.0 * Math.Sin(2.0 * x * Math.PI))) * 2.0 / 3.0;
        ret += ((20.0 * Math.Sin(y * Math.PI)) + (40.0 * Math.Sin(y / 3.0 * Math.PI))) * 2.0 / 3.0;
        ret += ((160.0 * Math.Sin(y / 12.0 * Math.PI)) + (320 * Math.Sin(y * Math.PI / 30.0))) * 2.0 / 3.0;
        return ret;
    }

    private static double TransformLon(double x, double y)
    {
        var ret = 300.0 + x + (2.0 * y) + (0.1 * x * x) + (0.1 * x * y) + (0.1 * Math.Sqrt(Math.Abs(x)));
        ret += ((20.0 * Math.Sin(6.0 * x * Math.PI)) + (20.0 * Math.Sin(2.0 * x * Math.PI))) * 2.0 / 3.0;
        ret += ((20.0 * Math.Sin(x * Math.PI)) + (40.0 * Math.Sin(x / 3.0 * Math.PI))) * 2.0 / 3.0;
        ret += ((150.0 * Math.Sin(x / 12.0 * Math.PI)) + (300.0 * Math.Sin(x / 30.0 * Math.PI))) * 2.0 / 3.0;
        return ret;
    }

    private sealed class Transform(Func<double, double, (double, double)> transform) : ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            var (x, y) = transform(seq.GetX(i), seq.GetY(i));
            seq.SetX(i, x);
            seq.SetY(i, y);
        }
    }
}
