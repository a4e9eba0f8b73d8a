namespace Fengqiao.Cases.Categories;

/// <summary>
/// A category-specific question asked at intake (e.g. 燃气泄漏: "是否已关闭总阀?"). Served to Open311 clients as a
/// service attribute, so the data types follow GeoReport v2.
/// </summary>
public sealed record CategoryQuestion(string Code, string Label, QuestionType Type, bool Required, int Order, IReadOnlyList<QuestionOption>? Options = null);

/// <summary>One allowed answer of a list question.</summary>
public sealed record QuestionOption(string Key, string Name);

/// <summary>GeoReport v2 attribute data types.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The names are GeoReport v2's data types.")]
public enum QuestionType
{
    String = 1,
    Number = 2,
    DateTime = 3,
    Text = 4,
    SingleValueList = 5,
    MultiValueList = 6,
}
