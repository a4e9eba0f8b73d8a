using Fengqiao.Kernel.Data;
using Fengqiao.Places.Grids;
using Fengqiao.Places.Spatial;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Fengqiao.Places.Data;

/// <summary>
/// The Places module's tables. Boundaries are PostGIS geometry on PostgreSQL (spatial SQL, gist index) and
/// well-known binary on SQLite, where point location is served by the in-memory index only.
/// </summary>
internal sealed class PlacesModel : IModuleModel
{
    public void Build(ModelBuilder modelBuilder, DatabaseProvider provider)
    {
        var grid = modelBuilder.Entity<Grid>();
        grid.ToTable("grids");
        grid.HasKey(g => g.Id);
        grid.Ignore(g => g.DomainEvents);
        grid.Property(g => g.Code).HasMaxLength(20);
        grid.HasIndex(g => g.Code).IsUnique();
        grid.HasIndex(g => g.UnitId).IsUnique();
        grid.Property(g => g.UnitPath).HasMaxLength(400);
        grid.HasIndex(g => g.UnitPath);
        grid.HasIndex(g => g.CommunityUnitId);
        grid.Property(g => g.Purpose).HasMaxLength(50);
        grid.Property(g => g.Version).IsConcurrencyToken();
        if (provider == DatabaseProvider.PostgreSql)
        {
            grid.Property(g => g.Boundary).HasColumnType("geometry(MultiPolygon,4326)");
            grid.HasIndex(g => g.Boundary).HasMethod("gist");
        }
        else
        {
            grid.Property(g => g.Boundary).HasConversion(WellKnownBinary, GeometryComparer);
        }

        // One row, raised after every grid change; web nodes rebuild their point-location index when it moves (ADR 0009).
        var generation = modelBuilder.Entity<GridGeneration>();
        generation.ToTable("places_grid_generation");
        generation.HasKey(g => g.Id);
        generation.Property(g => g.Id).ValueGeneratedNever();
        generation.HasData(new { Id = GridGeneration.SingletonId, Value = 0L });
    }

    /// <summary>A geometry is a value, not a collection of its parts, for change tracking.</summary>
    private static readonly ValueComparer<MultiPolygon> GeometryComparer = new(
        (left, right) => left == null ? right == null : right != null && left.EqualsExact(right),
        geometry => geometry.GetHashCode(),
        geometry => (MultiPolygon)geometry.Copy());

    private static readonly ValueConverter<MultiPolygon, byte[]> WellKnownBinary = new(
        geometry => new WKBWriter(ByteOrder.LittleEndian, handleSRID: true).Write(geometry),
        bytes => (MultiPolygon)new WKBReader(NtsGeometryServices.Instance).Read(bytes));
}
