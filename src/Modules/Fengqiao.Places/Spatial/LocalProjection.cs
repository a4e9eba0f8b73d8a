using NetTopologySuite.Geometries;

namespace Fengqiao.Places.Spatial;

/// <summary>
/// Distances in metres on a local equirectangular projection around a point: dx = Δlon·cos(lat)·111 320 m,
/// dy = Δlat·110 574 m. Within a county the error against the ellipsoid is well under one per cent.
/// </summary>
public static class LocalProjection
{
    /// <summary>Metres per degree of longitude and of latitude at <paramref name="latitude"/>.</summary>
    public static (double X, double Y) Scale(double latitude) =>
        (Math.Cos(latitude * Math.PI / 180) * GridIndex.MetresPerDegreeLongitude, GridIndex.MetresPerDegreeLatitude);

    /// <summary>Distance from the point to the geometry: 0 when the geometry covers it, else to its nearest edge or vertex.</summary>
    public static double DistanceMetres(Geometry geometry, double longitude, double latitude)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (geometry.IsEmpty)
        {
            return double.PositiveInfinity;
        }

        var point = geometry.Factory.CreatePoint(new Coordinate(longitude, latitude));
        if (geometry.Covers(point))
        {
            return 0;
        }

        var (kx, ky) = Scale(latitude);
        var best = double.PositiveInfinity;
        for (var i = 0; i < geometry.NumGeometries; i++)
        {
            var part = geometry.GetGeometryN(i);
            IEnumerable<LineString> lines = part switch
            {
                Polygon polygon => [polygon.ExteriorRing, .. polygon.InteriorRings],
                LineString line => [line],
                _ => [],
            };
            foreach (var line in lines)
            {
                var cs = line.CoordinateSequence;
                for (var j = 0; j < cs.Count; j++)
                {
                    var ax = (cs.GetX(j) - longitude) * kx;
                    var ay = (cs.GetY(j) - latitude) * ky;
                    if (j + 1 == cs.Count)
                    {
                        best = Math.Min(best, (ax * ax) + (ay * ay));
                        break;
                    }

                    var dx = ((cs.GetX(j + 1) - longitude) * kx) - ax;
                    var dy = ((cs.GetY(j + 1) - latitude) * ky) - ay;
                    var lengthSquared = (dx * dx) + (dy * dy);
                    var t = lengthSquared == 0 ? 0 : Math.Clamp(-((ax * dx) + (ay * dy)) / lengthSquared, 0, 1);
                    var px = ax + (t * dx);
                    var py = ay + (t * dy);
                    best = Math.Min(best, (px * px) + (py * py));
                }
            }

            if (part is Point p)
            {
                var ax = (p.X - longitude) * kx;
                var ay = (p.Y - latitude) * ky;
                best = Math.Min(best, (ax * ax) + (ay * ay));
            }
        }

        return Math.Sqrt(best);
    }
}
