using System.Text.Json;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Units;
using Fengqiao.Places.Boundaries;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;

namespace Fengqiao.Places.Grids;

/// <summary>
/// 网格地图: the grids within the caller's jurisdiction as GeoJSON for the map, each with its community (for the
/// colour) and the grid workers who cover it; and the community outlines drawn over them.
/// </summary>
public sealed class GridMap(FengqiaoDbContext db)
{
    private static readonly JsonSerializerOptions GeoJson = new(JsonSerializerDefaults.Web) { Converters = { new GeoJsonConverterFactory() } };

    public async Task<string> FeatureCollectionAsync(string? communityCode, CancellationToken cancellationToken)
    {
        var grids = db.Set<Grid>().AsNoTracking();
        if (communityCode is not null)
        {
            var community = await db.Units.Where(u => u.Code == communityCode).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(cancellationToken);
            grids = grids.Where(g => g.CommunityUnitId == community);
        }

        // The grids are read alone, through the jurisdiction filter; IgnoreQueryFilters anywhere in the same query
        // would lift the filter from the grids too. Names of their units (and communities above) are looked up after.
        var gridRows = await grids.OrderBy(g => g.Code).ToListAsync(cancellationToken);
        var nameIds = gridRows.Select(g => g.UnitId).Concat(gridRows.Select(g => g.CommunityUnitId)).Distinct().ToList();
        var names = await db.Units.IgnoreQueryFilters().AsNoTracking()
            .Where(u => nameIds.Contains(u.Id))
            .Select(u => new { u.Id, u.Code, u.Name })
            .ToDictionaryAsync(u => u.Id, cancellationToken);
        var rows = gridRows.Select(g => new
        {
            Grid = g,
            names[g.UnitId].Name,
            CommunityCode = names[g.CommunityUnitId].Code,
            CommunityName = names[g.CommunityUnitId].Name,
        }).ToList();

        var unitIds = rows.Select(r => r.Grid.UnitId).ToList();
        var workers = await db.Set<UserUnit>().AsNoTracking()
            .Where(m => unitIds.Contains(m.UnitId))
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.UnitId, u.Id, u.DisplayName, u.IsDisabled })
            .Where(x => !x.IsDisabled)
            .Join(db.UserRoles, x => x.Id, ur => ur.UserId, (x, ur) => new { x.UnitId, x.DisplayName, ur.RoleId })
            .Join(db.Roles.Where(r => r.Name == Roles.GridWorker), x => x.RoleId, r => r.Id, (x, r) => new { x.UnitId, x.DisplayName })
            .ToListAsync(cancellationToken);
        var byUnit = workers.GroupBy(w => w.UnitId).ToDictionary(g => g.Key, g => g.Select(w => w.DisplayName).Order(StringComparer.Ordinal).ToList());

        var collection = new FeatureCollection();
        foreach (var row in rows)
        {
            collection.Add(new Feature(row.Grid.Boundary, new AttributesTable
            {
                { "code", row.Grid.Code },
                { "name", row.Name },
                { "communityCode", row.CommunityCode },
                { "communityName", row.CommunityName },
                { "kind", row.Grid.Kind.ToString() },
                { "workers", byUnit.GetValueOrDefault(row.Grid.UnitId) ?? [] },
            }));
        }

        return JsonSerializer.Serialize(collection, GeoJson);
    }

    /// <summary>
    /// The outlines of the communities within the caller's jurisdiction that have a stored boundary, for drawing over
    /// the grids (code and name only). A grid worker's jurisdiction is below any community: none.
    /// </summary>
    public async Task<string> CommunityOutlinesAsync(CancellationToken cancellationToken)
    {
        var outlines = await db.Set<UnitBoundary>().AsNoTracking().Where(b => b.Level == UnitLevel.Community).OrderBy(b => b.Code).ToListAsync(cancellationToken);
        var ids = outlines.Select(b => b.UnitId).ToList();
        var names = await db.Units.IgnoreQueryFilters().AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
        var collection = new FeatureCollection();
        foreach (var outline in outlines)
        {
            collection.Add(new Feature(outline.Boundary, new AttributesTable
            {
                { "code", outline.Code },
                { "name", names.GetValueOrDefault(outline.UnitId) },
            }));
        }

        return JsonSerializer.Serialize(collection, GeoJson);
    }
}
