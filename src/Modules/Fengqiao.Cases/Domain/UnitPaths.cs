using Fengqiao.Kernel.Units;

namespace Fengqiao.Cases.Domain;

/// <summary>Reading the administrative tree from a materialised path such as "/32/3202/320282/320282001/".</summary>
public static class UnitPaths
{
    /// <summary>The code of the unit at <paramref name="level"/> on the path, or null when the path stops above it.</summary>
    public static string? CodeAt(string path, UnitLevel level)
    {
        var codes = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var index = (int)level - 1;
        return index < codes.Length ? codes[index] : null;
    }

    /// <summary>The deepest level the path reaches.</summary>
    public static UnitLevel DeepestLevel(string path) => (UnitLevel)path.Split('/', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>The path of the unit at <paramref name="level"/> (a prefix of <paramref name="path"/>), or null.</summary>
    public static string? PathAt(string path, UnitLevel level)
    {
        var codes = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var count = (int)level;
        return count <= codes.Length ? "/" + string.Join('/', codes.Take(count)) + "/" : null;
    }

    /// <summary>最近共同上级: the deepest unit path shared by all <paramref name="paths"/>.</summary>
    public static string LowestCommonAncestor(IReadOnlyList<string> paths)
    {
        ArgumentOutOfRangeException.ThrowIfZero(paths.Count);
        var split = paths.Select(p => p.Split('/', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var common = new List<string>();
        for (var i = 0; i < split.Min(s => s.Length); i++)
        {
            var code = split[0][i];
            if (split.Any(s => s[i] != code))
            {
                break;
            }

            common.Add(code);
        }

        return "/" + string.Join('/', common) + (common.Count > 0 ? "/" : "");
    }
}
