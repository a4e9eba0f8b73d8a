namespace Fengqiao.Cases.Classification;

/// <summary>Precision, recall and F1 of one label; <see cref="Support"/> is how many texts truly carry it.</summary>
public sealed record ClassMetrics(string Label, int Support, int Predicted, double Precision, double Recall, double F1);

/// <summary>
/// How well predictions match the truth: accuracy, macro-F1 (the unweighted mean of per-label F1 over every label
/// that occurs in the truth or the predictions, as scikit-learn computes it), per-label figures and the confusion
/// matrix (rows: true label, columns: predicted label, both in <see cref="Labels"/> order).
/// </summary>
public sealed record EvaluationReport(int Count, double Accuracy, double MacroF1, IReadOnlyList<ClassMetrics> Classes, IReadOnlyList<string> Labels, int[][] Confusion)
{
    public static EvaluationReport Compute(IReadOnlyList<string> truth, IReadOnlyList<string> predicted)
    {
        if (truth.Count != predicted.Count)
        {
            throw new ArgumentException("truth and predictions differ in length", nameof(predicted));
        }

        var labels = truth.Concat(predicted).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var index = labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
        var confusion = labels.Select(_ => new int[labels.Count]).ToArray();
        for (var i = 0; i < truth.Count; i++)
        {
            confusion[index[truth[i]]][index[predicted[i]]]++;
        }

        var classes = new List<ClassMetrics>();
        for (var k = 0; k < labels.Count; k++)
        {
            var hits = confusion[k][k];
            var support = confusion[k].Sum();
            var predictedCount = confusion.Sum(row => row[k]);
            var precision = predictedCount == 0 ? 0 : (double)hits / predictedCount;
            var recall = support == 0 ? 0 : (double)hits / support;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            classes.Add(new ClassMetrics(labels[k], support, predictedCount, precision, recall, f1));
        }

        var correct = Enumerable.Range(0, labels.Count).Sum(k => confusion[k][k]);
        return new EvaluationReport(
            truth.Count,
            truth.Count == 0 ? 0 : (double)correct / truth.Count,
            classes.Count == 0 ? 0 : classes.Average(c => c.F1),
            classes,
            labels,
            confusion);
    }
}

/// <summary>One fold of a cross-validation: trained on the other folds, scored on this one.</summary>
public sealed record FoldResult(int Fold, int TrainCount, int TestCount, double Accuracy, double MacroF1);

/// <summary>At confidence ≥ <see cref="Threshold"/>: the share of texts classified automatically and how many of those are right.</summary>
public sealed record ThresholdPoint(double Threshold, double Coverage, double Precision);

/// <summary>
/// A stratified k-fold cross-validation: per-fold accuracy and macro-F1 with their mean and sample standard
/// deviation, the pooled out-of-fold evaluation, and how precision and coverage move with the confidence threshold.
/// </summary>
public sealed record CrossValidationReport(
    string Features,
    int Folds,
    int Seed,
    int Count,
    IReadOnlyList<FoldResult> FoldResults,
    double MeanAccuracy,
    double StdAccuracy,
    double MeanMacroF1,
    double StdMacroF1,
    EvaluationReport Pooled,
    IReadOnlyList<ThresholdPoint> Thresholds,
    double? SuggestedThreshold,
    double Seconds);

/// <summary>What a stored model says about itself (the metrics JSON of a <c>classifier_models</c> row).</summary>
public sealed record ClassifierMetrics(string Features, int TrainedOn, IReadOnlyList<string> Labels, double TrainingSeconds, CrossValidationReport? CrossValidation);
