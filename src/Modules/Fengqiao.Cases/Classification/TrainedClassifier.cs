using System.IO.Compression;
using System.Text.Json;
using JiebaNet.Segmenter;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Text;

namespace Fengqiao.Cases.Classification;

/// <summary>
/// A trained ML.NET model (featurizer + SDCA maximum-entropy, i.e. multinomial logistic regression) with the labels it
/// knows and the feature set it was trained with. Its bytes are the ML.NET model zip with one more entry,
/// <c>fengqiao/classifier.json</c>, so that a file or a database row says how to prepare text for it.
/// Immutable and shareable across threads; predicting goes through a <see cref="ClassifierPredictor"/> per thread.
/// </summary>
public sealed class TrainedClassifier
{
    private const string MetadataEntry = "fengqiao/classifier.json";

    /// <summary>How far the two scoring paths may differ on a probability (their float sums run in other orders).</summary>
    internal const float ProbeTolerance = 1e-4f;

    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly DataViewSchema _inputSchema;
    private readonly DirectCharScorer? _direct;

    private TrainedClassifier(MLContext ml, ITransformer model, DataViewSchema inputSchema, FeatureSet features, int trainedOn)
    {
        _ml = ml;
        _model = model;
        _inputSchema = inputSchema;
        Features = features;
        TrainedOn = trainedOn;
        Labels = ScoreLabels(model.GetOutputSchema(inputSchema));
        _direct = DirectCharScorer.TryCreate(model, inputSchema, features) is { } direct && AgreesWithEngine(direct) ? direct : null;
    }

    /// <summary>
    /// Whether predictions skip ML.NET's engine (<see cref="DirectCharScorer"/>): true for character n-gram models
    /// whose direct scores matched the engine's on the probe texts when the model was loaded.
    /// </summary>
    internal bool ScoresDirectly => _direct is not null;

    public FeatureSet Features { get; }

    /// <summary>The labels in the order of the model's score vector.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>How many examples the model was trained on.</summary>
    public int TrainedOn { get; }

    /// <summary>Trains on every example; deterministic for a given seed (one SDCA thread).</summary>
    public static TrainedClassifier Train(IReadOnlyList<LabelledExample> examples, FeatureSet features, int seed = ClassifierTraining.Seed, TrainerSettings? trainer = null)
    {
        var labels = examples.Select(e => e.Label).Distinct(StringComparer.Ordinal).Count();
        if (examples.Count == 0 || labels < 2)
        {
            throw new Kernel.Errors.ValidationFailedException("data", $"训练数据至少要有两个类别（现有 {examples.Count} 条、{labels} 个类别）。");
        }

        var ml = new MLContext(seed);
        JiebaSegmenter? segmenter = features.UsesWords() ? ChineseText.CreateSegmenter() : null;
        var rows = examples.Select(e => Input(e.Title, e.Text, e.Label, segmenter)).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = Pipeline(ml, features, trainer ?? TrainerSettings.Default).Fit(data);
        return new TrainedClassifier(ml, model, data.Schema, features, examples.Count);
    }

    /// <summary>Reads a model written by <see cref="ToBytes"/>; a clear error for anything else.</summary>
    public static TrainedClassifier FromBytes(byte[] bytes)
    {
        ModelMetadata metadata;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            var entry = zip.GetEntry(MetadataEntry) ?? throw new InvalidDataException("no metadata");
            using var stream = entry.Open();
            metadata = JsonSerializer.Deserialize<ModelMetadata>(stream) ?? throw new InvalidDataException("empty metadata");
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException)
        {
            throw new Kernel.Errors.ValidationFailedException("model", "不是枫桥分类模型文件（应为 fengqiao classify train 生成的 .zip）。");
        }

        if (!FeatureSets.TryParse(metadata.Features, out var features))
        {
            throw new Kernel.Errors.ValidationFailedException("model", $"模型的特征集“{metadata.Features}”未知，可能由更新版本生成。");
        }

        var ml = new MLContext(ClassifierTraining.Seed);
        var model = ml.Model.Load(new MemoryStream(bytes, writable: false), out var inputSchema);
        return new TrainedClassifier(ml, model, inputSchema, features, metadata.TrainedOn);
    }

    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        _ml.Model.Save(_model, _inputSchema, buffer);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.CreateEntry(MetadataEntry, CompressionLevel.Optimal);
            using var stream = entry.Open();
            JsonSerializer.Serialize(stream, new ModelMetadata(Features.Name(), TrainedOn, [.. Labels]));
        }

        return buffer.ToArray();
    }

    /// <summary>A predictor for one thread at a time (ML.NET's PredictionEngine and jieba's segmenter keep state).</summary>
    public ClassifierPredictor CreatePredictor() => CreatePredictor(_direct);

    /// <summary>A predictor that always goes through ML.NET's engine: the reference the direct path is held to.</summary>
    internal ClassifierPredictor CreateEnginePredictor() => CreatePredictor(null);

    private ClassifierPredictor CreatePredictor(DirectCharScorer? direct) =>
        new(_ml.Model.CreatePredictionEngine<ClassifierInput, ClassifierScores>(_model, _inputSchema), Features.UsesWords() ? ChineseText.CreateSegmenter() : null, Labels, direct);

    internal static ClassifierInput Input(string title, string text, string label, JiebaSegmenter? segmenter) =>
        Prepared(ChineseText.Combine(title, text), label, segmenter);

    internal static ClassifierInput Prepared(string normalised, string label, JiebaSegmenter? segmenter) => new()
    {
        Text = normalised,
        Words = segmenter is null ? "" : ChineseText.Words(segmenter, normalised),
        Label = label,
    };

    /// <summary>
    /// Probe texts on which the direct path must give the engine's probabilities: texts made of the model's own n-grams
    /// (so that many features fire), an empty and an all-punctuation text, and markup with the characters n-gram names
    /// use as delimiters. A mismatch means ML.NET changed how it featurises; the engine is then used, as before.
    /// </summary>
    private bool AgreesWithEngine(DirectCharScorer direct)
    {
        var vocabulary = direct.Vocabulary.ToList();
        var probes = new List<string> { "", "！？。，", "<a href=\"x|y\">路灯</a> | <␂> 3号楼 a1 B2", "　全角　空格ＡＢＣ１２３" };
        for (var start = 0; start < vocabulary.Count && probes.Count < 12; start += 97)
        {
            probes.Add(string.Concat(vocabulary.Skip(start).Take(60)));
        }

        using var engine = _ml.Model.CreatePredictionEngine<ClassifierInput, ClassifierScores>(_model, _inputSchema);
        var expected = new ClassifierScores();
        var actual = new float[direct.Classes];
        var scratch = direct.CreateScratch();
        foreach (var probe in probes)
        {
            var prepared = ChineseText.Combine(probe, "");
            engine.Predict(Prepared(prepared, "", null), ref expected);
            if (!direct.TryScore(prepared, actual, scratch)
                || expected.Score.Length != actual.Length
                || expected.Score.Zip(actual).Any(p => Math.Abs(p.First - p.Second) > ProbeTolerance))
            {
                return false;
            }
        }

        return true;
    }

    private static EstimatorChain<ITransformer> Pipeline(MLContext ml, FeatureSet features, TrainerSettings trainer)
    {
        IEstimator<ITransformer> chain = ml.Transforms.Conversion.MapValueToKey(
            "Label", "Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue);
        var columns = new List<string>();
        if (features.UsesWords())
        {
            chain = chain.Append(ml.Transforms.Text.FeaturizeText("WordFeatures", new TextFeaturizingEstimator.Options
            {
                WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 1, UseAllLengths = true },
                CharFeatureExtractor = null,
                CaseMode = TextNormalizingEstimator.CaseMode.None,
                KeepPunctuations = false,
                Norm = TextFeaturizingEstimator.NormFunction.L2,
            }, nameof(ClassifierInput.Words)));
            columns.Add("WordFeatures");
        }

        if (features.CharNgramLength() is > 0 and var length)
        {
            chain = chain.Append(ml.Transforms.Text.FeaturizeText("CharFeatures", new TextFeaturizingEstimator.Options
            {
                WordFeatureExtractor = null,
                CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = length, UseAllLengths = true },
                CaseMode = TextNormalizingEstimator.CaseMode.None,
                KeepPunctuations = false,
                Norm = TextFeaturizingEstimator.NormFunction.L2,
            }, nameof(ClassifierInput.Text)));
            columns.Add("CharFeatures");
        }

        // Cached after featurizing: the solver passes over the data many times, and re-tokenizing every text on each
        // pass was nine tenths of the training time.
        var featurized = chain.Append(ml.Transforms.Concatenate("Features", [.. columns])).AppendCacheCheckpoint(ml);
        if (trainer.Algorithm == TrainerAlgorithm.Lbfgs)
        {
            return featurized.Append<ITransformer>(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = "Label",
                FeatureColumnName = "Features",
                L1Regularization = 0,
                L2Regularization = trainer.L2Regularization ?? 1f,
                NumberOfThreads = 1,
                MaximumNumberOfIterations = trainer.MaximumIterations ?? 100,
            }));
        }

        return featurized.Append<ITransformer>(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = "Label",
            FeatureColumnName = "Features",
            // One thread: the same data and seed give the same model on every machine and run.
            NumberOfThreads = 1,
            MaximumNumberOfIterations = trainer.MaximumIterations,
            L2Regularization = trainer.L2Regularization,
        }));
    }

    private static string[] ScoreLabels(DataViewSchema output)
    {
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        output["Score"].GetSlotNames(ref names);
        return [.. names.DenseValues().Select(n => n.ToString())];
    }

    private sealed record ModelMetadata(string Features, int TrainedOn, string[] Labels);
}

/// <summary>
/// SDCA settings. ML.NET picks the iteration count and L2 weight from the data when they are null; on a few hundred
/// texts with tens of thousands of n-gram features that takes ~10 s, while a capped iteration count converges to
/// the same accuracy in a fraction of it (docs/classification.md).
/// </summary>
public sealed record TrainerSettings(int? MaximumIterations, float? L2Regularization, TrainerAlgorithm Algorithm = TrainerAlgorithm.Sdca)
{
    public static TrainerSettings Default { get; } = new(null, null);
}

/// <summary>The maximum-entropy (multinomial logistic regression) solver.</summary>
public enum TrainerAlgorithm
{
    Sdca,
    Lbfgs,
}

/// <summary>Classifies texts with one model; not thread-safe — pool it or keep one per thread.</summary>
public sealed class ClassifierPredictor : IDisposable
{
    private const int Alternatives = 3;

    private readonly PredictionEngine<ClassifierInput, ClassifierScores> _engine;
    private readonly JiebaSegmenter? _segmenter;
    private readonly IReadOnlyList<string> _labels;
    private readonly DirectCharScorer? _direct;
    private readonly float[] _directScores;
    private readonly DirectCharScorer.Scratch? _scratch;
    private ClassifierScores _scores = new();

    internal ClassifierPredictor(PredictionEngine<ClassifierInput, ClassifierScores> engine, JiebaSegmenter? segmenter, IReadOnlyList<string> labels, DirectCharScorer? direct)
    {
        _engine = engine;
        _segmenter = segmenter;
        _labels = labels;
        _direct = direct;
        _directScores = new float[direct?.Classes ?? 0];
        _scratch = direct?.CreateScratch();
    }

    /// <summary>The best label with its probability (softmax of the model's scores) and the next best; None for empty text.</summary>
    public CategorySuggestion Predict(string? title, string? text)
    {
        if (string.IsNullOrWhiteSpace(title) && string.IsNullOrWhiteSpace(text))
        {
            return CategorySuggestion.None;
        }

        var prepared = ChineseText.Combine(title, text);
        float[] scores;
        if (_direct is not null && _direct.TryScore(prepared, _directScores, _scratch!))
        {
            scores = _directScores;
        }
        else
        {
            _engine.Predict(TrainedClassifier.Prepared(prepared, "", _segmenter), ref _scores);
            scores = _scores.Score;
        }

        var ranked = scores
            .Select((score, index) => new LabelScore(_labels[index], Math.Clamp(score, 0, 1)))
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Label, StringComparer.Ordinal)
            .ToList();
        return new CategorySuggestion(ranked[0].Label, ranked[0].Score, [.. ranked.Skip(1).Take(Alternatives)]);
    }

    public void Dispose() => _engine.Dispose();
}

/// <summary>What the ML.NET pipeline reads: the normalised text, its jieba words (empty when unused), the label.</summary>
public sealed class ClassifierInput
{
    public string Text { get; set; } = "";

    public string Words { get; set; } = "";

    public string Label { get; set; } = "";
}

/// <summary>The model's probability per label, in the order of <see cref="TrainedClassifier.Labels"/>.</summary>
public sealed class ClassifierScores
{
    public float[] Score { get; set; } = [];
}
