namespace Fengqiao.Places.Spatial;

/// <summary>
/// The single row of <c>places_grid_generation</c>: a counter raised after every committed grid change (ADR 0009).
/// Web nodes compare it with the generation their point-location index was built from.
/// </summary>
public sealed class GridGeneration
{
    public const int SingletonId = 1;

    private GridGeneration()
    {
    }

    public int Id { get; private set; }

    public long Value { get; private set; }
}
