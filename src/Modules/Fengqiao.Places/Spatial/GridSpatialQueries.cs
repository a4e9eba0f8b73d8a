using Fengqiao.Kernel.Data;
using Fengqiao.Places.Grids;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace Fengqiao.Places.Spatial;

/// <summary>A grid found by a spatial query, with its distance in metres from the query point (0 for area queries).</summary>
public sealed record GridMatch(string Code, GridKind Kind, double DistanceMetres);

/// <summary>
/// Spatial questions about grids within the caller's jurisdiction. On PostgreSQL they run in PostGIS over the gist index
/// (ST_Intersects, ST_DWithin in degrees as a prefilter, then metres); on SQLite, which stores boundaries as WKB, the same
/// questions are answered in memory over the grids the caller may see.
/// </summary>
public sealed class GridSpatialQueries(FengqiaoDbContext db)
{
    /// <summary>Grids whose boundary meets the area (overlaps, touches or lies inside it), by code.</summary>
    public async Task<IReadOnlyList<GridMatch>> GridsWithinAsync(Polygon area, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(area);
        if (area.SRID != 4326)
        {
            area = (Polygon)area.Copy();
            area.SRID = 4326;
        }

        var grids = db.Set<Grid>().AsNoTracking();
        List<(string Code, GridKind Kind)> found;
        if (db.Provider == DatabaseProvider.PostgreSql)
        {
            found = [.. (await grids.Where(g => g.Boundary.Intersects(area)).Select(g => new { g.Code, g.Kind }).ToListAsync(cancellationToken))
                .Select(g => (g.Code, g.Kind))];
        }
        else
        {
            var prepared = NetTopologySuite.Geometries.Prepared.PreparedGeometryFactory.Prepare(area);
            found = [.. (await grids.Select(g => new { g.Code, g.Kind, g.Boundary }).ToListAsync(cancellationToken))
                .Where(g => prepared.Intersects(g.Boundary))
                .Select(g => (g.Code, g.Kind))];
        }

        return [.. found.OrderBy(g => g.Code, StringComparer.Ordinal).Select(g => new GridMatch(g.Code, g.Kind, 0))];
    }

    /// <summary>Grids whose boundary comes within <paramref name="radiusMetres"/> of the point (0 when inside), nearest first.</summary>
    public async Task<IReadOnlyList<GridMatch>> GridsNearAsync(double longitude, double latitude, double radiusMetres, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(radiusMetres);
        var point = new Point(longitude, latitude) { SRID = 4326 };
        var (kx, ky) = LocalProjection.Scale(latitude);
        // A degree radius no smaller than the metre radius in any direction: a prefilter the gist index can serve.
        var degrees = radiusMetres / Math.Min(kx, ky) * 1.01;

        var grids = db.Set<Grid>().AsNoTracking();
        var candidates = db.Provider == DatabaseProvider.PostgreSql
            ? await grids.Where(g => g.Boundary.IsWithinDistance(point, degrees)).Select(g => new { g.Code, g.Kind, g.Boundary }).ToListAsync(cancellationToken)
            : [.. (await grids.Select(g => new { g.Code, g.Kind, g.Boundary }).ToListAsync(cancellationToken)).Where(g => g.Boundary.IsWithinDistance(point, degrees))];

        return [.. candidates
            .Select(g => new GridMatch(g.Code, g.Kind, LocalProjection.DistanceMetres(g.Boundary, longitude, latitude)))
            .Where(g => g.DistanceMetres <= radiusMetres)
            .OrderBy(g => g.DistanceMetres)
            .ThenBy(g => g.Code, StringComparer.Ordinal)];
    }
}
