using System.Text.Json;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Units;
using Fengqiao.Places.Geo;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Fengqiao.Places.Grids;

/// <summary>
/// 导出网格: the grids within the caller's jurisdiction (optionally of one community) as a GeoJSON FeatureCollection
/// with the properties the import reads — code, name, community, kind, purpose — in WGS84 or GCJ-02.
/// </summary>
public sealed class GridGeoJsonExport(FengqiaoDbContext db)
{
    public async Task<FeatureCollection> ExportAsync(string? communityCode, bool gcj02, CancellationToken cancellationToken)
    {
        var grids = db.Set<Grid>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(communityCode))
        {
            var code = communityCode.Trim();
            var communityId = await db.Units.Where(u => u.Code == code && u.Level == UnitLevel.Community).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException($"社区 {code}");
            grids = grids.Where(g => g.CommunityUnitId == communityId);
        }

        var rows = await (
                from grid in grids
                join unit in db.Units on grid.UnitId equals unit.Id
                orderby grid.Code
                select new { grid.Code, unit.Name, grid.CommunityUnitId, grid.Kind, grid.Purpose, grid.Boundary })
            .ToListAsync(cancellationToken);

        // The community may lie above the caller's jurisdiction (a grid worker's): its code is shown, not its record.
        // A query of its own: IgnoreQueryFilters would lift the filters of the whole query, the grids' included.
        var communityIds = rows.Select(r => r.CommunityUnitId).Distinct().ToList();
        var communityCodes = await db.Units.IgnoreQueryFilters().AsNoTracking()
            .Where(u => communityIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.Code, cancellationToken);

        var collection = new FeatureCollection();
        foreach (var row in rows)
        {
            Geometry boundary = gcj02 ? ChinaCoordinates.ToGcj02(row.Boundary) : row.Boundary;
            collection.Add(new Feature(boundary, new AttributesTable
            {
                { "code", row.Code },
                { "name", row.Name },
                { "community", communityCodes.GetValueOrDefault(row.CommunityUnitId) },
                { "kind", row.Kind == GridKind.Dedicated ? "dedicated" : "basic" },
                { "purpose", row.Purpose },
            }));
        }

        return collection;
    }

    /// <summary>Writes the collection as GeoJSON (RFC 7946 member names).</summary>
    public static Task WriteAsync(Stream stream, FeatureCollection collection, CancellationToken cancellationToken) =>
        JsonSerializer.SerializeAsync(stream, collection, GeoJson.Options, cancellationToken);
}
