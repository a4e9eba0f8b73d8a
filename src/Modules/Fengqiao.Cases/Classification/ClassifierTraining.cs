using System.Diagnostics;

namespace Fengqiao.Cases.Classification;

/// <summary>Training and stratified k-fold cross-validation with a fixed seed, shared by the CLI, the retrain use case and the bench.</summary>
public static class ClassifierTraining
{
    /// <summary>The seed of fold assignment and of ML.NET: the same file gives the same folds and figures.</summary>
    public const int Seed = 20261126;

    /// <summary>The precision wanted of automatically accepted classifications when suggesting a threshold.</summary>
    public const double TargetPrecision = 0.8;

    /// <summary>
    /// Splits into <paramref name="folds"/> folds with every label spread evenly (each label's examples shuffled with
    /// the seed, then dealt round-robin), trains on k−1 folds and scores the held-out one, k times.
    /// </summary>
    public static CrossValidationReport CrossValidate(
        IReadOnlyList<LabelledExample> examples, FeatureSet features, int folds, int seed = Seed, IProgress<int>? progress = null, TrainerSettings? trainer = null)
    {
        if (folds < 2 || folds > examples.Count)
        {
            throw new Kernel.Errors.ValidationFailedException("folds", $"交叉验证的折数应在 2 到 {examples.Count}（样本数）之间。");
        }

        var watch = Stopwatch.StartNew();
        var assignment = StratifiedFolds(examples, folds, seed);
        var truth = new string[examples.Count];
        var predicted = new string[examples.Count];
        var confidence = new double[examples.Count];
        var results = new List<FoldResult>();
        for (var fold = 0; fold < folds; fold++)
        {
            var train = examples.Where((_, i) => assignment[i] != fold).ToList();
            var testIndices = Enumerable.Range(0, examples.Count).Where(i => assignment[i] == fold).ToList();
            var model = TrainedClassifier.Train(train, features, seed, trainer);
            using var predictor = model.CreatePredictor();
            foreach (var i in testIndices)
            {
                var suggestion = predictor.Predict(examples[i].Title, examples[i].Text);
                truth[i] = examples[i].Label;
                predicted[i] = suggestion.Label ?? "";
                confidence[i] = suggestion.Confidence;
            }

            var foldReport = EvaluationReport.Compute([.. testIndices.Select(i => truth[i])], [.. testIndices.Select(i => predicted[i])]);
            results.Add(new FoldResult(fold + 1, train.Count, testIndices.Count, foldReport.Accuracy, foldReport.MacroF1));
            progress?.Report(fold + 1);
        }

        var thresholds = ThresholdCurve(truth, predicted, confidence);
        return new CrossValidationReport(
            features.Name(),
            folds,
            seed,
            examples.Count,
            results,
            results.Average(r => r.Accuracy),
            StandardDeviation(results.Select(r => r.Accuracy)),
            results.Average(r => r.MacroF1),
            StandardDeviation(results.Select(r => r.MacroF1)),
            EvaluationReport.Compute(truth, predicted),
            thresholds,
            thresholds.Where(t => t.Coverage > 0 && t.Precision >= TargetPrecision).Select(t => (double?)t.Threshold).FirstOrDefault(),
            watch.Elapsed.TotalSeconds);
    }

    /// <summary>Fold number (0-based) of each example.</summary>
    public static int[] StratifiedFolds(IReadOnlyList<LabelledExample> examples, int folds, int seed = Seed)
    {
        var random = new Random(seed);
        var assignment = new int[examples.Count];
        var next = 0;
        foreach (var group in Enumerable.Range(0, examples.Count).GroupBy(i => examples[i].Label, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var indices = group.ToArray();
            random.Shuffle(indices);
            foreach (var i in indices)
            {
                assignment[i] = next;
                next = (next + 1) % folds;
            }
        }

        return assignment;
    }

    /// <summary>Coverage and precision for thresholds 0, 0.05, …, 0.95.</summary>
    public static IReadOnlyList<ThresholdPoint> ThresholdCurve(IReadOnlyList<string> truth, IReadOnlyList<string> predicted, IReadOnlyList<double> confidence)
    {
        var points = new List<ThresholdPoint>();
        for (var step = 0; step < 20; step++)
        {
            var threshold = step / 20.0;
            var accepted = Enumerable.Range(0, truth.Count).Where(i => confidence[i] >= threshold).ToList();
            var right = accepted.Count(i => truth[i] == predicted[i]);
            points.Add(new ThresholdPoint(
                threshold,
                truth.Count == 0 ? 0 : (double)accepted.Count / truth.Count,
                accepted.Count == 0 ? 0 : (double)right / accepted.Count));
        }

        return points;
    }

    private static double StandardDeviation(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count < 2)
        {
            return 0;
        }

        var mean = list.Average();
        return Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1));
    }
}
