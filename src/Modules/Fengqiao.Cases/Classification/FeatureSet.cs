namespace Fengqiao.Cases.Classification;

/// <summary>
/// What the classifier sees of a text. ML.NET's text featurizer splits on whitespace, which Chinese does not have:
/// words come from jieba.NET (costly: 0.3–0.5 ms per message), character n-grams straight from the text (cheap).
/// The comparison that chose the default is in docs/classification.md.
/// </summary>
public enum FeatureSet
{
    /// <summary>Character unigrams and bigrams (字、二字组).</summary>
    Chars12,

    /// <summary>Character unigrams, bigrams and trigrams.</summary>
    Chars13,

    /// <summary>jieba words (精确模式, no HMM) only.</summary>
    Words,

    /// <summary>jieba words plus character unigrams and bigrams.</summary>
    WordsChars12,

    /// <summary>jieba words plus character unigrams, bigrams and trigrams.</summary>
    WordsChars13,
}

/// <summary>Names of the feature sets on the command line and in stored models ("chars-1-2", "words+chars-1-3" …).</summary>
public static class FeatureSets
{
    private static readonly Dictionary<FeatureSet, string> Names = new()
    {
        [FeatureSet.Chars12] = "chars-1-2",
        [FeatureSet.Chars13] = "chars-1-3",
        [FeatureSet.Words] = "words",
        [FeatureSet.WordsChars12] = "words+chars-1-2",
        [FeatureSet.WordsChars13] = "words+chars-1-3",
    };

    /// <summary>The feature set chosen by cross-validated macro-F1 and per-message cost (docs/classification.md).</summary>
    public const FeatureSet Default = FeatureSet.Chars13;

    public static IReadOnlyList<FeatureSet> All { get; } = Enum.GetValues<FeatureSet>();

    public static string Name(this FeatureSet set) => Names[set];

    public static bool UsesWords(this FeatureSet set) => set is FeatureSet.Words or FeatureSet.WordsChars12 or FeatureSet.WordsChars13;

    /// <summary>The character n-gram length (2 or 3), or 0 when characters are not used.</summary>
    public static int CharNgramLength(this FeatureSet set) => set switch
    {
        FeatureSet.Chars12 or FeatureSet.WordsChars12 => 2,
        FeatureSet.Chars13 or FeatureSet.WordsChars13 => 3,
        _ => 0,
    };

    public static bool TryParse(string? text, out FeatureSet set)
    {
        foreach (var (key, name) in Names)
        {
            if (string.Equals(name, text?.Trim(), StringComparison.OrdinalIgnoreCase) || string.Equals(key.ToString(), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                set = key;
                return true;
            }
        }

        set = Default;
        return false;
    }

    public static string Choices => string.Join("、", Names.Values);
}
