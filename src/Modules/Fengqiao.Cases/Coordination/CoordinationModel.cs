using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Coordination;

/// <summary>Involved units of cases: one row per (case, unit); the path is indexed for the jurisdiction filter.</summary>
internal static class CoordinationModel
{
    public static void Build(ModelBuilder b, DatabaseProvider provider)
    {
        _ = provider;
        var involved = b.Entity<CaseInvolvedUnit>();
        involved.ToTable("case_involved_units");
        involved.HasKey(i => i.Id);
        involved.Property(i => i.Id).ValueGeneratedNever();
        involved.Property(i => i.UnitCode).HasMaxLength(20);
        involved.Property(i => i.UnitPath).HasMaxLength(400);
        involved.Property(i => i.UnitName).HasMaxLength(100);
        involved.Property(i => i.Reason).HasMaxLength(CaseInvolvedUnit.MaxReasonLength);
        involved.Property(i => i.AddedBy).HasMaxLength(256);
        involved.HasIndex(i => new { i.CaseId, i.UnitCode }).IsUnique();
        involved.HasIndex(i => i.UnitPath);
        involved.HasOne<Domain.Case>().WithMany().HasForeignKey(i => i.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}
