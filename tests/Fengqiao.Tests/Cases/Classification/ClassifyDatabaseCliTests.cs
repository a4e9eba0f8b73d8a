using Fengqiao.Cases.Classification;
using Fengqiao.Cli;
using Fengqiao.Tests.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Tests.Cases.Classification;

/// <summary><c>fengqiao classify import-model</c> and <c>classify retrain</c> against a migrated database.</summary>
public sealed class ClassifyDatabaseCliTests(MigratedCliDatabase cli) : IClassFixture<MigratedCliDatabase>, IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("fq-classify-db-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task A_model_file_is_imported_then_a_retrain_from_a_file_stores_a_newer_model_with_cross_validation()
    {
        var (train, _) = LabelledData.Split();
        var model = Path.Combine(_work, "model.zip");
        await File.WriteAllBytesAsync(model, TrainedClassifier.Train(train.Take(80).ToList(), FeatureSet.Chars12).ToBytes());

        var imported = await cli.RunAsync("classify", "import-model", "--model", model);
        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.Contains("已存入模型", imported.Output);

        var file = LabelledData.Write(_work, "extra.csv", train);
        var retrained = await cli.RunAsync("classify", "retrain", "--data", file, "--folds", "2");
        Assert.True(retrained.ExitCode == 0, retrained.ToString());
        Assert.Contains($"新增 {train.Count} 条", retrained.Output);
        Assert.Contains("第 2 折", retrained.Output);

        var again = await cli.RunAsync("classify", "retrain", "--data", file, "--folds", "0");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains($"新增 0 条，已有 {train.Count} 条", again.Output);

        var models = await cli.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<Fengqiao.Kernel.Data.FengqiaoDbContext>();
            return await db.Set<ClassifierModelRecord>().OrderBy(m => m.Id).Select(m => new { m.TrainedOn, m.CreatedBy }).ToListAsync();
        });
        // One example per distinct text: the file has one message twice with two labels.
        var distinct = train.DistinctBy(e => (e.Title, e.Text)).Count();
        Assert.Equal([80, distinct, distinct], models.Select(m => m.TrainedOn));
        Assert.All(models, m => Assert.Equal("system", m.CreatedBy));
        var current = await cli.WithServicesAsync(services => services.GetRequiredService<ClassifierModels>().CurrentAsync());
        Assert.Null(current!.Metrics!.CrossValidation);
    }
}

/// <summary>A retrain on an empty example table is refused (its own database: the other class imports examples).</summary>
public sealed class ClassifyRetrainRefusalCliTests(MigratedCliDatabase cli) : IClassFixture<MigratedCliDatabase>
{
    [Fact]
    public async Task Retrain_without_enough_examples_is_refused_and_stores_no_model()
    {
        var run = await cli.RunAsync("classify", "retrain");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("分类样本不足", run.Error);
        Assert.Null(await cli.WithServicesAsync(services => services.GetRequiredService<ClassifierModels>().CurrentAsync()));
    }
}
