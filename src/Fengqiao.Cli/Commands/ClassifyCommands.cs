using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Fengqiao.Cases.Classification;
using Fengqiao.Kernel.Errors;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Cli.Commands;

/// <summary>
/// <c>fengqiao classify train|eval|retrain|import-model</c>: the case classifier. <c>train</c> and <c>eval</c> work on
/// files only (no database); <c>retrain</c> and <c>import-model</c> store a model in the database for every web node.
/// </summary>
internal static class ClassifyCommands
{
    private const string DefaultModel = "classifier.zip";

    public static Command Create(CliContext context)
    {
        var classify = new Command("classify", "事件文本智能分类：训练、评估、用纠正样本重新训练、导入模型。");
        CliContext.ShowHelpWhenBare(classify);
        classify.Subcommands.Add(TrainCommand(context));
        classify.Subcommands.Add(EvalCommand(context));
        classify.Subcommands.Add(RetrainCommand(context));
        classify.Subcommands.Add(ImportModelCommand(context));
        return classify;
    }

    private static Option<FileInfo> DataOption(bool required) => new("--data")
    {
        Description = "标注数据 CSV（列 title,text,category，按表头名查找，其余列忽略；UTF-8 或 GBK）",
        HelpName = "FILE",
        Required = required,
    };

    private static Option<FileInfo?> ModelOption(string description) => new("--model") { Description = description, HelpName = "FILE" };

    private static Option<int?> FoldsOption(string description) => new("--folds") { Description = description, HelpName = "k" };

    private static Command TrainCommand(CliContext context)
    {
        var data = DataOption(required: true);
        var model = ModelOption($"模型输出文件（缺省 ./{DefaultModel}）");
        var folds = FoldsOption("先做 k 折分层交叉验证（固定种子）并输出各折和平均指标，再用全部数据训练");
        var features = new Option<string?>("--features")
        {
            Description = $"特征集：{FeatureSets.Choices}（缺省 {FeatureSets.Default.Name()}，依据见 docs/classification.md）",
            HelpName = "set",
        };
        var command = new Command("train", "用标注 CSV 训练分类模型并写入文件；不需要数据库。") { data, model, folds, features };
        context.SetAction(command, (parseResult, cancellationToken) =>
        {
            var console = context.Console;
            var featureSet = ParseFeatures(parseResult.GetValue(features));
            var k = parseResult.GetValue(folds);
            if (k is not null && k < 2)
            {
                throw new CliFailure(ExitCodes.InvalidInput, "--folds 至少为 2。");
            }

            var file = Read(parseResult.GetValue(data)!);
            var output = Path.GetFullPath(parseResult.GetValue(model)?.FullName ?? DefaultModel);
            if (Path.GetDirectoryName(output) is { } directory && !Directory.Exists(directory))
            {
                throw new CliFailure(ExitCodes.InvalidInput, $"模型输出目录不存在：{directory}");
            }

            Describe(console, file);
            if (k is { } foldCount)
            {
                var report = ClassifierTraining.CrossValidate(file.Examples, featureSet, foldCount);
                PrintCrossValidation(console, report);
            }

            var watch = Stopwatch.StartNew();
            var trained = TrainedClassifier.Train(file.Examples, featureSet);
            var bytes = trained.ToBytes();
            File.WriteAllBytes(output, bytes);
            console.Line($"已用全部 {trained.TrainedOn} 条训练（特征 {featureSet.Name()}，{watch.Elapsed.TotalSeconds:F1} 秒），模型写入 {output}（{bytes.Length / 1024.0:F0} KB）。");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static Command EvalCommand(CliContext context)
    {
        var data = DataOption(required: true);
        var model = ModelOption($"要评估的模型文件（缺省 ./{DefaultModel}）");
        var command = new Command(
            "eval",
            "用标注 CSV 评估模型：输出 accuracy、macro-F1、各类别精确率/召回率/F1 和混淆矩阵；不需要数据库。文件中有模型不认识的类别时照常计算（计为错分），在标准错误列出这些类别，退出码 2。")
        {
            data, model,
        };
        context.SetAction(command, (parseResult, cancellationToken) =>
        {
            var console = context.Console;
            var modelFile = Path.GetFullPath(parseResult.GetValue(model)?.FullName ?? DefaultModel);
            if (!File.Exists(modelFile))
            {
                throw new CliFailure(ExitCodes.InvalidInput, $"模型文件不存在：{modelFile}（先运行 fengqiao classify train）");
            }

            var file = Read(parseResult.GetValue(data)!);
            var classifier = TrainedClassifier.FromBytes(File.ReadAllBytes(modelFile));
            Describe(console, file);
            var known = classifier.Labels.ToHashSet(StringComparer.Ordinal);
            var unknown = file.Examples.Where(e => !known.Contains(e.Label)).GroupBy(e => e.Label, StringComparer.Ordinal).ToList();
            if (unknown.Count > 0 && unknown.Sum(g => g.Count()) == file.Examples.Count)
            {
                throw new CliFailure(ExitCodes.InvalidInput, "评估文件的类别模型一个也不认识，文件与模型不匹配：",
                    [$"文件中的类别：{string.Join("、", unknown.Select(g => g.Key))}", $"模型的类别：{string.Join("、", classifier.Labels)}"]);
            }

            using var predictor = classifier.CreatePredictor();
            var watch = Stopwatch.StartNew();
            var predicted = file.Examples.Select(e => predictor.Predict(e.Title, e.Text).Label ?? "").ToList();
            var elapsed = watch.Elapsed;
            var report = EvaluationReport.Compute([.. file.Examples.Select(e => e.Label)], predicted);
            console.Line($"模型：{modelFile}（特征 {classifier.Features.Name()}，训练样本 {classifier.TrainedOn} 条）；分类 {file.Examples.Count} 条用时 {elapsed.TotalMilliseconds:F0} ms。");
            console.Line(string.Create(CultureInfo.InvariantCulture, $"accuracy: {report.Accuracy:F3}"));
            console.Line(string.Create(CultureInfo.InvariantCulture, $"macro-F1: {report.MacroF1:F3}"));
            console.Line();
            PrintClasses(console, report);
            console.Line();
            PrintConfusion(console, report);
            if (unknown.Count > 0)
            {
                console.ErrorLine($"评估文件中有模型不认识的类别（计为错分）：{string.Join("、", unknown.Select(g => $"{g.Key}（{g.Count()} 条）"))}；模型的类别：{string.Join("、", classifier.Labels)}。");
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static Command RetrainCommand(CliContext context)
    {
        var data = DataOption(required: false);
        data.Description = "先把这个标注 CSV 的样本作为导入样本（source=import）存入数据库，再训练";
        var folds = FoldsOption($"交叉验证折数（缺省 {ClassificationOptions.DefaultFolds}；记入模型的指标）");
        var command = new Command("retrain", "用数据库中的分类样本（导入样本和工作人员的纠正）重新训练，连同交叉验证指标存入数据库；各 Web 节点随后自动换用新模型。") { data, folds };
        context.SetAction(command, async (parseResult, cancellationToken) =>
        {
            var file = parseResult.GetValue(data) is { } dataFile ? Read(dataFile) : null;
            var k = parseResult.GetValue(folds);
            return await CliHost.InSystemScopeAsync(context.Settings(parseResult), async services =>
            {
                await CliHost.EnsureMigratedAsync(services, cancellationToken);
                var console = context.Console;
                if (file is not null)
                {
                    Describe(console, file);
                    var imported = await services.GetRequiredService<ClassificationExamples>().ImportAsync(file.Examples, cancellationToken);
                    console.Line($"导入样本：新增 {imported.Added} 条，已有 {imported.Skipped} 条。");
                }

                var model = await console.StatusAsync("正在训练…", _ =>
                    services.GetRequiredService<RetrainClassifier>().RetrainAsync(k, cancellationToken));
                console.Line($"已存入模型 #{model.Id}：{model.TrainedOn} 条样本，{model.Labels.Count} 个类别，特征 {model.Features}。");
                if (model.Metrics?.CrossValidation is { } cv)
                {
                    PrintCrossValidation(console, cv);
                }

                return ExitCodes.Ok;
            });
        });
        return command;
    }

    private static Command ImportModelCommand(CliContext context)
    {
        var model = ModelOption("fengqiao classify train 写出的模型文件");
        model.Required = true;
        var command = new Command("import-model", "把模型文件存入数据库，成为各 Web 节点使用的当前模型。") { model };
        context.SetAction(command, async (parseResult, cancellationToken) =>
        {
            var file = parseResult.GetValue(model)!;
            if (!file.Exists)
            {
                throw new CliFailure(ExitCodes.InvalidInput, $"模型文件不存在：{file.FullName}");
            }

            var classifier = TrainedClassifier.FromBytes(File.ReadAllBytes(file.FullName));
            return await CliHost.InSystemScopeAsync(context.Settings(parseResult), async services =>
            {
                await CliHost.EnsureMigratedAsync(services, cancellationToken);
                var stored = await services.GetRequiredService<ClassifierModels>().StoreAsync(
                    classifier, new ClassifierMetrics(classifier.Features.Name(), classifier.TrainedOn, classifier.Labels, 0, null), cancellationToken);
                context.Console.Line($"已存入模型 #{stored.Id}：{stored.TrainedOn} 条样本，{stored.Labels.Count} 个类别（{string.Join("、", stored.Labels)}），特征 {stored.Features}。");
                return ExitCodes.Ok;
            });
        });
        return command;
    }

    private static FeatureSet ParseFeatures(string? text) =>
        text is null ? FeatureSets.Default
        : FeatureSets.TryParse(text, out var set) ? set
        : throw new CliFailure(ExitCodes.InvalidInput, $"未知的特征集“{text}”：应为 {FeatureSets.Choices}。");

    private static LabelledFile Read(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new CliFailure(ExitCodes.InvalidInput, $"文件不存在：{file.FullName}");
        }

        try
        {
            return LabelledCsv.Read(file.FullName);
        }
        catch (ValidationFailedException invalid)
        {
            throw new CliFailure(ExitCodes.InvalidInput, "数据文件有错误：", [.. invalid.Errors.SelectMany(e => e.Value)]);
        }
    }

    private static void Describe(CliConsole console, LabelledFile file) =>
        console.Line($"已读取 {file.Examples.Count} 条（{file.EncodingName}），{file.Examples.Select(e => e.Label).Distinct(StringComparer.Ordinal).Count()} 个类别。");

    private static void PrintCrossValidation(CliConsole console, CrossValidationReport report)
    {
        var inv = CultureInfo.InvariantCulture;
        console.Line($"{report.Folds} 折分层交叉验证（种子 {report.Seed}，特征 {report.Features}，{report.Seconds:F1} 秒）：");
        foreach (var fold in report.FoldResults)
        {
            console.Line(string.Create(inv, $"  第 {fold.Fold} 折：accuracy {fold.Accuracy:F3}  macro-F1 {fold.MacroF1:F3}（训练 {fold.TrainCount}，测试 {fold.TestCount}）"));
        }

        console.Line(string.Create(inv, $"accuracy: {report.MeanAccuracy:F3} ± {report.StdAccuracy:F3}"));
        console.Line(string.Create(inv, $"macro-F1: {report.MeanMacroF1:F3} ± {report.StdMacroF1:F3}"));
        console.Line(report.SuggestedThreshold is { } threshold
            ? string.Create(inv, $"置信度阈值 {threshold:F2} 起自动分类的精确率达 {ClassifierTraining.TargetPrecision:F1}（覆盖 {report.Thresholds.First(t => t.Threshold == threshold).Coverage:P0}），低于阈值的转人工分拣。")
            : string.Create(inv, $"没有一个置信度阈值能使自动分类的精确率达到 {ClassifierTraining.TargetPrecision:F1}。"));
    }

    private static void PrintClasses(CliConsole console, EvaluationReport report)
    {
        var width = Math.Max(DisplayWidth("类别"), report.Labels.Max(DisplayWidth)) + 2;
        console.Line(Pad("类别", width) + "precision  recall     F1  样本数");
        foreach (var c in report.Classes)
        {
            console.Line(Pad(c.Label, width) + string.Create(CultureInfo.InvariantCulture, $"{c.Precision,9:F3} {c.Recall,7:F3} {c.F1,6:F3} {c.Support,7}"));
        }
    }

    /// <summary>Rows are the true labels (numbered), columns the predicted ones by the same numbers.</summary>
    private static void PrintConfusion(CliConsole console, EvaluationReport report)
    {
        var n = report.Labels.Count;
        var cell = Math.Max(4, report.Confusion.SelectMany(r => r).DefaultIfEmpty(0).Max().ToString(CultureInfo.InvariantCulture).Length + 1);
        var width = report.Labels.Select((l, i) => DisplayWidth($"{i + 1}. {l}")).Max() + 2;
        console.Line("混淆矩阵（行：真实类别，列：预测类别，编号同行）：");
        var header = new StringBuilder(Pad("", width));
        for (var j = 0; j < n; j++)
        {
            header.Append((j + 1).ToString(CultureInfo.InvariantCulture).PadLeft(cell));
        }

        console.Line(header.ToString());
        for (var i = 0; i < n; i++)
        {
            var line = new StringBuilder(Pad($"{i + 1}. {report.Labels[i]}", width));
            for (var j = 0; j < n; j++)
            {
                line.Append(report.Confusion[i][j].ToString(CultureInfo.InvariantCulture).PadLeft(cell));
            }

            console.Line(line.ToString());
        }
    }

    /// <summary>Pads to a terminal width in which CJK characters take two columns.</summary>
    private static string Pad(string text, int width) => text + new string(' ', Math.Max(0, width - DisplayWidth(text)));

    private static int DisplayWidth(string text) => text.Sum(c => c is >= '\u1100' and (<= '\u115F' or (>= '\u2E80' and <= '\uA4CF') or (>= '\uAC00' and <= '\uD7A3') or (>= '\uF900' and <= '\uFAFF') or (>= '\uFE30' and <= '\uFE4F') or (>= '\uFF00' and <= '\uFF60') or (>= '\uFFE0' and <= '\uFFE6')) ? 2 : 1);
}
