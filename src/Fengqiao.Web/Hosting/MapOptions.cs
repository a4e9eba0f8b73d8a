namespace Fengqiao.Web.Hosting;

/// <summary>
/// Configuration section "Map": the base map under the grids. Boundaries are WGS84, so the tiles must be too
/// (OpenStreetMap, 天地图 in its WGS84/CGCS2000 form); empty shows the grids on a blank background.
/// </summary>
public sealed class MapOptions
{
    public const string Section = "Map";

    public string? TileUrl { get; set; } = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

    public string? Attribution { get; set; } = "© OpenStreetMap contributors";

    /// <summary>Where maps without their own extent open (WGS84 longitude, latitude): the jurisdiction's centre.</summary>
    public double CenterLongitude { get; set; } = 119.823;

    public double CenterLatitude { get; set; } = 31.362;
}
