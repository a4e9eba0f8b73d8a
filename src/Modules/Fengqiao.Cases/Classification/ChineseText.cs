using System.Globalization;
using System.Text;
using JiebaNet.Segmenter;

namespace Fengqiao.Cases.Classification;

/// <summary>
/// Prepares a report's title and text for the featurizer: one normalised string (full-width forms folded by NFKC,
/// letters lower-cased, runs of white space collapsed) and, when the feature set wants them, its jieba words joined
/// by spaces — the form ML.NET's whitespace tokenizer expects.
/// </summary>
internal static class ChineseText
{
    private static readonly object DictionaryGate = new();
    private static bool _dictionaryLocated;

    /// <summary>Title, then text, as one normalised string.</summary>
    public static string Combine(string? title, string? text)
    {
        var builder = new StringBuilder((title?.Length ?? 0) + (text?.Length ?? 0) + 2);
        Append(builder, title);
        builder.Append(' ');
        Append(builder, text);
        return builder.ToString().Trim();
    }

    /// <summary>Words of <paramref name="normalised"/> (from <see cref="Combine"/>) joined by single spaces, punctuation and spaces dropped.</summary>
    public static string Words(JiebaSegmenter segmenter, string normalised)
    {
        var builder = new StringBuilder(normalised.Length + normalised.Length / 2);
        foreach (var word in segmenter.Cut(normalised, cutAll: false, hmm: false))
        {
            if (word.Length == 0 || !word.Any(char.IsLetterOrDigit))
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(word);
        }

        return builder.ToString();
    }

    /// <summary>
    /// A segmenter whose dictionaries are read from the Resources folder beside the binaries, whatever the working
    /// directory (jieba.NET would otherwise look in its app settings or a relative "Resources").
    /// </summary>
    public static JiebaSegmenter CreateSegmenter()
    {
        lock (DictionaryGate)
        {
            if (!_dictionaryLocated)
            {
                var resources = Path.Combine(AppContext.BaseDirectory, "Resources");
                if (!File.Exists(Path.Combine(resources, "dict.txt")))
                {
                    throw new InvalidOperationException(
                        $"jieba.NET 词典不在 {resources}：项目须引用 Fengqiao.Cases（它把 jieba.NET 的 Resources 复制到输出目录）。");
                }

                ConfigManager.ConfigFileBaseDir = resources;
                _dictionaryLocated = true;
            }

            return new JiebaSegmenter();
        }
    }

    private static void Append(StringBuilder builder, string? part)
    {
        if (string.IsNullOrWhiteSpace(part))
        {
            return;
        }

        var folded = part.Normalize(NormalizationForm.FormKC);
        var lastWasSpace = builder.Length == 0 || builder[^1] == ' ';
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Control)
            {
                if (!lastWasSpace)
                {
                    builder.Append(' ');
                    lastWasSpace = true;
                }

                continue;
            }

            builder.Append(char.ToLowerInvariant(c));
            lastWasSpace = false;
        }
    }
}
