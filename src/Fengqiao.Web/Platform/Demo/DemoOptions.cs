namespace Fengqiao.Web.Platform.Demo;

/// <summary>Configuration section "Demo".</summary>
internal sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Seed the demo jurisdiction and users on first start (never in Production).</summary>
    public bool Seed { get; set; } = true;

    /// <summary>Folder with the national division CSVs; found beside the repository when not set.</summary>
    public string? DivisionsDirectory { get; set; }

    /// <summary>
    /// Labelled complaints (title,text,category) the demo classifier is trained from when no model is stored yet;
    /// when not set, shared/data/complaints/labelled-train.csv is looked for above the content root. "none" skips it.
    /// </summary>
    public string? ClassifierTrainingFile { get; set; }
}
