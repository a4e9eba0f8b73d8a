namespace Fengqiao.Web.Components.Shared;

/// <summary>One row of <see cref="RateBars"/>: a label and one rate (0–1, null when not computable) per series.</summary>
public sealed record RateRow(string Label, IReadOnlyList<double?> Values);
