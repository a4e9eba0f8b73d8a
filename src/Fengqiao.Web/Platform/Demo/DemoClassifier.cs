using Fengqiao.Cases.Classification;

namespace Fengqiao.Web.Platform.Demo;

/// <summary>
/// Gives the demo a working classifier: when no model is stored and the labelled complaints file is found, its rows are
/// stored as imported examples and a model is trained from them (no cross-validation, to keep the start quick;
/// <c>fengqiao classify retrain</c> adds the metrics).
/// </summary>
internal static class DemoClassifier
{
    public const string Skip = "none";

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
        var model = await services.GetRequiredService<RetrainClassifier>().RetrainAsync(folds: 0, cancellationToken);
        return $"演示分类模型：用 {Path.GetFileName(file)} 的 {model.TrainedOn} 条样本训练（{model.Labels.Count} 个类别，{watch.Elapsed.TotalSeconds:F1} 秒）。";
    }
}
