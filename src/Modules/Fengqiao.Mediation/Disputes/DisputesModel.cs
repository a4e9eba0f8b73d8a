using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Mediation.Disputes;

internal static class DisputesModel
{
    public static void Build(ModelBuilder b, DatabaseProvider provider)
    {
        var dispute = b.Entity<MediationCase>();
        dispute.ToTable("mediation_cases");
        dispute.HasKey(c => c.Id);
        dispute.Ignore(c => c.DomainEvents);
        dispute.Property(c => c.Number).HasMaxLength(20);
        dispute.HasIndex(c => c.Number).IsUnique();
        dispute.Property(c => c.CommitteeName).HasMaxLength(Committees.Committee.MaxNameLength);
        dispute.Property(c => c.UnitPath).HasMaxLength(400);
        dispute.Property(c => c.UnitCode).HasMaxLength(20);
        dispute.Property(c => c.SourceReference).HasMaxLength(MediationCase.MaxReferenceLength);
        // An escalated event becomes one case however often its message is delivered (NULLs do not collide).
        dispute.HasIndex(c => c.SourceEventId).IsUnique();
        dispute.Property(c => c.Title).HasMaxLength(MediationCase.MaxTitleLength);
        dispute.Property(c => c.Facts).HasMaxLength(MediationCase.MaxTextLength);
        dispute.Property(c => c.Claims).HasMaxLength(MediationCase.MaxTextLength);
        dispute.Property(c => c.Amount).HasPrecision(14, 2);
        dispute.Property(c => c.Address).HasMaxLength(MediationCase.MaxAddressLength);
        dispute.Property(c => c.GridCode).HasMaxLength(20);
        dispute.Property(c => c.CommunityCode).HasMaxLength(20);
        dispute.Property(c => c.RiskReasons).HasMaxLength(2000);
        dispute.Property(c => c.ExtensionReason).HasMaxLength(200);
        dispute.Property(c => c.Version).IsConcurrencyToken();
        dispute.HasIndex(c => c.UnitPath);
        dispute.HasIndex(c => c.CommitteeId);
        dispute.HasIndex(c => c.Address);
        dispute.HasIndex(c => new { c.Status, c.RiskLevel });
        // Statistics count cases closed in a period per unit.
        dispute.HasIndex(c => new { c.ClosedOn, c.Status });
        dispute.HasMany(c => c.Parties).WithOne().HasForeignKey(p => p.CaseId).OnDelete(DeleteBehavior.Cascade);
        dispute.Navigation(c => c.Parties).UsePropertyAccessMode(PropertyAccessMode.Field);
        dispute.HasMany(c => c.Mediators).WithOne().HasForeignKey(m => m.CaseId).OnDelete(DeleteBehavior.Cascade);
        dispute.Navigation(c => c.Mediators).UsePropertyAccessMode(PropertyAccessMode.Field);

        var party = b.Entity<DisputeParty>();
        party.ToTable("mediation_parties");
        party.HasKey(p => p.Id);
        party.Property(p => p.UnitPath).HasMaxLength(400);
        party.Property(p => p.OrganisationName).HasMaxLength(DisputeParty.MaxNameLength);
        party.Property(p => p.NameCipher).HasMaxLength(400);
        party.Property(p => p.NameMasked).HasMaxLength(DisputeParty.MaxNameLength);
        party.Property(p => p.NameIndex).HasMaxLength(64);
        party.Property(p => p.IdentityNumberCipher).HasMaxLength(200);
        party.Property(p => p.IdentityNumberMasked).HasMaxLength(18);
        party.Property(p => p.IdentityNumberIndex).HasMaxLength(64);
        party.Property(p => p.PhoneCipher).HasMaxLength(200);
        party.Property(p => p.PhoneMasked).HasMaxLength(20);
        party.Property(p => p.PhoneIndex).HasMaxLength(64);
        party.Property(p => p.Vulnerability).HasMaxLength(100);
        party.HasIndex(p => p.UnitPath);
        party.HasIndex(p => p.NameIndex);
        party.HasIndex(p => p.IdentityNumberIndex);
        party.HasIndex(p => p.PhoneIndex);

        var mediator = b.Entity<CaseMediator>();
        mediator.ToTable("mediation_case_mediators");
        mediator.HasKey(m => m.Id);
        mediator.Property(m => m.UnitPath).HasMaxLength(400);
        mediator.Property(m => m.Name).HasMaxLength(Committees.CommitteeMember.MaxNameLength);
        mediator.HasIndex(m => new { m.CaseId, m.UserId }).IsUnique();
        mediator.HasIndex(m => m.UserId);
        mediator.HasIndex(m => m.UnitPath);
    }
}
