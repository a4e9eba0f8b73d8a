namespace Fengqiao.Cases.Classification;

/// <summary>
/// A trained classifier stored in the database (<c>classifier_models</c>), so every web node loads the same model;
/// the newest row is the current model. Rows are never changed: a retrain adds one.
/// </summary>
internal sealed class ClassifierModelRecord
{
    public long Id { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>User name of whoever trained or imported it, or "system".</summary>
    public string CreatedBy { get; private set; } = "";

    public int TrainedOn { get; private set; }

    /// <summary>The label set, JSON array in score order.</summary>
    public string Labels { get; private set; } = "[]";

    public string Features { get; private set; } = "";

    /// <summary><see cref="ClassifierMetrics"/> as JSON (cross-validation figures when a retrain ran one).</summary>
    public string Metrics { get; private set; } = "{}";

    /// <summary>The model zip (<see cref="TrainedClassifier.ToBytes"/>).</summary>
    public byte[] Bytes { get; private set; } = [];

    private ClassifierModelRecord()
    {
    }

    public ClassifierModelRecord(DateTimeOffset createdAt, string createdBy, int trainedOn, string labels, string features, string metrics, byte[] bytes)
    {
        CreatedAt = createdAt;
        CreatedBy = createdBy;
        TrainedOn = trainedOn;
        Labels = labels;
        Features = features;
        Metrics = metrics;
        Bytes = bytes;
    }
}

/// <summary>Where a classification example came from.</summary>
public enum ExampleSource
{
    /// <summary>A labelled file imported by an administrator (or the demo).</summary>
    Import,

    /// <summary>A member of staff corrected the category the classifier suggested, or chose one in triage.</summary>
    Correction,
}

/// <summary>A labelled text the classifier is retrained from (<c>classification_examples</c>).</summary>
internal sealed class ClassificationExample
{
    public const int MaxTitleLength = 200;
    public const int MaxTextLength = 8000;
    public const int MaxLabelLength = 100;

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public string Title { get; private set; } = "";

    public string Text { get; private set; } = "";

    public string Label { get; private set; } = "";

    public ExampleSource Source { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; } = "";

    private ClassificationExample()
    {
    }

    public ClassificationExample(string title, string text, string label, ExampleSource source, DateTimeOffset createdAt, string createdBy)
    {
        Title = title;
        Text = text;
        Label = label;
        Source = source;
        CreatedAt = createdAt;
        CreatedBy = createdBy;
    }
}
