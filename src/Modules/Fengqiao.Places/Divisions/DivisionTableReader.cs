using System.Text;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Units;

namespace Fengqiao.Places.Divisions;

/// <summary>
/// Reads the national division tables in the CSV format of the public package (code,name,parentCode,…; names in
/// quotes). Every malformed row is reported with file and line; nothing is returned unless all rows are valid.
/// </summary>
public static class DivisionTableReader
{
    private static readonly (UnitLevel Level, int CodeLength, string[] Header)[] Layouts =
    [
        (UnitLevel.Province, 2, ["code", "name"]),
        (UnitLevel.City, 4, ["code", "name", "provinceCode"]),
        (UnitLevel.County, 6, ["code", "name", "cityCode", "provinceCode"]),
        (UnitLevel.Street, 9, ["code", "name", "areaCode", "provinceCode", "cityCode"]),
        (UnitLevel.Community, 12, ["code", "name", "streetCode", "provinceCode", "cityCode", "areaCode"]),
    ];

    /// <summary>
    /// Reads the given files; with <paramref name="only"/> (county or street codes), keeps the units under those codes
    /// and the ancestors that connect them to the province.
    /// </summary>
    public static IReadOnlyList<DivisionRow> Read(DivisionFiles files, IReadOnlyCollection<string>? only = null)
    {
        var errors = new List<string>();
        var rows = new List<DivisionRow>();
        var paths = new[] { files.Provinces, files.Cities, files.Areas, files.Streets, files.Villages };
        for (var i = 0; i < Layouts.Length; i++)
        {
            if (paths[i] is { } path)
            {
                rows.AddRange(ReadFile(path, Layouts[i], errors));
            }
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["files"] = [.. errors.Take(100)] });
        }

        rows = [.. rows.DistinctBy(r => r.Code)];
        if (only is { Count: > 0 })
        {
            rows = [.. rows.Where(r => only.Any(prefix => r.Code.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(r.Code, StringComparison.Ordinal)))];
        }

        return rows;
    }

    /// <summary>"茶东社区居民委员会" → "茶东社区"; "谈家干村村民委员会" → "谈家干村": the place, not its committee.</summary>
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

    private static List<DivisionRow> ReadFile(string path, (UnitLevel Level, int CodeLength, string[] Header) layout, List<string> errors)
    {
        var rows = new List<DivisionRow>();
        var file = Path.GetFileName(path);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path, new UTF8Encoding(false, throwOnInvalidBytes: true));
        }
        catch (DecoderFallbackException)
        {
            errors.Add($"{file}：不是 UTF-8 编码（可能是 GBK），请另存为 UTF-8。");
            return rows;
        }

        if (lines.Length == 0 || !Fields(lines[0].TrimStart('\uFEFF')).Take(layout.Header.Length).SequenceEqual(layout.Header, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"{file} 第 1 行：表头应为 {string.Join(',', layout.Header)}。");
            return rows;
        }

        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            var fields = Fields(lines[i]);
            if (fields.Length < layout.Header.Length)
            {
                errors.Add($"{file} 第 {i + 1} 行：应有 {layout.Header.Length} 列。");
                continue;
            }

            var code = fields[0];
            var name = fields[1];
            if (code.Length != layout.CodeLength || !code.All(char.IsAsciiDigit))
            {
                errors.Add($"{file} 第 {i + 1} 行：代码“{code}”应为 {layout.CodeLength} 位数字。");
                continue;
            }

            if (name.Length is 0 or > 100)
            {
                errors.Add($"{file} 第 {i + 1} 行：名称不能为空且不超过 100 字。");
                continue;
            }

            var parent = layout.Level == UnitLevel.Province ? null : fields[2];
            if (parent is not null && !code.StartsWith(parent, StringComparison.Ordinal))
            {
                errors.Add($"{file} 第 {i + 1} 行：代码 {code} 不在上级 {parent} 之下。");
                continue;
            }

            rows.Add(new DivisionRow(code, ShortName(name), layout.Level, parent));
        }

        return rows;
    }

    private static string[] Fields(string line) =>
        [.. line.Split(',').Select(field => field.Trim().Trim('"').Trim())];
}
