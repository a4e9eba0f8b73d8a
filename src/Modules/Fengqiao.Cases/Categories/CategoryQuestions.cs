using System.Text.RegularExpressions;

namespace Fengqiao.Cases.Categories;

/// <summary>
/// Checks and tidies a category's intake questions (补充问题) before they become part of a version: each problem is
/// named with the question's position so the administrator can find it, and what is stored is trimmed and ordered as
/// given (Order 1, 2, 3 …) so the intake form, the Open311 attributes and the admin page agree.
/// </summary>
public static partial class CategoryQuestions
{
    public const int MaxQuestions = 20;
    public const int MaxCodeLength = 40;
    public const int MaxLabelLength = 200;
    public const int MaxOptions = 50;
    public const int MaxOptionLength = 100;

    // Codes travel as Open311 attribute names (attribute[code]=…) and JSON keys: ASCII letters, digits, '_' and '-'.
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*$")]
    private static partial Regex CodePattern();

    public static List<CategoryQuestion> Validate(IReadOnlyList<CategoryQuestion?>? given, Dictionary<string, string[]> errors)
    {
        var questions = given ?? [];
        if (questions.Count > MaxQuestions)
        {
            errors["questions"] = [$"补充问题最多 {MaxQuestions} 个（现有 {questions.Count} 个）。"];
            return [];
        }

        var problems = new List<string>();
        var result = new List<CategoryQuestion>(questions.Count);
        var codes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < questions.Count; i++)
        {
            var n = i + 1;
            var q = questions[i];
            if (q is null)
            {
                problems.Add($"第 {n} 个补充问题为空。");
                continue;
            }

            var code = q.Code?.Trim() ?? "";
            var label = q.Label?.Trim() ?? "";
            if (code.Length is 0 or > MaxCodeLength || !CodePattern().IsMatch(code))
            {
                problems.Add($"第 {n} 个补充问题的编码须以英文字母开头，只含字母、数字、“_”“-”，不超过 {MaxCodeLength} 个字符。");
            }
            else if (!codes.Add(code))
            {
                problems.Add($"第 {n} 个补充问题的编码“{code}”与前面的问题重复。");
            }

            if (label.Length is 0 or > MaxLabelLength)
            {
                problems.Add($"第 {n} 个补充问题须填写问题文字（不超过 {MaxLabelLength} 个字）。");
            }

            if (!Enum.IsDefined(q.Type))
            {
                problems.Add($"第 {n} 个补充问题的类型无效。");
                continue;
            }

            List<QuestionOption>? options = null;
            if (q.Type is QuestionType.SingleValueList or QuestionType.MultiValueList)
            {
                options = [.. (q.Options ?? []).Where(o => o is not null).Select(o => new QuestionOption(o.Key?.Trim() ?? "", o.Name?.Trim() ?? ""))];
                if (options.Count == 0)
                {
                    problems.Add($"第 {n} 个补充问题是选择题，须至少有一个选项。");
                }
                else if (options.Count > MaxOptions)
                {
                    problems.Add($"第 {n} 个补充问题的选项最多 {MaxOptions} 个。");
                }
                else if (options.Any(o => o.Key.Length is 0 or > MaxOptionLength || o.Name.Length is 0 or > MaxOptionLength || o.Key.Contains(',', StringComparison.Ordinal)))
                {
                    // A comma separates the keys of a multi-value answer, so it cannot be part of one.
                    problems.Add($"第 {n} 个补充问题的每个选项须有代码和名称（各不超过 {MaxOptionLength} 个字，代码不含逗号）。");
                }
                else if (options.Select(o => o.Key).Distinct(StringComparer.Ordinal).Count() != options.Count)
                {
                    problems.Add($"第 {n} 个补充问题的选项代码重复。");
                }
            }

            result.Add(new CategoryQuestion(code, label, q.Type, q.Required, n, options));
        }

        if (problems.Count > 0)
        {
            errors["questions"] = [.. problems];
        }

        return result;
    }
}
