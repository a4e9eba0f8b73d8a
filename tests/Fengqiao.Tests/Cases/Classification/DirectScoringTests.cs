using Fengqiao.Cases.Classification;

namespace Fengqiao.Tests.Cases.Classification;

/// <summary>
/// Character n-gram models are scored without ML.NET's engine (<see cref="DirectCharScorer"/>); the engine stays the
/// reference. These rules hold the direct path to the engine's answers, text for text, and say when it steps aside.
/// </summary>
public sealed class DirectScoringTests
{
    private static readonly Lazy<(TrainedClassifier Model, IReadOnlyList<LabelledExample> Test)> Chars13 = new(() =>
    {
        var (train, test) = LabelledData.Split();
        return (TrainedClassifier.Train(train, FeatureSet.Chars13), test);
    });

    [Theory]
    [InlineData(FeatureSet.Chars12)]
    [InlineData(FeatureSet.Chars13)]
    public void A_character_model_scores_every_labelled_text_directly_with_the_engine_s_label_and_probabilities(FeatureSet features)
    {
        var all = LabelledData.All;
        var model = TrainedClassifier.Train(all.Where((_, i) => i % 5 != 0).ToList(), features);

        Assert.True(model.ScoresDirectly);
        using var direct = model.CreatePredictor();
        using var engine = model.CreateEnginePredictor();
        AssertSameOnEvery(all, engine, direct);
    }

    [Fact]
    public void A_model_loaded_from_its_bytes_still_scores_directly_and_alike()
    {
        var (model, test) = Chars13.Value;

        var loaded = TrainedClassifier.FromBytes(model.ToBytes());

        Assert.True(loaded.ScoresDirectly);
        using var before = model.CreateEnginePredictor();
        using var after = loaded.CreatePredictor();
        AssertSameOnEvery(test, before, after);
    }

    [Theory]
    [InlineData("！！！", "？？。。，，")]
    [InlineData("<script>alert('x|y')</script>", "路灯|不亮 <␂> \\u4X 3号楼")]
    [InlineData("ＡＢＣ　全角", "Ｅｍａｉｌ：ｔｅｓｔ＠ｅｘａｍｐｌｅ．ｃｏｍ 电话１３８")]
    [InlineData("噪音", "噪")]
    public void Punctuation_markup_and_the_characters_n_gram_names_are_made_of_score_as_the_engine_scores_them(string title, string text)
    {
        var (model, _) = Chars13.Value;
        using var direct = model.CreatePredictor();
        using var engine = model.CreateEnginePredictor();

        AssertSame(engine.Predict(title, text), direct.Predict(title, text), title);
    }

    [Theory]
    [InlineData("Café 门口路灯不亮")]
    [InlineData("小区门口的下水道堵了😡 臭气熏天")]
    [InlineData("𠮷祥小区停水三天")]
    public void Texts_with_letters_ML_NET_folds_or_characters_beyond_the_basic_plane_are_left_to_the_engine(string text)
    {
        var (model, _) = Chars13.Value;
        var scorer = DirectCharScorer.TryCreate(ModelParts(model).Model, ModelParts(model).Schema, FeatureSet.Chars13)!;
        var probabilities = new float[scorer.Classes];

        Assert.False(scorer.TryScore(ChineseText.Combine("", text), probabilities, scorer.CreateScratch()));
        Assert.All(probabilities, p => Assert.Equal(0f, p));
        using var direct = model.CreatePredictor();
        using var engine = model.CreateEnginePredictor();
        AssertSame(engine.Predict("", text), direct.Predict("", text), text);
    }

    [Fact]
    public void A_model_with_jieba_words_is_scored_by_the_engine()
    {
        var (train, _) = LabelledData.Split();

        var model = TrainedClassifier.Train(train, FeatureSet.WordsChars12);

        Assert.False(model.ScoresDirectly);
        using var predictor = model.CreatePredictor();
        Assert.NotNull(predictor.Predict("路灯不亮", "小区3号楼前的路灯一周不亮").Label);
    }

    [Fact]
    public void A_model_trained_by_L_BFGS_scores_directly_and_alike()
    {
        var (train, test) = LabelledData.Split();

        var model = TrainedClassifier.Train(train, FeatureSet.Chars12, trainer: new TrainerSettings(30, 1f, TrainerAlgorithm.Lbfgs));

        Assert.True(model.ScoresDirectly);
        using var direct = model.CreatePredictor();
        using var engine = model.CreateEnginePredictor();
        AssertSameOnEvery(test, engine, direct);
    }

    private static (Microsoft.ML.ITransformer Model, Microsoft.ML.DataViewSchema Schema) ModelParts(TrainedClassifier model)
    {
        var ml = new Microsoft.ML.MLContext();
        var loaded = ml.Model.Load(new MemoryStream(model.ToBytes()), out var schema);
        return (loaded, schema);
    }

    private static void AssertSameOnEvery(IEnumerable<LabelledExample> examples, ClassifierPredictor expected, ClassifierPredictor actual)
    {
        foreach (var example in examples)
        {
            AssertSame(expected.Predict(example.Title, example.Text), actual.Predict(example.Title, example.Text), example.Title);
        }
    }

    private static void AssertSame(CategorySuggestion expected, CategorySuggestion actual, string text)
    {
        Assert.True(expected.Label == actual.Label, $"“{text}”: engine {expected.Label}, direct {actual.Label}");
        Assert.Equal(expected.Confidence, actual.Confidence, TrainedClassifier.ProbeTolerance);
        Assert.Equal(expected.Alternatives.Select(a => a.Label), actual.Alternatives.Select(a => a.Label));
        Assert.All(expected.Alternatives.Zip(actual.Alternatives), pair => Assert.Equal(pair.First.Score, pair.Second.Score, TrainedClassifier.ProbeTolerance));
    }
}
