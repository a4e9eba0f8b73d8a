namespace Fengqiao.Cases.Classification;

/// <summary>Configuration section "Cases:Classification".</summary>
public sealed class ClassificationOptions
{
    public const string Section = "Cases:Classification";

    public const int DefaultFolds = 5;

    /// <summary>
    /// Suggestions with a lower confidence go to the human triage queue (人工分拣). 0.55 is where the out-of-fold
    /// precision of the default features on the labelled file reaches 0.8 (docs/classification.md); intake reads it.
    /// </summary>
    public double Threshold { get; set; } = 0.55;

    /// <summary>How often a node asks the database whether a newer model was stored (one single-row query).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Feature set of retrained models: "chars-1-2", "chars-1-3", "words", "words+chars-1-2" or "words+chars-1-3".</summary>
    public string Features { get; set; } = FeatureSets.Default.Name();

    /// <summary>Folds of the cross-validation run with every retrain (its metrics are stored with the model).</summary>
    public int Folds { get; set; } = DefaultFolds;
}
