using Fengqiao.Kernel.Units;
using Fengqiao.Places.Geo;

namespace Fengqiao.Web.Platform.Demo;

/// <summary>
/// The demo jurisdiction: 宜兴市 (320282) with its streets, and 宜城街道 (320282001) with its communities and villages,
/// read from the national division tables in shared/data/divisions; a small built-in subset of the same real names
/// and codes when that folder is absent.
/// </summary>
internal static class DemoDivisions
{
    public const string ProvinceCode = "32";
    public const string CityCode = "3202";
    public const string CountyCode = "320282";
    public const string StreetCode = "320282001";

    public static IReadOnlyList<DivisionRecord> Load(string? directory)
    {
        if (directory is not null && File.Exists(Path.Combine(directory, "villages-32.csv")))
        {
            return FromFiles(directory);
        }

        return BuiltIn();
    }

    /// <summary>Finds shared/data/divisions beside the repository, walking up from the given folder.</summary>
    public static string? Locate(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "divisions");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// The county outline (shared/data/geo/county-320282.json): beside the divisions folder, else found walking up
    /// from the working folder or the installation; null when there is none.
    /// </summary>
    public static string? LocateOutline(string? divisionsDirectory)
    {
        var file = $"county-{CountyCode}.json";
        if (divisionsDirectory is not null && Path.Combine(divisionsDirectory, "..", "geo", file) is var sibling && File.Exists(sibling))
        {
            return Path.GetFullPath(sibling);
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            if (CountyOutlines.LocateGeoDirectory(start) is { } geo && File.Exists(Path.Combine(geo, file)))
            {
                return Path.Combine(geo, file);
            }
        }

        return null;
    }

    /// <summary>"茶东社区居民委员会" → "茶东社区"; "谈家干村村民委员会" → "谈家干村".</summary>
    public static string ShortName(string name)
    {
        foreach (var suffix in new[] { "居民委员会", "村民委员会", "居委会", "村委会" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && name.Length > suffix.Length)
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }

    private static List<DivisionRecord> FromFiles(string directory)
    {
        var result = new List<DivisionRecord>();
        result.AddRange(Rows(Path.Combine(directory, "provinces.csv"))
            .Where(r => r[0] == ProvinceCode)
            .Select(r => new DivisionRecord(r[0], r[1], UnitLevel.Province, null)));
        result.AddRange(Rows(Path.Combine(directory, "cities.csv"))
            .Where(r => r[0] == CityCode)
            .Select(r => new DivisionRecord(r[0], r[1], UnitLevel.City, ProvinceCode)));
        result.AddRange(Rows(Path.Combine(directory, "areas.csv"))
            .Where(r => r[0] == CountyCode)
            .Select(r => new DivisionRecord(r[0], r[1], UnitLevel.County, CityCode)));
        result.AddRange(Rows(Path.Combine(directory, "streets-32.csv"))
            .Where(r => r[2] == CountyCode)
            .Select(r => new DivisionRecord(r[0], r[1], UnitLevel.Street, CountyCode)));
        result.AddRange(Rows(Path.Combine(directory, "villages-32.csv"))
            .Where(r => r[2] == StreetCode)
            .Select(r => new DivisionRecord(r[0], ShortName(r[1]), UnitLevel.Community, StreetCode)));
        return result;
    }

    private static IEnumerable<string[]> Rows(string path) =>
        File.ReadLines(path).Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => line.Split(',').Select(field => field.Trim().Trim('"')).ToArray());

    private static List<DivisionRecord> BuiltIn() =>
    [
        new(ProvinceCode, "江苏省", UnitLevel.Province, null),
        new(CityCode, "无锡市", UnitLevel.City, ProvinceCode),
        new(CountyCode, "宜兴市", UnitLevel.County, CityCode),
        new("320282001", "宜城街道", UnitLevel.Street, CountyCode),
        new("320282002", "屺亭街道", UnitLevel.Street, CountyCode),
        new("320282003", "新庄街道", UnitLevel.Street, CountyCode),
        new("320282004", "新街街道", UnitLevel.Street, CountyCode),
        new("320282005", "芳桥街道", UnitLevel.Street, CountyCode),
        new("320282112", "丁蜀镇", UnitLevel.Street, CountyCode),
        new("320282001001", "茶东社区", UnitLevel.Community, StreetCode),
        new("320282001002", "荆东社区", UnitLevel.Community, StreetCode),
        new("320282001003", "和平社区", UnitLevel.Community, StreetCode),
        new("320282001004", "岳堤社区", UnitLevel.Community, StreetCode),
        new("320282001005", "民主社区", UnitLevel.Community, StreetCode),
        new("320282001006", "土城社区", UnitLevel.Community, StreetCode),
        new("320282001203", "谈家干村", UnitLevel.Community, StreetCode),
        new("320282001205", "南园村", UnitLevel.Community, StreetCode),
    ];
}
