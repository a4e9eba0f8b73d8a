using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Mediation.Committees;

internal static class CommitteesModel
{
    public static void Build(ModelBuilder b, DatabaseProvider provider)
    {
        var committee = b.Entity<Committee>();
        committee.ToTable("mediation_committees");
        committee.HasKey(c => c.Id);
        committee.Ignore(c => c.IsConstituted);
        committee.Ignore(c => c.Tier);
        committee.Property(c => c.Name).HasMaxLength(Committee.MaxNameLength);
        committee.Property(c => c.UnitCode).HasMaxLength(20);
        committee.Property(c => c.UnitPath).HasMaxLength(400);
        committee.Property(c => c.Address).HasMaxLength(Committee.MaxAddressLength);
        committee.Property(c => c.Phone).HasMaxLength(20);
        committee.Property(c => c.Version).IsConcurrencyToken();
        committee.HasIndex(c => c.UnitPath);
        committee.HasIndex(c => new { c.UnitId, c.Name }).IsUnique();
        committee.HasMany(c => c.Members).WithOne().HasForeignKey(m => m.CommitteeId).OnDelete(DeleteBehavior.Cascade);
        committee.Navigation(c => c.Members).UsePropertyAccessMode(PropertyAccessMode.Field);
        committee.HasMany(c => c.Windows).WithOne().HasForeignKey(w => w.CommitteeId).OnDelete(DeleteBehavior.Cascade);
        committee.Navigation(c => c.Windows).UsePropertyAccessMode(PropertyAccessMode.Field);

        var member = b.Entity<CommitteeMember>();
        member.ToTable("mediation_committee_members");
        member.HasKey(m => m.Id);
        member.Ignore(m => m.ExpertiseList);
        member.Property(m => m.UnitPath).HasMaxLength(400);
        member.Property(m => m.Name).HasMaxLength(CommitteeMember.MaxNameLength);
        member.Property(m => m.Expertise).HasMaxLength(400);
        member.Property(m => m.CertificateNumber).HasMaxLength(CommitteeMember.MaxCertificateLength);
        member.HasIndex(m => m.UnitPath);
        member.HasIndex(m => m.UserId);

        var window = b.Entity<CentreWindow>();
        window.ToTable("mediation_centre_windows");
        window.HasKey(w => w.Id);
        window.Property(w => w.UnitPath).HasMaxLength(400);
        window.Property(w => w.Name).HasMaxLength(CentreWindow.MaxNameLength);
        window.Property(w => w.Agency).HasMaxLength(CentreWindow.MaxAgencyLength);
        window.HasIndex(w => new { w.CommitteeId, w.Name }).IsUnique();
        window.HasIndex(w => w.UnitPath);
    }
}
