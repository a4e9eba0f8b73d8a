namespace Fengqiao.Places.Divisions;

/// <summary>The five CSV files of the public division package; any may be absent except the levels being imported.</summary>
public sealed record DivisionFiles(string? Provinces, string? Cities, string? Areas, string? Streets, string? Villages)
{
    /// <summary>The files of one province in a folder laid out like shared/data/divisions (streets-32.csv …).</summary>
    public static DivisionFiles InFolder(string folder, string provinceCode) => new(
        Existing(Path.Combine(folder, "provinces.csv")),
        Existing(Path.Combine(folder, "cities.csv")),
        Existing(Path.Combine(folder, "areas.csv")),
        Existing(Path.Combine(folder, $"streets-{provinceCode}.csv")),
        Existing(Path.Combine(folder, $"villages-{provinceCode}.csv")));

    private static string? Existing(string path) => File.Exists(path) ? path : null;
}
