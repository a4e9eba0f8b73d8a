using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Photos;

/// <summary>The photos table: bytes in the row (ADR 0012); lists project the small columns only.</summary>
internal static class PhotosModel
{
    public static void Build(ModelBuilder b, DatabaseProvider provider)
    {
        var photo = b.Entity<CasePhoto>();
        photo.ToTable("case_photos");
        photo.HasKey(p => p.Id);
        photo.Property(p => p.Id).ValueGeneratedNever();
        photo.Property(p => p.OwnerKey).HasMaxLength(CasePhoto.MaxOwnerLength);
        photo.Property(p => p.UploaderName).HasMaxLength(256);
        photo.Property(p => p.ContentType).HasMaxLength(50);
        photo.Property(p => p.OriginalFormat).HasMaxLength(10);
        photo.Property(p => p.Sha256).HasMaxLength(64);
        photo.Ignore(p => p.IsPending);
        photo.HasOne<Domain.Case>().WithMany().HasForeignKey(p => p.CaseId).OnDelete(DeleteBehavior.Cascade);
        photo.HasIndex(p => new { p.CaseId, p.ActionSequence, p.Position });
        photo.HasIndex(p => p.ExpiresAt);
    }
}
