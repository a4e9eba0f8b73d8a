using Fengqiao.Kernel.Units;
using Fengqiao.Places.Divisions;
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

    public static IReadOnlyList<DivisionRow> Load(string? directory)
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

    private static List<DivisionRow> FromFiles(string directory)
    {
        // The county's streets, but only 宜城街道's communities: the demo stays small enough to read.
        var rows = DivisionTableReader.Read(DivisionFiles.InFolder(directory, ProvinceCode), [CountyCode]);
        return [.. rows.Where(r => r.Level != UnitLevel.Community || r.ParentCode == StreetCode)];
    }

    private static List<DivisionRow> BuiltIn() =>
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
