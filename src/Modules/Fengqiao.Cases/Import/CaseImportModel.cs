using Fengqiao.Cases.Intake;
using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Import;

/// <summary>The import record table: one row per external id, unique, so a re-import never makes a second case.</summary>
internal static class CaseImportModel
{
    public static void Build(ModelBuilder b, DatabaseProvider provider)
    {
        _ = provider;
        var record = b.Entity<CaseImportRecord>();
        record.ToTable("case_import_records");
        record.HasKey(r => r.Id);
        record.Property(r => r.Id).ValueGeneratedNever();
        record.Property(r => r.ExternalId).HasMaxLength(CaseImportRecord.MaxExternalIdLength);
        record.HasIndex(r => r.ExternalId).IsUnique();
        record.Property(r => r.TrackingCode).HasMaxLength(TrackingCodes.Length);
        record.Property(r => r.ImportedBy).HasMaxLength(256);
        record.HasIndex(r => r.CaseId);
    }
}
