using NetTopologySuite.Geometries;

namespace Fengqiao.Places.Geo;

/// <summary>Small geometry helpers in WGS84.</summary>
public static class GeoMath
{
    /// <summary>Area in square metres, in a local equirectangular projection about the geometry's centre (accurate within a county).</summary>
    public static double AreaSquareMetres(Geometry geometry)
    {
        if (geometry.IsEmpty)
        {
            return 0;
        }

        var latitude = geometry.EnvelopeInternal.Centre.Y * Math.PI / 180;
        var metresPerDegreeLat = 111132.92 - (559.82 * Math.Cos(2 * latitude)) + (1.175 * Math.Cos(4 * latitude));
        var metresPerDegreeLon = (111412.84 * Math.Cos(latitude)) - (93.5 * Math.Cos(3 * latitude));
        return geometry.Area * metresPerDegreeLat * metresPerDegreeLon;
    }

    /// <summary>The polygonal part of a geometry as a MultiPolygon with SRID 4326 (lines and points from overlays dropped).</summary>
    public static MultiPolygon ToMultiPolygon(Geometry geometry)
    {
        var polygons = new List<Polygon>();
        Collect(geometry, polygons);
        var result = GeoJson.Factory.CreateMultiPolygon([.. polygons.Where(p => !p.IsEmpty)]);
        result.SRID = 4326;
        return result;
    }

    /// <summary>[longitude, latitude] rounded to 7 decimals (about a centimetre), for reports.</summary>
    public static double[] Location(Coordinate coordinate) => [Math.Round(coordinate.X, 7), Math.Round(coordinate.Y, 7)];

    private static void Collect(Geometry geometry, List<Polygon> polygons)
    {
        switch (geometry)
        {
            case Polygon polygon:
                polygons.Add(polygon);
                break;
            case GeometryCollection collection:
                foreach (var part in collection.Geometries)
                {
                    Collect(part, polygons);
                }

                break;
        }
    }
}
