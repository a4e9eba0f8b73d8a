using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Points;

/// <summary>The points ledger: unique (case, reason), indexed by informant for the balance.</summary>
internal static class PointsModel
{
    public static void Build(ModelBuilder b, DatabaseProvider provider)
    {
        _ = provider;
        var entry = b.Entity<InformantPointEntry>();
        entry.ToTable("case_informant_points");
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Id).ValueGeneratedNever();
        entry.Property(e => e.Reason).HasMaxLength(30);
        entry.Property(e => e.TrackingCode).HasMaxLength(Intake.TrackingCodes.Length);
        entry.Property(e => e.UnitPath).HasMaxLength(400);
        entry.HasIndex(e => new { e.CaseId, e.Reason }).IsUnique();
        entry.HasIndex(e => e.UserId);
        entry.HasIndex(e => e.UnitPath);
    }
}
