using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Fengqiao.Cases.Classification;
using Fengqiao.Cli;
using Fengqiao.Tests.Cli;

namespace Fengqiao.Tests.Cases.Classification;

/// <summary>
/// <c>fengqiao classify train|eval</c> on files only (no database): the metrics lines, cross-validation folds, and
/// clear refusals of bad files.
/// </summary>
public sealed partial class ClassifyCliTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("fq-classify-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Train_on_four_fifths_then_eval_on_the_rest_prints_accuracy_and_macro_F1_well_above_chance()
    {
        var (train, test) = LabelledData.Split();
        var trainFile = LabelledData.Write(_work, "train.csv", train);
        var testFile = LabelledData.Write(_work, "test.csv", test);
        var model = Path.Combine(_work, "model.zip");

        var trained = await RunAsync("classify", "train", "--data", trainFile, "--model", model);
        Assert.True(trained.ExitCode == 0, trained.ToString());
        Assert.True(File.Exists(model));

        var evaluated = await RunAsync("classify", "eval", "--data", testFile, "--model", model);
        Assert.True(evaluated.ExitCode == 0, evaluated.ToString());
        var accuracy = Metric(evaluated.Output, "accuracy");
        var macroF1 = Metric(evaluated.Output, "macro-F1");
        // Seven classes: chance is 1/7. A floor, not a tuned figure.
        Assert.True(accuracy > 0.5, evaluated.Output);
        Assert.True(macroF1 > 0.4, evaluated.Output);
        Assert.Contains("混淆矩阵", evaluated.Output);
        foreach (var label in test.Select(e => e.Label).Distinct())
        {
            Assert.Contains(label, evaluated.Output);
        }
    }

    [Fact]
    public async Task Train_with_folds_cross_validates_and_reports_each_fold_with_mean_and_spread()
    {
        var file = LabelledData.Write(_work, "all.csv", LabelledData.All);

        var run = await RunAsync("classify", "train", "--data", file, "--model", Path.Combine(_work, "m.zip"), "--folds", "3");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("第 1 折", run.Output);
        Assert.Contains("第 3 折", run.Output);
        Assert.DoesNotContain("第 4 折", run.Output);
        Assert.Matches(MeanAndSpread(), run.Output);
    }

    [Fact]
    public void Jieba_word_features_train_and_predict_from_the_dictionaries_beside_the_binaries()
    {
        var (train, test) = LabelledData.Split();
        var model = TrainedClassifier.Train(train, FeatureSet.Words);
        using var predictor = TrainedClassifier.FromBytes(model.ToBytes()).CreatePredictor();

        var suggestion = predictor.Predict(test[0].Title, test[0].Text);

        Assert.Equal(FeatureSet.Words, model.Features);
        Assert.Contains(suggestion.Label, model.Labels);
        Assert.InRange(suggestion.Confidence, 0, 1);
        Assert.Contains("路灯", ChineseText.Words(ChineseText.CreateSegmenter(), ChineseText.Combine("小区路灯坏了", "")).Split(' '));
    }

    [Fact]
    public async Task A_GBK_encoded_file_is_recognised_and_trains()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var (train, _) = LabelledData.Split();
        var file = LabelledData.Write(_work, "gbk.csv", train.Take(60), Encoding.GetEncoding("GBK"));

        var run = await RunAsync("classify", "train", "--data", file, "--model", Path.Combine(_work, "gbk.zip"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("GBK", run.Output);
        Assert.Contains("已读取 60 条", run.Output);
    }

    [Fact]
    public async Task A_file_without_the_category_column_is_refused_naming_the_column_and_no_model_is_written()
    {
        var file = Path.Combine(_work, "no-category.csv");
        await File.WriteAllTextAsync(file, "id,title,text\n1,路灯不亮,宜城街道茶东社区3号楼前路灯一周不亮\n");
        var model = Path.Combine(_work, "none.zip");

        var run = await RunAsync("classify", "train", "--data", file, "--model", model);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("缺少列 category", run.Error);
        Assert.False(File.Exists(model));
    }

    [Theory]
    [InlineData("", "文件是空的")]
    [InlineData("title,text,category\n", "没有数据行")]
    [InlineData("title,text,category\n路灯不亮,\"茶东社区路灯\n一周不亮,城乡建设\n", "引号未闭合")]
    [InlineData("title,text,category\n路灯不亮,茶东社区3号楼前路灯一周不亮,\n", "类别 category 为空")]
    public async Task Bad_files_are_refused_with_a_clear_message(string content, string message)
    {
        var file = Path.Combine(_work, "bad.csv");
        await File.WriteAllTextAsync(file, content);

        var run = await RunAsync("classify", "train", "--data", file, "--model", Path.Combine(_work, "bad.zip"));

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(message, run.Error);
    }

    [Fact]
    public async Task Missing_data_or_model_files_are_refused()
    {
        var missingData = await RunAsync("classify", "train", "--data", Path.Combine(_work, "nothing.csv"));
        var missingModel = await RunAsync("classify", "eval", "--data", LabelledData.TrainingFile, "--model", Path.Combine(_work, "nothing.zip"));
        var notAModel = Path.Combine(_work, "not-a-model.zip");
        await File.WriteAllTextAsync(notAModel, "这不是模型");
        var wrongModel = await RunAsync("classify", "eval", "--data", LabelledData.TrainingFile, "--model", notAModel);

        Assert.Equal(ExitCodes.InvalidInput, missingData.ExitCode);
        Assert.Contains("文件不存在", missingData.Error);
        Assert.Equal(ExitCodes.InvalidInput, missingModel.ExitCode);
        Assert.Contains("模型文件不存在", missingModel.Error);
        Assert.Equal(ExitCodes.InvalidInput, wrongModel.ExitCode);
        Assert.Contains("不是枫桥分类模型文件", wrongModel.Error);
    }

    [Fact]
    public async Task Eval_reports_labels_the_model_does_not_know_and_exits_with_an_error()
    {
        var (train, test) = LabelledData.Split();
        var model = Path.Combine(_work, "model.zip");
        Assert.Equal(0, (await RunAsync("classify", "train", "--data", LabelledData.Write(_work, "train.csv", train), "--model", model)).ExitCode);
        var relabelled = test.Select((e, i) => i < 3 ? e with { Label = "矛盾纠纷" } : e);

        var run = await RunAsync("classify", "eval", "--data", LabelledData.Write(_work, "test.csv", relabelled), "--model", model);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("矛盾纠纷（3 条）", run.Error);
        Assert.Matches(MetricLine("accuracy"), run.Output);
    }

    private static double Metric(string output, string name) =>
        double.Parse(MetricLine(name).Match(output).Groups[1].Value, CultureInfo.InvariantCulture);

    private static Regex MetricLine(string name) => new($"^{Regex.Escape(name)}: ([01]\\.\\d{{3}})\\r?$", RegexOptions.Multiline);

    [GeneratedRegex(@"^macro-F1: 0\.\d{3} ± 0\.\d{3}\r?$", RegexOptions.Multiline)]
    private static partial Regex MeanAndSpread();

    private static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, output, error);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
