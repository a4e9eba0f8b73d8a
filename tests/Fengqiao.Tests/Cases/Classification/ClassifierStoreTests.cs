using System.Net;
using System.Net.Http.Json;
using Fengqiao.Cases.Classification;
using Fengqiao.Kernel.Data;
using Fengqiao.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fengqiao.Tests.Cases.Classification;

/// <summary>
/// The classifier in the running app: the demo model from the labelled file, models stored in and loaded from the
/// database (SQLite or PostgreSQL), a second node picking up a newer model, staff corrections feeding a retrain, the
/// admin API, and thread-safety of <see cref="ICaseClassifier"/>.
/// </summary>
public sealed class ClassifierStoreTests(FengqiaoApp app) : IClassFixture<FengqiaoApp>
{
    private const string StreetLight = "宜城街道茶东社区3号楼前路灯一周不亮";

    [Fact]
    public async Task The_demo_start_stores_a_model_trained_on_the_labelled_file_and_the_admin_API_shows_it()
    {
        using var admin = await app.ClientForAsync("admin");

        var status = await admin.GetFromJsonAsync<ClassifierStatus>("/api/v1/cases/classifier");

        Assert.NotNull(status?.Model);
        // 246 rows, two of which share title and text (with different labels): one example per distinct text.
        Assert.True(status.Model.TrainedOn >= 245);
        Assert.Equal(7, status.Model.Labels.Count);
        Assert.Contains("城乡建设", status.Model.Labels);
        Assert.Equal(FeatureSets.Default.Name(), status.Model.Features);
        Assert.True(status.Examples.Imports >= 246);
        Assert.InRange(status.Threshold, 0, 1);
    }

    [Fact]
    public async Task Classify_answers_with_a_known_label_and_a_confidence_between_0_and_1()
    {
        var classifier = app.Services.GetRequiredService<ICaseClassifier>();
        await app.Services.GetRequiredService<CaseClassifier>().RefreshAsync();

        var suggestion = classifier.Classify("小区物业停水三天无人管", "宜城街道某小区物业公司无故停水三天，业主多次反映无人处理，老人孩子生活困难，请相关部门督促物业尽快恢复供水。");

        Assert.NotNull(suggestion.Label);
        Assert.InRange(suggestion.Confidence, 0, 1);
        Assert.All(suggestion.Alternatives, a => Assert.InRange(a.Score, 0, suggestion.Confidence));
        Assert.Equal(CategorySuggestion.None, classifier.Classify("", " "));
    }

    [Fact]
    public async Task A_model_round_trips_through_the_database_and_predicts_the_same()
    {
        var (train, test) = LabelledData.Split();
        var trained = TrainedClassifier.Train(train, FeatureSet.Chars12);

        var stored = await app.AsSystemAsync(sp => sp.GetRequiredService<ClassifierModels>().StoreAsync(
            trained, new ClassifierMetrics(trained.Features.Name(), trained.TrainedOn, trained.Labels, 0, null)));
        var bytes = await app.WithDbAsync(db => db.Set<ClassifierModelRecord>().Where(m => m.Id == stored.Id).Select(m => m.Bytes).SingleAsync());
        var loaded = TrainedClassifier.FromBytes(bytes);

        Assert.Equal(trained.Labels, loaded.Labels);
        Assert.Equal(FeatureSet.Chars12, loaded.Features);
        Assert.Equal(train.Count, stored.TrainedOn);
        using var before = trained.CreatePredictor();
        using var after = loaded.CreatePredictor();
        foreach (var example in test.Take(20))
        {
            var expected = before.Predict(example.Title, example.Text);
            var actual = after.Predict(example.Title, example.Text);
            Assert.Equal(expected.Label, actual.Label);
            Assert.Equal(expected.Confidence, actual.Confidence, 5);
        }
    }

    [Fact]
    public async Task Another_node_has_no_model_until_it_checks_then_picks_up_each_newer_model()
    {
        // A second node: its own singleton over the same database.
        var otherNode = new CaseClassifier(app.Services.GetRequiredService<IServiceScopeFactory>(), NullLogger<CaseClassifier>.Instance);
        Assert.Equal(CategorySuggestion.None, otherNode.Classify("路灯不亮", StreetLight));

        Assert.True(await otherNode.RefreshAsync());
        var first = otherNode.ModelId;
        Assert.NotNull(otherNode.Classify("路灯不亮", StreetLight).Label);
        Assert.False(await otherNode.RefreshAsync());

        var (train, _) = LabelledData.Split();
        var trained = TrainedClassifier.Train(train, FeatureSet.Chars12);
        var stored = await app.AsSystemAsync(sp => sp.GetRequiredService<ClassifierModels>().StoreAsync(
            trained, new ClassifierMetrics(trained.Features.Name(), trained.TrainedOn, trained.Labels, 0, null)));

        Assert.True(await otherNode.RefreshAsync());
        Assert.Equal(stored.Id, otherNode.ModelId);
        Assert.True(stored.Id > first);
    }

    [Fact]
    public async Task A_staff_correction_is_stored_with_who_made_it_and_the_next_retrain_learns_from_it()
    {
        var title = $"茶东社区健身器材损坏 {Guid.NewGuid():N}";
        var id = await app.AsSystemAsync(sp => sp.GetRequiredService<ClassificationExamples>().RecordCorrectionAsync(
            title, "茶东社区广场的健身器材断裂两个月，老人锻炼有危险，希望尽快维修。", "城乡建设"));
        var example = await app.WithDbAsync(db => db.Set<ClassificationExample>().SingleAsync(e => e.Id == id));
        Assert.Equal(ExampleSource.Correction, example.Source);
        Assert.Equal("城乡建设", example.Label);
        Assert.Equal("system", example.CreatedBy);

        using var admin = await app.ClientForAsync("admin");
        var response = await admin.PostAsJsonAsync("/api/v1/cases/classifier/retrain", new RetrainRequest(3));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var model = await response.Content.ReadFromJsonAsync<ClassifierModelInfo>();
        var training = await app.AsSystemAsync(sp => sp.GetRequiredService<ClassificationExamples>().TrainingSetAsync());
        Assert.Contains(training, e => e.Title == title && e.Label == "城乡建设");
        Assert.Equal(training.Count, model!.TrainedOn);
        Assert.Equal(3, model.Metrics?.CrossValidation?.Folds);
        Assert.Equal(3, model.Metrics!.CrossValidation!.FoldResults.Count);
        Assert.InRange(model.Metrics.CrossValidation.MeanMacroF1, 0.3, 1);
        Assert.Equal(model.Id, app.Services.GetRequiredService<CaseClassifier>().ModelId);
    }

    [Fact]
    public async Task A_correction_overrides_the_imported_label_of_the_same_text()
    {
        var imported = LabelledData.All.First(e => e.Label == "教育文体");
        await app.AsSystemAsync(sp => sp.GetRequiredService<ClassificationExamples>().RecordCorrectionAsync(imported.Title, imported.Text, "卫生计生"));

        var training = await app.AsSystemAsync(sp => sp.GetRequiredService<ClassificationExamples>().TrainingSetAsync());

        Assert.Equal("卫生计生", Assert.Single(training, e => e.Title == imported.Title && e.Text == imported.Text).Label);
    }

    [Fact]
    public async Task A_correction_without_a_category_is_refused_and_nothing_is_stored()
    {
        var before = await app.WithDbAsync(db => db.Set<ClassificationExample>().CountAsync());

        await Assert.ThrowsAsync<Fengqiao.Kernel.Errors.ValidationFailedException>(() =>
            app.AsSystemAsync(sp => sp.GetRequiredService<ClassificationExamples>().RecordCorrectionAsync("路灯不亮", StreetLight, " ")));

        Assert.Equal(before, await app.WithDbAsync(db => db.Set<ClassificationExample>().CountAsync()));
    }

    [Fact]
    public async Task Only_administrators_may_see_or_retrain_the_classifier()
    {
        using var grid = await app.ClientForAsync("grid");

        Assert.Equal(HttpStatusCode.Forbidden, (await grid.GetAsync("/api/v1/cases/classifier")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await grid.PostAsJsonAsync("/api/v1/cases/classifier/retrain", new RetrainRequest(0))).StatusCode);
    }

    [Fact]
    public async Task Parallel_classification_gives_the_same_answers_as_one_thread()
    {
        var classifier = app.Services.GetRequiredService<CaseClassifier>();
        await classifier.RefreshAsync();
        var texts = LabelledData.All.Take(60).ToList();
        var sequential = texts.Select(e => classifier.Classify(e.Title, e.Text)).ToList();

        var parallel = new CategorySuggestion[texts.Count * 4];
        Parallel.For(0, parallel.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            parallel[i] = classifier.Classify(texts[i % texts.Count].Title, texts[i % texts.Count].Text));

        for (var i = 0; i < parallel.Length; i++)
        {
            Assert.Equal(sequential[i % texts.Count].Label, parallel[i].Label);
            Assert.Equal(sequential[i % texts.Count].Confidence, parallel[i].Confidence, 6);
        }
    }
}
