using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Fengqiao.Cases.Classification;
using Microsoft.Extensions.Options;

namespace Fengqiao.Web.Platform.Demo;

/// <summary>
/// Gives the demo a working classifier: when no model is stored and the labelled complaints file is found, its rows are
/// stored as imported examples and a model is trained from them (no cross-validation, to keep the start quick;
/// <c>fengqiao classify retrain</c> adds the metrics).
/// </summary>
internal static class DemoClassifier
{
    public const string Skip = "none";

    private static readonly ConcurrentDictionary<string, Lazy<(byte[] Bytes, ClassifierMetrics Metrics)>> Trained = new(StringComparer.Ordinal);

    private static readonly string[] SharedPath = ["shared", "data", "complaints", "labelled-train.csv"];

    /// <summary>The configured file, else the shared file found walking up from the given folders; null when absent or skipped.</summary>
    public static string? Locate(string? configured, params string[] starts)
    {
        if (string.Equals(configured?.Trim(), Skip, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? Path.GetFullPath(configured) : null;
        }

        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine([dir.FullName, .. SharedPath]);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Trains and stores the demo model unless one exists; returns a line for the log, or null when nothing was done.</summary>
    public static async Task<string?> SeedAsync(IServiceProvider services, string? file, CancellationToken cancellationToken)
    {
        if (await services.GetRequiredService<ClassifierModels>().CurrentAsync(cancellationToken) is not null)
        {
            return null;
        }

        if (file is null)
        {
            return "演示分类模型：未找到标注数据 shared/data/complaints/labelled-train.csv（或 Demo:ClassifierTrainingFile），跳过；事件将全部转人工分拣。";
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var labelled = LabelledCsv.Read(file);
        await services.GetRequiredService<ClassificationExamples>().ImportAsync(labelled.Examples, cancellationToken);
        var training = await services.GetRequiredService<ClassificationExamples>().TrainingSetAsync(cancellationToken);
        var options = services.GetRequiredService<IOptions<ClassificationOptions>>().Value;
        var features = FeatureSets.TryParse(options.Features, out var set) ? set : FeatureSets.Default;

        // Training is deterministic: a process that starts many demo hosts (the test suite) trains each distinct
        // training set once and loads the same model bytes for the others.
        var (bytes, metrics) = Trained.GetOrAdd(Key(training, features), _ => new Lazy<(byte[], ClassifierMetrics)>(() =>
        {
            var (model, trainedMetrics) = RetrainClassifier.Train(training, features, folds: 0);
            return (model.ToBytes(), trainedMetrics);
        })).Value;
        var stored = await services.GetRequiredService<ClassifierModels>().StoreAsync(TrainedClassifier.FromBytes(bytes), metrics, cancellationToken);
        return $"演示分类模型：用 {Path.GetFileName(file)} 的 {stored.TrainedOn} 条样本训练（{stored.Labels.Count} 个类别，{watch.Elapsed.TotalSeconds:F1} 秒）。";
    }

    private static string Key(IReadOnlyList<LabelledExample> training, FeatureSet features)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(features.Name()));
        foreach (var example in training)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"\u0001{example.Title}\u0002{example.Text}\u0003{example.Label}"));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
