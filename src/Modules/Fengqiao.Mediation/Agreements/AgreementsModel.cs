using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Mediation.Agreements;

internal static class AgreementsModel
{
    public static void Build(ModelBuilder b, DatabaseProvider provider)
    {
        var agreement = b.Entity<MediationAgreement>();
        agreement.ToTable("mediation_agreements");
        agreement.HasKey(a => a.Id);
        agreement.Property(a => a.UnitPath).HasMaxLength(400);
        agreement.Property(a => a.CaseNumber).HasMaxLength(20);
        agreement.Property(a => a.CommitteeName).HasMaxLength(Committees.Committee.MaxNameLength);
        agreement.Property(a => a.Number).HasMaxLength(30);
        agreement.HasIndex(a => a.Number).IsUnique();
        agreement.Property(a => a.Facts).HasMaxLength(MediationAgreement.MaxTextLength);
        agreement.Property(a => a.DisputedMatters).HasMaxLength(MediationAgreement.MaxTextLength);
        agreement.Property(a => a.Responsibilities).HasMaxLength(MediationAgreement.MaxTextLength);
        agreement.Property(a => a.ConfirmationCourt).HasMaxLength(MediationAgreement.MaxCourtLength);
        agreement.Property(a => a.Version).IsConcurrencyToken();
        agreement.Ignore(a => a.ConfirmationWindowClosesOn);
        agreement.HasIndex(a => new { a.CaseId, a.Sequence }).IsUnique();
        agreement.HasIndex(a => a.UnitPath);
        // The reminder sweep reads agreements in effect by their effective day.
        agreement.HasIndex(a => new { a.Status, a.EffectiveOn });
        agreement.HasMany(a => a.Obligations).WithOne().HasForeignKey(o => o.AgreementId).OnDelete(DeleteBehavior.Cascade);
        agreement.Navigation(a => a.Obligations).UsePropertyAccessMode(PropertyAccessMode.Field);
        agreement.HasMany(a => a.Signatures).WithOne().HasForeignKey(s => s.AgreementId).OnDelete(DeleteBehavior.Cascade);
        agreement.Navigation(a => a.Signatures).UsePropertyAccessMode(PropertyAccessMode.Field);

        var obligation = b.Entity<AgreementObligation>();
        obligation.ToTable("mediation_agreement_obligations");
        obligation.HasKey(o => o.Id);
        obligation.Property(o => o.UnitPath).HasMaxLength(400);
        obligation.Property(o => o.Content).HasMaxLength(AgreementObligation.MaxContentLength);
        obligation.Property(o => o.Manner).HasMaxLength(AgreementObligation.MaxMannerLength);
        obligation.Property(o => o.Note).HasMaxLength(AgreementObligation.MaxNoteLength);
        obligation.Property(o => o.Amount).HasPrecision(14, 2);
        obligation.HasIndex(o => o.UnitPath);
        obligation.HasIndex(o => new { o.State, o.DueOn });

        var signature = b.Entity<AgreementSignature>();
        signature.ToTable("mediation_agreement_signatures");
        signature.HasKey(s => s.Id);
        signature.Property(s => s.UnitPath).HasMaxLength(400);
        signature.Property(s => s.Name).HasMaxLength(100);
        signature.HasIndex(s => s.AgreementId);
        signature.HasIndex(s => s.UnitPath);
    }
}
