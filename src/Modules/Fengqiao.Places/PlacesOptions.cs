namespace Fengqiao.Places;

/// <summary>Configuration section "Places".</summary>
public sealed class PlacesOptions
{
    public const string Section = "Places";

    /// <summary>
    /// How new grid codes are made: "{community}" is the community's 12-digit code, "{seq:000}" the next free
    /// sequence number in the given .NET number format.
    /// </summary>
    public string GridCodeFormat { get; set; } = "{community}{seq:000}";

    /// <summary>
    /// Folder with county outlines named county-{code}.json (GeoJSON in GCJ-02, as published by the public map
    /// services). When unset, a shared/data/geo folder beside the installation is used if there is one.
    /// </summary>
    public string? GeoDirectory { get; set; }

    /// <summary>Largest GeoJSON file accepted by the grid import, in bytes.</summary>
    public long MaxImportBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Most features accepted by one grid import.</summary>
    public int MaxImportFeatures { get; set; } = 5000;

    /// <summary>Largest resident sheet (.xlsx or CSV) accepted by the import, in bytes.</summary>
    public long MaxResidentImportBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>Most data rows accepted by one resident import.</summary>
    public int MaxResidentImportRows { get; set; } = 20_000;

    /// <summary>The special-group tags residents may carry (特殊人群). Unset: <see cref="DefaultSpecialGroups"/>.</summary>
    public string[]? SpecialGroups { get; set; }

    public static IReadOnlyList<string> DefaultSpecialGroups { get; } = ["独居老人", "残疾人", "低保", "留守儿童", "社区矫正", "退役军人"];

    /// <summary>The configured tags, or the defaults.</summary>
    public IReadOnlyList<string> EffectiveSpecialGroups => SpecialGroups is { Length: > 0 } configured ? configured : DefaultSpecialGroups;
}
