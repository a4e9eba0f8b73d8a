using Fengqiao.Kernel.Errors;
using Microsoft.Extensions.Options;

namespace Fengqiao.Cases.Classification;

/// <summary>
/// 重新训练: trains a new model from every stored example (imports and staff corrections), cross-validates it with
/// the same features, and stores it with its metrics as the current model. Reached from the CLI
/// (<c>fengqiao classify retrain</c>), the admin API and the demo seeding.
/// </summary>
public sealed class RetrainClassifier(ClassificationExamples examples, ClassifierModels models, IOptions<ClassificationOptions> options)
{
    /// <summary>Fewer examples than this make no useful model.</summary>
    public const int MinimumExamples = 10;

    /// <summary>Retrains; <paramref name="folds"/> overrides the configured folds, 0 skips the cross-validation.</summary>
    public async Task<ClassifierModelInfo> RetrainAsync(int? folds = null, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (!FeatureSets.TryParse(settings.Features, out var features))
        {
            throw new ValidationFailedException("features", $"配置 Cases:Classification:Features 的值“{settings.Features}”无效：应为 {FeatureSets.Choices}。");
        }

        var k = folds ?? settings.Folds;
        if (k is 1 or < 0)
        {
            throw new ValidationFailedException("folds", "交叉验证折数应为 0（不做）或至少 2。");
        }

        var training = await examples.TrainingSetAsync(cancellationToken);
        Rules.Check(new RetrainNeedsEnoughExamples(training));
        if (k > training.Count)
        {
            throw new ValidationFailedException("folds", $"交叉验证折数不能超过样本数 {training.Count}。");
        }

        // CPU-bound for a second or more: off the request's thread.
        var (trained, metrics) = await Task.Run(() => Train(training, features, k), cancellationToken);
        return await models.StoreAsync(trained, metrics, cancellationToken);
    }

    /// <summary>Cross-validates (unless <paramref name="folds"/> is 0), then trains on everything.</summary>
    public static (TrainedClassifier Model, ClassifierMetrics Metrics) Train(IReadOnlyList<LabelledExample> training, FeatureSet features, int folds)
    {
        var report = folds >= 2 ? ClassifierTraining.CrossValidate(training, features, folds) : null;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var trained = TrainedClassifier.Train(training, features);
        return (trained, new ClassifierMetrics(features.Name(), trained.TrainedOn, trained.Labels, watch.Elapsed.TotalSeconds, report));
    }
}

/// <summary>A model needs at least <see cref="RetrainClassifier.MinimumExamples"/> examples of at least two labels.</summary>
public sealed class RetrainNeedsEnoughExamples(IReadOnlyList<LabelledExample> training) : IBusinessRule
{
    private int Labels => training.Select(e => e.Label).Distinct(StringComparer.Ordinal).Count();

    public bool IsBroken() => training.Count < RetrainClassifier.MinimumExamples || Labels < 2;

    public string Message =>
        $"分类样本不足：至少需要 {RetrainClassifier.MinimumExamples} 条、两个类别（现有 {training.Count} 条、{Labels} 个类别）。请先导入标注数据（fengqiao classify retrain --data 文件）。";
}
