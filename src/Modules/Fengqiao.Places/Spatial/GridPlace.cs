using Fengqiao.Places.Grids;

namespace Fengqiao.Places.Spatial;

/// <summary>A unit of the administrative tree as a located point reports it.</summary>
public sealed record Division(string Code, string Name);

/// <summary>A grid with the community, street and county it belongs to (each null when the tree lacks it).</summary>
public sealed record GridPlace(string GridCode, string GridName, GridKind Kind, Division? Community, Division? Street, Division? County);

/// <summary>
/// The answer for one WGS84 point: the grid containing it with its community, street and county; or, when the point lies
/// outside every grid, <see cref="IsInside"/> false with the nearest grid and the distance to its boundary in metres
/// (no nearest grid when no grid is drawn yet).
/// </summary>
public sealed record PointLocation(bool IsInside, GridPlace? Grid, GridPlace? NearestGrid, double? DistanceMetres);
