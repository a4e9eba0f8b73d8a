namespace Fengqiao.Places.Spatial;

/// <summary>Configuration section "Places:GridLocator".</summary>
public sealed class GridLocatorOptions
{
    public const string Section = "Places:GridLocator";

    /// <summary>How often a node compares the grid generation with its index's (one single-row query).</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}
