namespace Fengqiao.Places.People;

/// <summary>Parsing of the Chinese labels the API accepts for enumerations.</summary>
internal static class PeopleText
{
    private static readonly Dictionary<string, HouseholdRelation> Relations = new(StringComparer.OrdinalIgnoreCase)
    {
        ["户主"] = HouseholdRelation.Head,
        ["配偶"] = HouseholdRelation.Spouse,
        ["子女"] = HouseholdRelation.Child,
        ["父母"] = HouseholdRelation.Parent,
        ["其他"] = HouseholdRelation.Other,
    };

    private static readonly Dictionary<string, ResidenceKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["户籍人口"] = ResidenceKind.Registered,
        ["流动人口"] = ResidenceKind.Floating,
        ["人户分离"] = ResidenceKind.Separated,
    };

    public static HouseholdRelation? Relation(string? text, IDictionary<string, string[]> errors)
    {
        var value = (text ?? "").Trim();
        if (Relations.TryGetValue(value, out var relation) || (Enum.TryParse(value, true, out relation) && Enum.IsDefined(relation) && !int.TryParse(value, out _)))
        {
            return relation;
        }

        errors["relation"] = [$"与户主关系“{value}”无效，应为 户主、配偶、子女、父母 或 其他。"];
        return null;
    }

    public static ResidenceKind? Kind(string? text, IDictionary<string, string[]> errors)
    {
        var value = (text ?? "").Trim();
        if (Kinds.TryGetValue(value, out var kind) || (Enum.TryParse(value, true, out kind) && Enum.IsDefined(kind) && !int.TryParse(value, out _)))
        {
            return kind;
        }

        errors["residenceKind"] = [$"人口类型“{value}”无效，应为 户籍人口、流动人口 或 人户分离。"];
        return null;
    }

    public static IReadOnlyList<string> Tags(IReadOnlyList<string>? given, IReadOnlyList<string> allowed, IDictionary<string, string[]> errors)
    {
        var tags = (given ?? []).Select(t => (t ?? "").Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var unknown = tags.Where(t => !allowed.Contains(t, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            errors["specialGroups"] = [$"未知的特殊人群标签：{string.Join("、", unknown)}；可用的有：{string.Join("、", allowed)}。"];
        }

        return tags;
    }
}
