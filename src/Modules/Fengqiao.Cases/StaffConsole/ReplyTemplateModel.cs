using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.StaffConsole;

/// <summary>Table of the reply templates (常用回复), read by unit path.</summary>
internal static class ReplyTemplateModel
{
    public static void Build(ModelBuilder b, DatabaseProvider provider)
    {
        var template = b.Entity<ReplyTemplate>();
        template.ToTable("case_reply_templates");
        template.HasKey(t => t.Id);
        template.Property(t => t.Id).ValueGeneratedNever();
        template.Property(t => t.UnitCode).HasMaxLength(20);
        template.Property(t => t.UnitPath).HasMaxLength(400);
        template.Property(t => t.Title).HasMaxLength(ReplyTemplate.MaxTitleLength);
        template.Property(t => t.Text).HasMaxLength(ReplyTemplate.MaxTextLength);
        template.Property(t => t.CreatedBy).HasMaxLength(256);
        template.Property(t => t.Version).IsConcurrencyToken();
        template.HasIndex(t => t.UnitPath);
    }
}
