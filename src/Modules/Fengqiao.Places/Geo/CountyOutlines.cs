using System.Collections.Concurrent;
using System.Text.Json;
using Fengqiao.Places.Grids;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Operation.Union;

namespace Fengqiao.Places.Geo;

/// <summary>A county's outline in WGS84, and the county seat when the file names one.</summary>
public sealed record CountyOutline(Geometry Boundary, Coordinate? Seat)
{
    private IPreparedGeometry? _tolerant;

    /// <summary>The outline grown by about 100 m, against which grids are checked (outlines are generalised).</summary>
    public IPreparedGeometry Tolerant => _tolerant ??= PreparedGeometryFactory.Prepare(Boundary.Buffer(0.001));
}

/// <summary>
/// County outlines from files named county-{code}.json (GeoJSON FeatureCollection in GCJ-02, as the public map
/// services publish them), converted to WGS84 once and kept.
/// </summary>
public sealed class CountyOutlines(IOptions<PlacesOptions> options)
{
    private readonly ConcurrentDictionary<string, CountyOutline?> _cache = new(StringComparer.Ordinal);

    public CountyOutline? Find(string countyCode) => _cache.GetOrAdd(countyCode, Load);

    /// <summary>Finds shared/data/geo beside the installation, walking up from the given folder.</summary>
    public static string? LocateGeoDirectory(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "geo");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Reads an outline file in GCJ-02: the union of its features' polygons, in WGS84.</summary>
    public static CountyOutline Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        var parts = new List<Geometry>();
        Coordinate? seat = null;
        foreach (var feature in document.RootElement.GetProperty("features").EnumerateArray())
        {
            if (feature.TryGetProperty("geometry", out var geometry)
                && geometry.Deserialize<Geometry>(GeoJson.Options) is { } shape and (Polygon or MultiPolygon))
            {
                parts.Add(ChinaCoordinates.ToWgs84(shape));
            }

            if (seat is null && feature.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
                && properties.TryGetProperty("center", out var center) && center.ValueKind == JsonValueKind.Array && center.GetArrayLength() == 2)
            {
                var (lon, lat) = ChinaCoordinates.Gcj02ToWgs84(center[0].GetDouble(), center[1].GetDouble());
                seat = new Coordinate(lon, lat);
            }
        }

        if (parts.Count == 0)
        {
            throw new InvalidDataException($"{path}: no polygon features.");
        }

        var boundary = UnaryUnionOp.Union(parts);
        if (!boundary.IsValid)
        {
            boundary = boundary.Buffer(0);
        }

        boundary.SRID = 4326;
        return new CountyOutline(boundary, seat);
    }

    private CountyOutline? Load(string countyCode)
    {
        var directory = options.Value.GeoDirectory ?? LocateGeoDirectory(AppContext.BaseDirectory);
        var path = directory is null ? null : Path.Combine(directory, $"county-{countyCode}.json");
        return path is not null && File.Exists(path) ? Read(path) : null;
    }
}
