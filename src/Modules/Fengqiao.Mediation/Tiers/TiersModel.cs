using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Mediation.Tiers;

internal static class TiersModel
{
    public static void Build(ModelBuilder b, DatabaseProvider provider)
    {
        var step = b.Entity<TierStep>();
        step.ToTable("mediation_case_tier_steps");
        step.HasKey(s => s.Id);
        step.Property(s => s.UnitPath).HasMaxLength(400);
        step.Property(s => s.FromName).HasMaxLength(Committees.Committee.MaxNameLength);
        step.Property(s => s.ToName).HasMaxLength(Committees.Committee.MaxNameLength);
        step.Property(s => s.Reason).HasMaxLength(TierStep.MaxReasonLength);
        step.Property(s => s.Communities).HasMaxLength(400);
        step.Property(s => s.ByName).HasMaxLength(100);
        step.HasIndex(s => s.CaseId);
        step.HasIndex(s => s.UnitPath);
        step.HasOne<Disputes.MediationCase>().WithMany().HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}
