using Fengqiao.Places.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.Triangulate;

namespace Fengqiao.Tests.Places.Spatial;

/// <summary>Boundaries for the point-location tests, in WGS84 around 宜兴.</summary>
internal static class Shapes
{
    public static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    /// <summary>Degrees of longitude and latitude spanning the given metres at the latitude.</summary>
    public static (double Lon, double Lat) Degrees(double metres, double latitude)
    {
        var (kx, ky) = LocalProjection.Scale(latitude);
        return (metres / kx, metres / ky);
    }

    public static Polygon Rectangle(double minX, double minY, double maxX, double maxY) =>
        Wgs84.CreatePolygon([new(minX, minY), new(maxX, minY), new(maxX, maxY), new(minX, maxY), new(minX, minY)]);

    /// <summary>A square of the given side in metres centred on the point.</summary>
    public static Polygon Square(double longitude, double latitude, double sideMetres)
    {
        var (dx, dy) = Degrees(sideMetres / 2, latitude);
        return Rectangle(longitude - dx, latitude - dy, longitude + dx, latitude + dy);
    }

    public static MultiPolygon Multi(params Polygon[] polygons) => Wgs84.CreateMultiPolygon(polygons);

    /// <summary>Voronoi cells of random sites clipped to the envelope: an irregular tessellation without gaps or overlaps.</summary>
    public static List<Polygon> Tessellation(int count, Envelope envelope, int seed)
    {
        var random = new Random(seed);
        var sites = Enumerable.Range(0, count)
            .Select(_ => new Coordinate(envelope.MinX + (random.NextDouble() * envelope.Width), envelope.MinY + (random.NextDouble() * envelope.Height)))
            .ToList();
        var builder = new VoronoiDiagramBuilder { ClipEnvelope = envelope };
        builder.SetSites(sites);
        var clip = Wgs84.ToGeometry(envelope);
        return [.. builder.GetDiagram(Wgs84).Geometries
            .Select(cell => cell.Intersection(clip))
            .OfType<Polygon>()
            .Where(p => !p.IsEmpty)
            .Select(p => Wgs84.CreatePolygon(p.Shell.Coordinates))];
    }

    public static GridIndex Index(params (string Code, Geometry Boundary)[] grids) =>
        new([.. grids.Select(g => (g.Code, g.Boundary as MultiPolygon ?? Multi((Polygon)g.Boundary)))]);
}
