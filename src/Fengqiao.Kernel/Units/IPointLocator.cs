namespace Fengqiao.Kernel.Units;

/// <summary>
/// Point → grid location, served by the places module and used by modules that take reports at a place (events,
/// disputes). Defined in the kernel so that no module depends on another.
/// </summary>
public interface IPointLocator
{
    /// <summary>Locates a WGS84 point (longitude first).</summary>
    ValueTask<LocatedPoint> LocateAsync(double longitude, double latitude, CancellationToken cancellationToken = default);
}

/// <summary>
/// Where a point lies: the codes of its grid, community, street and county when it is inside a grid; otherwise
/// <see cref="IsInside"/> is false and <see cref="GridCode"/> etc. describe the nearest grid, <see cref="DistanceMetres"/>
/// away (all null when no grid is drawn).
/// </summary>
public sealed record LocatedPoint(
    bool IsInside, string? GridCode, string? GridName, string? CommunityCode, string? CommunityName, string? StreetCode, string? CountyCode, double? DistanceMetres)
{
    public static LocatedPoint Nowhere { get; } = new(false, null, null, null, null, null, null, null);
}
