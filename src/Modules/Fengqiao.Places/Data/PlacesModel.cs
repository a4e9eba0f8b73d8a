using Fengqiao.Kernel.Data;
using Fengqiao.Places.Boundaries;
using Fengqiao.Places.Grids;
using Fengqiao.Places.Spatial;
using Fengqiao.Places.People;
using Fengqiao.Places.Organisations;
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

        var boundary = modelBuilder.Entity<UnitBoundary>();
        boundary.ToTable("unit_boundaries");
        boundary.HasKey(b => b.UnitId);
        boundary.Property(b => b.UnitId).ValueGeneratedNever();
        boundary.Property(b => b.Code).HasMaxLength(20);
        boundary.HasIndex(b => b.Code).IsUnique();
        boundary.Property(b => b.UnitPath).HasMaxLength(400);
        boundary.HasIndex(b => b.UnitPath);
        boundary.Property(b => b.Version).IsConcurrencyToken();
        if (provider == DatabaseProvider.PostgreSql)
        {
            boundary.Property(b => b.Boundary).HasColumnType("geometry(MultiPolygon,4326)");
            boundary.HasIndex(b => b.Boundary).HasMethod("gist");
        }
        else
        {
            boundary.Property(b => b.Boundary).HasConversion(WellKnownBinary, GeometryComparer);
        }

        // One row, raised after every grid change; web nodes rebuild their point-location index when it moves (ADR 0009).
        var generation = modelBuilder.Entity<GridGeneration>();
        generation.ToTable("places_grid_generation");
        generation.HasKey(g => g.Id);
        generation.Property(g => g.Id).ValueGeneratedNever();
        generation.HasData(new { Id = GridGeneration.SingletonId, Value = 0L });
        BuildPeople(modelBuilder);
        BuildOrganisations(modelBuilder);
    }

    private static void BuildPeople(ModelBuilder modelBuilder)
    {
        var building = modelBuilder.Entity<Building>();
        building.ToTable("buildings");
        building.HasKey(b => b.Id);
        building.Ignore(b => b.Address);
        building.Property(b => b.GridCode).HasMaxLength(20);
        building.Property(b => b.UnitPath).HasMaxLength(400);
        building.Property(b => b.Street).HasMaxLength(100);
        building.Property(b => b.Number).HasMaxLength(20);
        building.HasIndex(b => b.GridId);
        building.HasIndex(b => b.UnitPath);

        var household = modelBuilder.Entity<Household>();
        household.ToTable("households");
        household.HasKey(h => h.Id);
        household.Property(h => h.UnitPath).HasMaxLength(400);
        household.Property(h => h.Room).HasMaxLength(30);
        household.HasIndex(h => h.BuildingId);
        household.HasIndex(h => h.UnitPath);

        var resident = modelBuilder.Entity<Resident>();
        resident.ToTable("residents");
        resident.HasKey(r => r.Id);
        resident.Ignore(r => r.Tags);
        resident.Property(r => r.UnitPath).HasMaxLength(400);
        resident.Property(r => r.Name).HasMaxLength(50);
        resident.Property(r => r.IdentityNumber).HasMaxLength(200);
        resident.Property(r => r.IdentityNumberIndex).HasMaxLength(64);
        resident.Property(r => r.IdentityNumberMasked).HasMaxLength(18);
        resident.Property(r => r.Phone).HasMaxLength(200);
        resident.Property(r => r.PhoneIndex).HasMaxLength(64);
        resident.Property(r => r.PhoneMasked).HasMaxLength(20);
        resident.Property(r => r.RegisteredResidence).HasMaxLength(100);
        resident.Property(r => r.SpecialGroups).HasMaxLength(400);
        resident.Property(r => r.Version).IsConcurrencyToken();
        // Unique per installation; erased residents have no index (NULLs do not collide on either database).
        resident.HasIndex(r => r.IdentityNumberIndex).IsUnique();
        resident.HasIndex(r => r.PhoneIndex);
        resident.HasIndex(r => r.HouseholdId);
        resident.HasIndex(r => r.UnitPath);
        resident.HasIndex(r => r.Name);
        resident.HasIndex(r => r.UserId);
    }

    private static void BuildOrganisations(ModelBuilder modelBuilder)
    {
        var organisation = modelBuilder.Entity<Organisation>();
        organisation.ToTable("organisations");
        organisation.HasKey(o => o.Id);
        organisation.Property(o => o.Name).HasMaxLength(Organisation.MaxNameLength);
        organisation.Property(o => o.CreditCode).HasMaxLength(UnifiedSocialCreditCode.Length);
        organisation.HasIndex(o => o.CreditCode).IsUnique();
        organisation.Property(o => o.UnitCode).HasMaxLength(20);
        organisation.Property(o => o.UnitPath).HasMaxLength(400);
        organisation.HasIndex(o => o.UnitPath);
        organisation.HasIndex(o => new { o.UnitId, o.Kind });
        // 政社分离 enforced by the database: one committee and one workstation per community, whatever races (NULLs do not collide).
        organisation.HasIndex(o => new { o.UnitId, o.RoleSlot }).IsUnique();
        organisation.HasIndex(o => o.ParentId);
        organisation.Property(o => o.Address).HasMaxLength(Organisation.MaxAddressLength);
        organisation.HasMany(o => o.Members).WithOne().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        organisation.Navigation(o => o.Members).UsePropertyAccessMode(PropertyAccessMode.Field);

        var member = modelBuilder.Entity<OrganisationMember>();
        member.ToTable("organisation_members");
        member.HasKey(m => m.Id);
        member.Property(m => m.Name).HasMaxLength(50);
        member.Property(m => m.Role).HasMaxLength(OrganisationMember.MaxRoleLength);
        member.Property(m => m.UnitPath).HasMaxLength(400);
        member.HasIndex(m => m.UnitPath);
        member.Property(m => m.PhoneCipher).HasMaxLength(200);
        member.Property(m => m.PhoneIndex).HasMaxLength(64);
        member.HasIndex(m => m.PhoneIndex);
        member.HasIndex(m => m.ResidentId);
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
