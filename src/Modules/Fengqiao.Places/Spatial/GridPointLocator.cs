using Fengqiao.Kernel.Units;

namespace Fengqiao.Places.Spatial;

/// <summary>Serves the kernel's <see cref="IPointLocator"/> contract from this node's grid index.</summary>
internal sealed class GridPointLocator(GridLocator locator) : IPointLocator
{
    public async ValueTask<LocatedPoint> LocateAsync(double longitude, double latitude, CancellationToken cancellationToken = default)
    {
        var location = await locator.LocateAsync(longitude, latitude, cancellationToken);
        var grid = location.IsInside ? location.Grid : location.NearestGrid;
        if (grid is null)
        {
            return LocatedPoint.Nowhere;
        }

        return new LocatedPoint(
            location.IsInside, grid.GridCode, grid.GridName, grid.Community?.Code, grid.Community?.Name, grid.Street?.Code, grid.County?.Code,
            location.IsInside ? null : location.DistanceMetres);
    }
}
