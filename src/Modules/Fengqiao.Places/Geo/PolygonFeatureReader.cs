using System.Globalization;
using System.Text.Json;
using Fengqiao.Places.Grids;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace Fengqiao.Places.Geo;

/// <summary>
/// Reads the polygon of one GeoJSON feature for the grid and boundary imports alike — ring structure, coordinate
/// range (swapped latitude/longitude, places outside China), validity (self-intersection …) — and converts it to
/// WGS84. Every problem is passed to the caller with the place it is, in the file's coordinates.
/// </summary>
internal static class PolygonFeatureReader
{
    /// <summary>"wgs84" or "gcj02" from the request or the file's top-level "crs"; null (with <paramref name="error"/>) when unsupported.</summary>
    public static string? ReadCrs(string? requested, JsonElement root, out string? error)
    {
        var named = requested;
        if (named is null && root.TryGetProperty("crs", out var crs))
        {
            named = crs.ValueKind switch
            {
                JsonValueKind.String => crs.GetString(),
                JsonValueKind.Object when crs.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object => Text(properties, "name"),
                _ => null,
            };
        }

        var normalised = (named ?? "wgs84").Trim().ToUpperInvariant().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        error = null;
        switch (normalised)
        {
            case "WGS84" or "EPSG:4326" or "4326" or "URN:OGC:DEF:CRS:OGC:1.3:CRS84" or "URN:OGC:DEF:CRS:EPSG::4326" or "CRS84":
                return "wgs84";
            case "GCJ02" or "GCJ" or "MARS":
                return "gcj02";
            default:
                error = $"不支持的坐标系“{named}”，应为 wgs84 或 gcj02。";
                return null;
        }
    }

    /// <summary>The feature's boundary in WGS84, or null after reporting why it cannot be read.</summary>
    public static MultiPolygon? ReadBoundary(JsonElement feature, string crs, Action<string, Coordinate?> problem)
    {
        if (!feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object)
        {
            problem("缺少几何（geometry）。", null);
            return null;
        }

        var type = Text(geometry, "type");
        if (type is not ("Polygon" or "MultiPolygon"))
        {
            problem($"几何类型为 {type ?? "（无）"}，应为 Polygon 或 MultiPolygon。", FirstPosition(geometry));
            return null;
        }

        if (!geometry.TryGetProperty("coordinates", out var coordinates) || coordinates.ValueKind != JsonValueKind.Array)
        {
            problem("几何缺少坐标（coordinates）。", null);
            return null;
        }

        // The raw rings, checked before any geometry is built: a reader would refuse the whole file on the first one.
        var polygons = type == "Polygon" ? [coordinates] : coordinates.EnumerateArray().ToList();
        var broken = false;
        var rangeReported = false;
        foreach (var polygon in polygons)
        {
            if (polygon.ValueKind != JsonValueKind.Array || polygon.GetArrayLength() == 0)
            {
                problem("多边形没有任何环。", null);
                broken = true;
                continue;
            }

            foreach (var ring in polygon.EnumerateArray())
            {
                var points = ReadRing(ring);
                if (points is null)
                {
                    problem("坐标格式有误：每个点应为 [经度, 纬度] 两个数。", FirstPosition(ring));
                    broken = true;
                    continue;
                }

                if (!rangeReported && CheckRange(points) is { } range)
                {
                    problem(range.Message, range.At);
                    rangeReported = true;
                }

                if (points.Count < 4)
                {
                    problem($"环的点数过少（{points.Count} 个点）：至少需要 4 个点且首尾相同。", points.FirstOrDefault());
                    broken = true;
                }
                else if (!points[0].Equals2D(points[^1]))
                {
                    problem($"环未闭合：末点与首点 ({points[0].X.ToString(CultureInfo.InvariantCulture)}, {points[0].Y.ToString(CultureInfo.InvariantCulture)}) 不同。", points[^1]);
                    broken = true;
                }
            }
        }

        if (broken || rangeReported)
        {
            return null;
        }

        Geometry shape;
        try
        {
            shape = geometry.Deserialize<Geometry>(GeoJson.Options) ?? throw new JsonException("empty geometry");
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException)
        {
            problem($"几何无法读取：{exception.Message}", FirstPosition(geometry));
            return null;
        }

        var validity = new IsValidOp(shape);
        if (!validity.IsValid)
        {
            var error = validity.ValidationError;
            problem(Describe(error.ErrorType, error.Message), error.Coordinate);
            return null;
        }

        var wgs84 = GeoMath.ToMultiPolygon(crs == "gcj02" ? ChinaCoordinates.ToWgs84(shape) : shape);
        if (!wgs84.IsValid || wgs84.IsEmpty)
        {
            problem("换算为 WGS84 后几何无效（多边形过窄或点过密）。", FirstPosition(geometry));
            return null;
        }

        return wgs84;
    }

    /// <summary>A WGS84 position as the file gave it (GCJ-02 files get GCJ-02 locations back).</summary>
    public static double[] Located(Coordinate wgs84, string crs)
    {
        if (crs != "gcj02")
        {
            return GeoMath.Location(wgs84);
        }

        var (lon, lat) = ChinaCoordinates.Wgs84ToGcj02(wgs84.X, wgs84.Y);
        return GeoMath.Location(new Coordinate(lon, lat));
    }

    public static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    private static string Describe(TopologyValidationErrors error, string message) => error switch
    {
        TopologyValidationErrors.SelfIntersection => "边界自相交（边线交叉）。",
        TopologyValidationErrors.RingSelfIntersection => "环自相交（同一条边线在此处与自身相接）。",
        TopologyValidationErrors.TooFewPoints => "环的点数过少。",
        TopologyValidationErrors.RingNotClosed => "环未闭合。",
        TopologyValidationErrors.HoleOutsideShell => "内环（洞）在外环之外。",
        TopologyValidationErrors.NestedHoles => "内环相互嵌套。",
        TopologyValidationErrors.NestedShells => "多个多边形相互嵌套。",
        TopologyValidationErrors.DisconnectedInteriors => "多边形内部不连通。",
        TopologyValidationErrors.DuplicateRings => "环重复。",
        TopologyValidationErrors.InvalidCoordinate => "坐标无效（非数字）。",
        _ => $"几何无效（{message}）。",
    };

    private static (string Message, Coordinate At)? CheckRange(List<Coordinate> points)
    {
        foreach (var point in points)
        {
            var (x, y) = (point.X, point.Y);
            if ((Math.Abs(x) <= 90 && Math.Abs(y) > 90) || (ChinaCoordinates.OutOfChina(x, y) && !ChinaCoordinates.OutOfChina(y, x)))
            {
                return ("经纬度顺序可能颠倒：GeoJSON 中每个点应为 [经度, 纬度]。", point);
            }

            if (Math.Abs(x) > 180 || Math.Abs(y) > 90)
            {
                return ("坐标超出经纬度范围（经度 -180~180，纬度 -90~90）。", point);
            }

            if (ChinaCoordinates.OutOfChina(x, y))
            {
                return ("坐标在中国境外（可能在海上）。", point);
            }
        }

        return null;
    }

    private static List<Coordinate>? ReadRing(JsonElement ring)
    {
        if (ring.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var points = new List<Coordinate>(ring.GetArrayLength());
        foreach (var position in ring.EnumerateArray())
        {
            if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2
                || position[0].ValueKind != JsonValueKind.Number || position[1].ValueKind != JsonValueKind.Number)
            {
                return null;
            }

            points.Add(new Coordinate(position[0].GetDouble(), position[1].GetDouble()));
        }

        return points;
    }

    private static Coordinate? FirstPosition(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return element.TryGetProperty("coordinates", out var coordinates) ? FirstPosition(coordinates) : null;
        }

        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
        {
            return null;
        }

        if (element.GetArrayLength() >= 2 && element[0].ValueKind == JsonValueKind.Number && element[1].ValueKind == JsonValueKind.Number)
        {
            return new Coordinate(element[0].GetDouble(), element[1].GetDouble());
        }

        return FirstPosition(element[0]);
    }
}
