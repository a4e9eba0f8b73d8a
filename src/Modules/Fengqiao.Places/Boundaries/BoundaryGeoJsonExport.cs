using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Units;
using Fengqiao.Places.Grids;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Fengqiao.Places.Boundaries;

/// <summary>
/// 导出街道/社区边界: the boundaries of one level within the caller's jurisdiction as a GeoJSON FeatureCollection with
/// the properties the import reads (code) and more for people (name, level, parent), in WGS84 or GCJ-02.
/// </summary>
public sealed class BoundaryGeoJsonExport(FengqiaoDbContext db)
{
    public async Task<FeatureCollection> ExportAsync(UnitLevel level, bool gcj02, CancellationToken cancellationToken)
    {
        var rows = await db.Set<UnitBoundary>().AsNoTracking().Where(b => b.Level == level).OrderBy(b => b.Code).ToListAsync(cancellationToken);

        // Names in a query of their own: IgnoreQueryFilters would lift the filter from the boundaries too.
        var ids = rows.Select(r => r.UnitId).ToList();
        var units = await db.Units.IgnoreQueryFilters().AsNoTracking()
            .Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.Name, u.ParentId })
            .ToDictionaryAsync(u => u.Id, cancellationToken);
        var parentIds = units.Values.Select(u => u.ParentId).OfType<Guid>().Distinct().ToList();
        var parents = await db.Units.IgnoreQueryFilters().AsNoTracking()
            .Where(u => parentIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.Code, cancellationToken);

        var collection = new FeatureCollection();
        foreach (var row in rows)
        {
            var unit = units.GetValueOrDefault(row.UnitId);
            Geometry boundary = gcj02 ? ChinaCoordinates.ToGcj02(row.Boundary) : row.Boundary;
            collection.Add(new Feature(boundary, new AttributesTable
            {
                { "code", row.Code },
                { "name", unit?.Name },
                { "level", LevelName(row.Level) },
                { "parent", unit?.ParentId is { } parentId ? parents.GetValueOrDefault(parentId) : null },
            }));
        }

        return collection;
    }

    /// <summary>"community" or "street", as the API and CLI name them.</summary>
    public static string LevelName(UnitLevel level) => level == UnitLevel.Street ? "street" : "community";

    /// <summary>The level an API or CLI argument names (default community), or null when it names neither.</summary>
    public static UnitLevel? ParseLevel(string? text) => (text ?? "community").Trim().ToLowerInvariant() switch
    {
        "community" or "社区" or "village" or "村" => UnitLevel.Community,
        "street" or "街道" or "town" or "乡镇" => UnitLevel.Street,
        _ => null,
    };
}
