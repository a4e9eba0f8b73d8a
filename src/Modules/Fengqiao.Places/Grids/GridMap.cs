using System.Text.Json;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;

namespace Fengqiao.Places.Grids;

/// <summary>
/// 网格地图: the grids within the caller's jurisdiction as GeoJSON for the map, each with its community (for the
/// colour) and the grid workers who cover it.
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

        var rows = await grids
            .Join(db.Units.IgnoreQueryFilters(), g => g.UnitId, u => u.Id, (g, u) => new { Grid = g, u.Name })
            .Join(db.Units.IgnoreQueryFilters(), x => x.Grid.CommunityUnitId, c => c.Id, (x, c) => new { x.Grid, x.Name, CommunityCode = c.Code, CommunityName = c.Name })
            .OrderBy(x => x.Grid.Code)
            .ToListAsync(cancellationToken);

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
}
