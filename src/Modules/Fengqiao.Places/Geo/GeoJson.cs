using System.Text.Json;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Fengqiao.Places.Geo;

/// <summary>The module's GeoJSON settings: WGS84 geometries (SRID 4326), longitude first.</summary>
public static class GeoJson
{
    public static GeometryFactory Factory { get; } = NtsGeometryServices.Instance.CreateGeometryFactory(4326);

    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = false };
        options.Converters.Add(new GeoJsonConverterFactory(Factory));
        return options;
    }
}
