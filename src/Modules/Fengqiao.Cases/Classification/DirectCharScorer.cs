using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Fengqiao.Cases.Classification;

/// <summary>
/// Scores a character n-gram model (chars-1-2, chars-1-3) directly, without ML.NET's data-view machinery: the same
/// text normalisation (punctuation removed), character n-grams with start and end markers, term frequencies, L2 norm
/// and multinomial logistic regression, with the vocabulary, weights and biases read out of the trained model once.
/// ML.NET's <c>PredictionEngine</c> spends most of a prediction moving one row through its cursors; intake classifies
/// every report, and this path does the same arithmetic in a fraction of the time (docs/benchmarks.md).
/// <para>
/// A text holding characters whose handling this class does not reproduce — letters with diacritics, which ML.NET
/// folds by its own table, and surrogate pairs, which its n-gram names cannot tell apart — is declined
/// (<see cref="TryScore"/> answers false) and goes through the engine. <see cref="TrainedClassifier"/> checks the two
/// paths agree on probe texts before it uses this one (ADR 0024).
/// </para>
/// </summary>
internal sealed class DirectCharScorer
{
    /// <summary>ML.NET's start- and end-of-text markers around the characters of a text.</summary>
    private const char StartMarker = '\u0002';
    private const char EndMarker = '\u0003';

    private readonly NgramSlots _slots;
    private readonly float[] _weights;
    private readonly float[] _biases;
    private readonly int _ngramLength;

    private DirectCharScorer(Dictionary<ulong, int> slots, float[] weights, float[] biases, int ngramLength)
    {
        // Read-only from here on, and looked up about three times per character of every report.
        _slots = new NgramSlots(slots);
        _weights = weights;
        _biases = biases;
        _ngramLength = ngramLength;
    }

    /// <summary>The number of labels, the length of the probabilities <see cref="TryScore"/> fills.</summary>
    public int Classes => _biases.Length;

    /// <summary>The n-grams the model knows, as text (for probing the two paths against each other).</summary>
    public IEnumerable<string> Vocabulary => _slots.Keys.Select(NgramText);

    /// <summary>
    /// Reads the vocabulary of the <c>CharFeatures</c> column and the linear model out of a trained pipeline; null when
    /// the pipeline is not the one this class reproduces (word features, another trainer, an unreadable n-gram name).
    /// </summary>
    public static DirectCharScorer? TryCreate(ITransformer model, DataViewSchema inputSchema, FeatureSet features)
    {
        if (features.UsesWords() || features.CharNgramLength() is not (> 0 and var ngramLength))
        {
            return null;
        }

        if (model is not TransformerChain<ITransformer> chain
            || chain.LastTransformer is not MulticlassPredictionTransformer<MaximumEntropyModelParameters> predictor)
        {
            return null;
        }

        var output = model.GetOutputSchema(inputSchema);
        if (output.GetColumnOrNull("CharFeatures") is not { Type: VectorDataViewType chars } column
            || output.GetColumnOrNull("Features") is not { Type: VectorDataViewType all }
            || all.Size != chars.Size)
        {
            return null;
        }

        var names = default(VBuffer<ReadOnlyMemory<char>>);
        column.GetSlotNames(ref names);
        var slots = new Dictionary<ulong, int>(names.Length);
        var slot = 0;
        foreach (var name in names.DenseValues())
        {
            // ML.NET names every n-gram holding half of a surrogate pair alike (a backslash, "u" …); such texts are declined anyway.
            if (!name.Span.Contains("\\u", StringComparison.Ordinal)
                && (!TryParseNgram(name.Span, ngramLength, out var key) || !slots.TryAdd(key, slot)))
            {
                return null;
            }

            slot++;
        }

        VBuffer<float>[] classWeights = [];
        predictor.Model.GetWeights(ref classWeights, out var classes);
        var biases = predictor.Model.GetBiases().ToArray();
        if (classes != biases.Length || classWeights.Length != classes)
        {
            return null;
        }

        // Feature-major, so one n-gram's weights for every label sit side by side.
        var weights = new float[slot * classes];
        for (var k = 0; k < classes; k++)
        {
            if (classWeights[k].Length != slot)
            {
                return null;
            }

            foreach (var (index, value) in classWeights[k].Items())
            {
                weights[(index * classes) + k] = value;
            }
        }

        return new DirectCharScorer(slots, weights, biases, ngramLength);
    }

    /// <summary>
    /// Fills <paramref name="probabilities"/> (one per label, in the model's order) for a text prepared by
    /// <see cref="ChineseText.Combine"/>; false, leaving it untouched, when the text holds characters this path declines.
    /// </summary>
    /// <param name="prepared">The text as <see cref="ChineseText.Combine"/> gives it.</param>
    /// <param name="probabilities">One place per label, filled with its probability.</param>
    /// <param name="scratch">Working space of the calling thread (<see cref="CreateScratch"/>).</param>
    public bool TryScore(string prepared, Span<float> probabilities, Scratch scratch)
    {
        var classes = _biases.Length;
        if (probabilities.Length != classes)
        {
            throw new ArgumentException($"需要 {classes} 个概率位置。", nameof(probabilities));
        }

        // ML.NET's normaliser drops punctuation; the rest goes between the markers.
        var keys = prepared.Length + 2 <= 1024 ? stackalloc char[prepared.Length + 2] : new char[prepared.Length + 2];
        var length = 0;
        keys[length++] = StartMarker;
        foreach (var c in prepared)
        {
            if (Declined(c))
            {
                return false;
            }

            if (!char.IsPunctuation(c))
            {
                keys[length++] = c;
            }
        }

        keys[length++] = EndMarker;
        var scores = probabilities;
        _biases.CopyTo(scores);
        if (length == 2)
        {
            // An empty text has no characters and no markers in ML.NET: a zero vector, only the biases.
            Softmax(scores);
            return true;
        }

        // Term frequencies of the known n-grams. An n-gram the model knows had its shorter prefix in the same training
        // text, so the first unknown prefix ends the longer ones' lookups.
        var counts = scratch.Counts;
        var touched = scratch.Touched(length * _ngramLength);
        var distinct = 0;
        for (var start = 0; start < length; start++)
        {
            var slot = _slots.Of(keys[start]);
            ulong key = keys[start];
            for (var n = 2; slot >= 0; n++)
            {
                if (counts[slot]++ == 0)
                {
                    touched[distinct++] = slot;
                }

                if (n > _ngramLength || start + n > length)
                {
                    break;
                }

                key = (key << 16) | keys[start + n - 1];
                slot = _slots.Of(key | ((ulong)n << 48));
            }
        }

        // Then the L2 norm of that vector, the weighted sums, and the counts cleared for the next text.
        var sumOfSquares = 0f;
        for (var i = 0; i < distinct; i++)
        {
            var count = counts[touched[i]];
            sumOfSquares += count * count;
        }

        var norm = MathF.Sqrt(sumOfSquares);
        for (var i = 0; i < distinct; i++)
        {
            var slot = touched[i];
            var value = counts[slot] / norm;
            counts[slot] = 0;
            var row = _weights.AsSpan(slot * classes, classes);
            for (var k = 0; k < classes; k++)
            {
                scores[k] += row[k] * value;
            }
        }

        Softmax(scores);
        return true;
    }

    /// <summary>Working space for one thread's texts: a count per n-gram the model knows (kept zero between texts).</summary>
    public Scratch CreateScratch() => new(_slots.Count);

    /// <summary>Per-thread working space of <see cref="TryScore"/>.</summary>
    internal sealed class Scratch(int vocabulary)
    {
        private int[] _touched = new int[256];

        public int[] Counts { get; } = new int[vocabulary];

        public int[] Touched(int atMost)
        {
            if (_touched.Length < atMost)
            {
                _touched = new int[Math.Max(atMost, _touched.Length * 2)];
            }

            return _touched;
        }
    }

    /// <summary>
    /// Characters whose handling ML.NET does not leave as they are: letters with diacritics and combining marks
    /// (U+00C0–U+06FF holds every one its normaliser folds or drops), and surrogates.
    /// </summary>
    private static bool Declined(char c) => c is >= '\u00C0' and <= '\u06FF' || char.IsSurrogate(c);

    private static void Softmax(Span<float> scores)
    {
        var max = float.NegativeInfinity;
        foreach (var score in scores)
        {
            max = Math.Max(max, score);
        }

        var sum = 0f;
        for (var k = 0; k < scores.Length; k++)
        {
            scores[k] = MathF.Exp(scores[k] - max);
            sum += scores[k];
        }

        for (var k = 0; k < scores.Length; k++)
        {
            scores[k] /= sum;
        }
    }

    /// <summary>
    /// Reads an n-gram's slot name: its characters joined by '|', each written as itself except the markers, space and
    /// other control characters, which ML.NET writes as a control picture in angle brackets (&lt;␂&gt;, &lt;␠&gt;).
    /// </summary>
    private static bool TryParseNgram(ReadOnlySpan<char> name, int maximumLength, out ulong key)
    {
        key = 0;
        var n = 0;
        var i = 0;
        while (true)
        {
            char c;
            if (name.Length - i >= 3 && name[i] == '<' && name[i + 2] == '>' && name[i + 1] is >= '\u2400' and <= '\u2420')
            {
                c = (char)(name[i + 1] - '\u2400');
                i += 3;
            }
            else if (i < name.Length && !char.IsSurrogate(name[i]) && name[i] > ' ')
            {
                c = name[i];
                i++;
            }
            else
            {
                return false;
            }

            if (++n > maximumLength)
            {
                return false;
            }

            key = (key << 16) | c;
            if (i == name.Length)
            {
                key |= (ulong)n << 48;
                return true;
            }

            if (name[i] != '|')
            {
                return false;
            }

            i++;
        }
    }

    private static string NgramText(ulong key)
    {
        var n = (int)(key >> 48);
        var chars = new char[n];
        for (var i = n - 1; i >= 0; i--)
        {
            chars[i] = (char)(key & 0xFFFF);
            key >>= 16;
        }

        return new string(chars);
    }
}
