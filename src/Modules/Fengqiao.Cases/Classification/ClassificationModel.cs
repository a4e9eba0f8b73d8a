using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Classification;

/// <summary>The classifier's tables: stored models and the labelled examples they are trained from.</summary>
internal sealed class ClassificationModel : IModuleModel
{
    public void Build(ModelBuilder modelBuilder, DatabaseProvider provider)
    {
        var model = modelBuilder.Entity<ClassifierModelRecord>();
        model.ToTable("classifier_models");
        model.HasKey(m => m.Id);
        model.Property(m => m.Id).ValueGeneratedOnAdd();
        model.Property(m => m.CreatedBy).HasMaxLength(100);
        model.Property(m => m.Labels).HasMaxLength(4000);
        model.Property(m => m.Features).HasMaxLength(40);

        var example = modelBuilder.Entity<ClassificationExample>();
        example.ToTable("classification_examples");
        example.HasKey(e => e.Id);
        example.Property(e => e.Title).HasMaxLength(ClassificationExample.MaxTitleLength);
        example.Property(e => e.Text).HasMaxLength(ClassificationExample.MaxTextLength);
        example.Property(e => e.Label).HasMaxLength(ClassificationExample.MaxLabelLength);
        example.Property(e => e.Source).HasConversion<string>().HasMaxLength(20);
        example.Property(e => e.CreatedBy).HasMaxLength(100);
        example.HasIndex(e => e.CreatedAt);
    }
}
