namespace Fengqiao.Places.People.Spreadsheets;

/// <summary>One column of the resident sheet: its key (the API field name), header, notes for the template and aliases
/// that older local registers use for the same thing.</summary>
public sealed record ResidentColumn(string Key, string Header, bool Required, string Note, string Example, IReadOnlyList<string> Aliases);

/// <summary>
/// The layout of the 实有人口 sheet that the template offers, the import reads and the export writes: one row per
/// resident, with the standard address of their household (网格编码 / 路巷小区 / 楼栋号 / 单元-室) on every row, so a
/// household is created by its first row and matched by the others.
/// </summary>
public static class ResidentSheet
{
    public const string SheetName = "实有人口";
    public const string NotesSheetName = "填写说明";

    public const string GridCode = "gridCode";
    public const string Street = "street";
    public const string Building = "building";
    public const string Room = "room";

    /// <summary>The sample number printed in GB 11643 itself; a row carrying it is the template's example, not a person.</summary>
    public const string ExampleIdentityNumber = "11010519491231002X";

    public static IReadOnlyList<ResidentColumn> Columns { get; } =
    [
        new(GridCode, "网格编码", true, "15 位网格编码（社区代码 + 3 位序号），须在您的管辖范围内。", "320282001001001", ["网格代码", "所属网格", "网格", "网格号"]),
        new(Street, "路巷小区", true, "标准地址的路、巷或小区，1 到 100 字。", "人民南路88号阳光花园", ["路/巷/小区", "小区", "街路巷", "地址", "楼栋地址", "楼栋/地址"]),
        new(Building, "楼栋号", true, "幢号，1 到 20 字；同一网格内同一路巷小区和楼栋号即同一楼栋（不存在则新建）。", "3", ["楼栋", "幢", "幢号", "楼号"]),
        new(Room, "单元-室", true, "单元-室，如 2-501；同一楼栋内相同的单元-室即同一户（不存在则新建）。", "2-501", ["单元室", "房号", "户号", "门牌号", "室号"]),
        new("name", "姓名", true, "2 到 50 字，不含数字。", "张三", ["居民姓名"]),
        new("gender", "性别", false, "男 或 女；可不填，由身份证号码得出；填写时须与号码相符。", "女", []),
        new("birthDate", "出生日期", false, "如 1949-12-31；可不填，由身份证号码得出；填写时须与号码相符。", "1949-12-31", ["出生年月日", "生日"]),
        new("identityNumber", "身份证号码", true, "18 位居民身份证号码，末位可为 X（按 GB 11643 校验）。请把本列设为“文本”格式，否则 Excel 会把号码变成科学计数法并丢失末几位。", ExampleIdentityNumber, ["身份证号", "公民身份号码", "证件号码", "身份证"]),
        new("phone", "联系电话", false, "11 位手机号，或带区号的固定电话（如 0510-87654321）。", "13812345678", ["手机号", "手机号码", "电话", "联系方式", "手机"]),
        new("relation", "与户主关系", true, "户主、配偶、子女、父母 或 其他；每户只能有一位户主。", "户主", ["关系", "与户主的关系"]),
        new("residenceKind", "人口类型", false, "户籍人口（默认）、流动人口 或 人户分离。", "户籍人口", ["人口类别", "户籍/实际居住", "居住类型"]),
        new("registeredResidence", "户籍地", false, "户籍所在地，不超过 100 字。", "江苏省无锡市宜兴市", ["户籍地址", "户籍所在地"]),
        new("specialGroups", "特殊人群标签", false, "可不填；多个标签用顿号、分号或逗号分隔。", "独居老人", ["特殊人群", "标签", "人群标签"]),
    ];

    public static int IndexOf(string key) => Columns.Select((c, i) => (c, i)).First(p => p.c.Key == key).i;

    public static ResidentColumn Column(string key) => Columns[IndexOf(key)];

    /// <summary>The header as compared: no spaces, no required-field stars, no trailing note in brackets, case-insensitive.</summary>
    public static string Normalise(string? header)
    {
        var text = new string([.. (header ?? "").Where(c => !char.IsWhiteSpace(c) && c is not ('*' or '＊' or '\uFEFF'))]);
        var bracket = text.IndexOfAny(['(', '（']);
        if (bracket > 0)
        {
            text = text[..bracket];
        }

        return text.ToLowerInvariant();
    }

    /// <summary>Finds the column a header names, by its header, an alias or its key.</summary>
    public static ResidentColumn? Match(string? header)
    {
        var normal = Normalise(header);
        if (normal.Length == 0)
        {
            return null;
        }

        return Columns.FirstOrDefault(c =>
            Normalise(c.Header) == normal || c.Key.Equals(normal, StringComparison.OrdinalIgnoreCase) || c.Aliases.Any(a => Normalise(a) == normal));
    }

    /// <summary>The template's sheets: the resident sheet with the example row, and the notes for each column.</summary>
    public static SheetContent[] Template(IReadOnlyList<string> specialGroups)
    {
        var example = Columns.Select(c => (string?)c.Example).ToList();
        var notes = Columns.Select(c => (IReadOnlyList<string?>)
        [
            c.Header,
            c.Required ? "必填" : "选填",
            c.Key == "specialGroups" ? $"{c.Note}可用的标签：{string.Join("、", specialGroups)}。" : c.Note,
            c.Example,
        ]).ToList();
        notes.Add(["", "", "", ""]);
        notes.Add(["说明", "", "第 2 行是示例（身份证号码为国家标准中的样例号码），导入前请删除。每行一位居民；同一户的成员填写相同的网格编码、路巷小区、楼栋号和单元-室。导入时先校验全部行，任何一行有错误都不会写入（除非选择“只导入无误的行”）。", ""]);
        return
        [
            Sheet([example]),
            new SheetContent(NotesSheetName, ["列", "必填", "填写要求", "示例"], notes, null, [14, 8, 80, 22]),
        ];
    }

    public static SheetContent Sheet(IEnumerable<IReadOnlyList<string?>> rows) =>
        new(SheetName, [.. Columns.Select(c => c.Header)], rows, new HashSet<int> { IndexOf("identityNumber"), IndexOf("phone"), IndexOf(GridCode), IndexOf(Building), IndexOf(Room) },
            [17, 24, 8, 10, 10, 6, 12, 21, 15, 11, 10, 22, 16]);
}
