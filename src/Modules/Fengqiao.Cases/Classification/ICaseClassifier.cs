namespace Fengqiao.Cases.Classification;

/// <summary>
/// 智能分类: suggests a category for the Chinese text of a report. Labels are whatever the training data used (a
/// category code or a category name); intake maps a label to the category tree and sends anything below the configured
/// confidence threshold to a human triage queue.
/// </summary>
public interface ICaseClassifier
{
    /// <summary>The best label with its confidence (0–1) and the runners-up; <see cref="CategorySuggestion.None"/> when no model is trained yet.</summary>
    CategorySuggestion Classify(string title, string text);
}

/// <summary>A classifier's answer: the best label, its confidence in [0, 1], and the next best labels with theirs.</summary>
public sealed record CategorySuggestion(string? Label, double Confidence, IReadOnlyList<LabelScore> Alternatives)
{
    public static CategorySuggestion None { get; } = new(null, 0, []);
}

/// <summary>One label and the probability the model gives it.</summary>
public sealed record LabelScore(string Label, double Score);
