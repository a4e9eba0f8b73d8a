using System.Text.Json;
using System.Text.Json.Nodes;
using Fengqiao.Places.Grids;

namespace Fengqiao.Web.Components.Pages.Places;

/// <summary>
/// What the import wizard shows of a file beside its report: each feature's name, and a GeoJSON of the features
/// marked valid or not for the preview map, in WGS84 like the base map (a GCJ-02 file is converted).
/// </summary>
internal sealed class GridImportPreview
{
    /// <summary>Files above this size are checked but not drawn: the preview travels to the browser.</summary>
    public const int MaxPreviewBytes = 5 * 1024 * 1024;

    private GridImportPreview(IReadOnlyDictionary<int, string> names, string? geoJson, IReadOnlyList<object> problems)
    {
        Names = names;
        GeoJson = geoJson;
        Problems = problems;
    }

    /// <summary>The name property of each feature that has one, by index.</summary>
    public IReadOnlyDictionary<int, string> Names { get; }

    /// <summary>The preview collection, or null when the file is too large or not GeoJSON.</summary>
    public string? GeoJson { get; }

    /// <summary>Located problems for the map's markers: { location: [lon, lat], message }.</summary>
    public IReadOnlyList<object> Problems { get; }

    public static GridImportPreview From(byte[] file, GridImportReport report)
    {
        var names = new Dictionary<int, string>();
        var gcj02 = report.Crs == "gcj02";
        var invalid = report.Problems.Where(p => p.Index is not null).Select(p => p.Index!.Value).ToHashSet();
        JsonArray? features = null;
        try
        {
            if (JsonNode.Parse(file) is JsonObject root && root["features"] is JsonArray array)
            {
                var index = 0;
                features = [];
                foreach (var feature in array)
                {
                    var i = index++;
                    if (feature is not JsonObject item)
                    {
                        continue;
                    }

                    var name = item["properties"] is JsonObject properties && properties["name"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
                    if (name is not null)
                    {
                        names[i] = name;
                    }

                    if (file.Length <= MaxPreviewBytes && item["geometry"] is JsonObject geometry)
                    {
                        var coordinates = geometry["coordinates"]?.DeepClone();
                        if (gcj02 && coordinates is not null)
                        {
                            ToWgs84(coordinates);
                        }

                        features.Add(new JsonObject
                        {
                            ["type"] = "Feature",
                            ["properties"] = new JsonObject { ["index"] = i, ["name"] = name ?? "", ["valid"] = !invalid.Contains(i) },
                            ["geometry"] = new JsonObject { ["type"] = geometry["type"]?.DeepClone(), ["coordinates"] = coordinates },
                        });
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the report says so; there is nothing to draw.
        }

        var problems = report.Problems.Concat(report.Warnings)
            .Where(p => p.Location is { Length: 2 } l && Math.Abs(l[1]) <= 90 && Math.Abs(l[0]) <= 180)
            .Select(p =>
            {
                var (lon, lat) = gcj02 ? ChinaCoordinates.Gcj02ToWgs84(p.Location![0], p.Location[1]) : (p.Location![0], p.Location[1]);
                return (object)new { location = new[] { lon, lat }, message = p.ToString() };
            })
            .ToList();
        var geoJson = file.Length <= MaxPreviewBytes && features is not null
            ? new JsonObject { ["type"] = "FeatureCollection", ["features"] = features }.ToJsonString()
            : null;
        return new GridImportPreview(names, geoJson, problems);
    }

    /// <summary>Converts every [lon, lat] position in nested coordinate arrays in place; anything malformed is left as it is.</summary>
    private static void ToWgs84(JsonNode node)
    {
        if (node is not JsonArray array)
        {
            return;
        }

        if (array.Count >= 2 && array[0] is JsonValue x && array[1] is JsonValue y
            && x.TryGetValue<double>(out var lon) && y.TryGetValue<double>(out var lat))
        {
            var (wgsLon, wgsLat) = ChinaCoordinates.Gcj02ToWgs84(lon, lat);
            array[0] = wgsLon;
            array[1] = wgsLat;
            return;
        }

        foreach (var child in array)
        {
            if (child is not null)
            {
                ToWgs84(child);
            }
        }
    }
}
