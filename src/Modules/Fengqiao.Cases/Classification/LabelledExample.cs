namespace Fengqiao.Cases.Classification;

/// <summary>One report text with the label staff gave it (a category code or name).</summary>
public sealed record LabelledExample(string Title, string Text, string Label);
