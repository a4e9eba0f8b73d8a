using Fengqiao.Kernel.Data;
using Fengqiao.Places.Grids;
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

        BuildOrganisations(modelBuilder);
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
