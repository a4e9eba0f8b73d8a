using BenchmarkDotNet.Attributes;
using Fengqiao.Cases.Classification;
using JiebaNet.Segmenter;
using Sylvan.Data.Csv;

namespace Fengqiao.Bench;

/// <summary>
/// Cost of classifying one real citizen message (featurise + predict, through <see cref="ClassifierPredictor"/>) for
/// each feature set, on 200 messages of shared/data/complaints/messages-with-likes.csv, with models trained on the
/// labelled file. Baseline in the same run: character unigrams+bigrams. The character sets are scored directly
/// (<see cref="DirectCharScorer"/>); <see cref="Chars13Engine"/> is the default set through ML.NET's engine, as
/// before. Also jieba segmentation alone, the share of the word-based sets' cost that jieba.NET takes.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ClassificationBenchmarks
{
    public const int Messages = 200;

    private readonly Dictionary<FeatureSet, ClassifierPredictor> _predictors = [];
    private ClassifierPredictor _chars13Engine = null!;
    private (string Title, string Text)[] _messages = [];
    private JiebaSegmenter _segmenter = null!;

    [GlobalSetup]
    public void Setup()
    {
        var examples = LabelledCsv.Read(SharedFile("labelled-train.csv")).Examples;
        foreach (var set in FeatureSets.All)
        {
            var model = TrainedClassifier.Train(examples, set);
            _predictors[set] = model.CreatePredictor();
            if (set == FeatureSet.Chars13)
            {
                _chars13Engine = model.CreateEnginePredictor();
            }
        }

        using var reader = CsvDataReader.Create(SharedFile("messages-with-likes.csv"));
        var title = reader.GetOrdinal("留言主题");
        var text = reader.GetOrdinal("留言详情");
        var messages = new List<(string, string)>();
        while (reader.Read() && messages.Count < Messages)
        {
            messages.Add((reader.GetString(title).Trim(), reader.GetString(text).Trim()));
        }

        _messages = [.. messages];
        _segmenter = ChineseText.CreateSegmenter();
        foreach (var predictor in _predictors.Values.Append(_chars13Engine))
        {
            predictor.Predict(_messages[0].Title, _messages[0].Text);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var predictor in _predictors.Values.Append(_chars13Engine))
        {
            predictor.Dispose();
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public int Chars12() => Classify(FeatureSet.Chars12);

    [Benchmark(OperationsPerInvoke = Messages)]
    public int Chars13() => Classify(FeatureSet.Chars13);

    /// <summary>The default set through ML.NET's PredictionEngine (the path before direct scoring).</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public int Chars13Engine() => Classify(_chars13Engine);

    [Benchmark(OperationsPerInvoke = Messages)]
    public int Words() => Classify(FeatureSet.Words);

    [Benchmark(OperationsPerInvoke = Messages)]
    public int WordsChars12() => Classify(FeatureSet.WordsChars12);

    [Benchmark(OperationsPerInvoke = Messages)]
    public int WordsChars13() => Classify(FeatureSet.WordsChars13);

    /// <summary>jieba.NET alone (precise mode, no HMM) on the same normalised text.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public int JiebaSegmentationOnly()
    {
        var total = 0;
        foreach (var (title, text) in _messages)
        {
            total += ChineseText.Words(_segmenter, ChineseText.Combine(title, text)).Length;
        }

        return total;
    }

    private int Classify(FeatureSet set) => Classify(_predictors[set]);

    private int Classify(ClassifierPredictor predictor)
    {
        var total = 0;
        foreach (var (title, text) in _messages)
        {
            total += predictor.Predict(title, text).Label?.Length ?? 0;
        }

        return total;
    }

    private static string SharedFile(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "complaints", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"shared/data/complaints/{name} not found above {AppContext.BaseDirectory}");
    }
}
