using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Mediation.FollowUps;

internal static class FollowUpsModel
{
    public static void Build(ModelBuilder b, DatabaseProvider provider)
    {
        var followUp = b.Entity<FollowUp>();
        followUp.ToTable("mediation_follow_ups");
        followUp.HasKey(f => f.Id);
        followUp.Property(f => f.UnitPath).HasMaxLength(400);
        followUp.Property(f => f.CaseNumber).HasMaxLength(20);
        followUp.Property(f => f.PlanKey).HasMaxLength(60);
        // An automatic plan is made once per closing however many sweeps run (NULLs of manual visits do not collide).
        followUp.HasIndex(f => f.PlanKey).IsUnique();
        followUp.Property(f => f.AssigneeName).HasMaxLength(Committees.CommitteeMember.MaxNameLength);
        followUp.Property(f => f.VisitedByName).HasMaxLength(100);
        followUp.Property(f => f.Notes).HasMaxLength(FollowUp.MaxNotesLength);
        followUp.Property(f => f.Version).IsConcurrencyToken();
        followUp.HasIndex(f => f.CaseId);
        followUp.HasIndex(f => f.NewCaseId);
        followUp.HasIndex(f => f.UnitPath);
        followUp.HasIndex(f => new { f.Status, f.DueOn });
        followUp.HasOne<Disputes.MediationCase>().WithMany().HasForeignKey(f => f.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}
