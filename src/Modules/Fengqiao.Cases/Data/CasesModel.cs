using System.Text.Json;
using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Intake;
using Fengqiao.Cases.Open311;
using Fengqiao.Cases.Routing;
using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Fengqiao.Cases.Data;

/// <summary>
/// The events module's tables. Queues and indicators filter cases by status, holder, stage deadline and unit path, so
/// those columns are indexed; the timeline and tier path are separate tables keyed by case.
/// </summary>
internal sealed class CasesModel : IModuleModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Build(ModelBuilder modelBuilder, DatabaseProvider provider)
    {
        var category = modelBuilder.Entity<Category>();
        category.ToTable("case_categories");
        category.HasKey(c => c.Id);
        category.Property(c => c.Code).HasMaxLength(Category.MaxCodeLength);
        category.HasIndex(c => c.Code).IsUnique();
        category.Property(c => c.ParentCode).HasMaxLength(Category.MaxCodeLength);
        category.Property(c => c.Name).HasMaxLength(Category.MaxNameLength);
        category.Property(c => c.Version).IsConcurrencyToken();

        var version = modelBuilder.Entity<CategoryVersion>();
        version.ToTable("case_category_versions");
        version.HasKey(v => v.Id);
        version.HasIndex(v => new { v.CategoryId, v.Number }).IsUnique();
        version.Property(v => v.CategoryCode).HasMaxLength(Category.MaxCodeLength);
        version.Property(v => v.Name).HasMaxLength(Category.MaxNameLength);
        version.Property(v => v.FilingCondition).HasMaxLength(CategoryVersion.MaxConditionLength);
        version.Property(v => v.ClosingCondition).HasMaxLength(CategoryVersion.MaxConditionLength);
        version.Ignore(v => v.DisposalLimit);
        version.Property(v => v.ResponsibleDepartmentCode).HasMaxLength(20);
        version.Property(v => v.ChangeNote).HasMaxLength(200);
        version.Property(v => v.CreatedBy).HasMaxLength(256);
        version.Ignore(v => v.Rules);
        version.Property(v => v.Questions).HasConversion(
            questions => JsonSerializer.Serialize(questions, Json),
            json => JsonSerializer.Deserialize<List<CategoryQuestion>>(json, Json) ?? new List<CategoryQuestion>(),
            new ValueComparer<List<CategoryQuestion>>(
                (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
                list => JsonSerializer.Serialize(list, Json).GetHashCode(StringComparison.Ordinal),
                list => list.ToList()));

        var rule = modelBuilder.Entity<RoutingRule>();
        rule.ToTable("case_routing_rules");
        rule.HasKey(r => r.Id);
        rule.Property(r => r.CategoryCode).HasMaxLength(Category.MaxCodeLength);
        rule.Property(r => r.UnitCode).HasMaxLength(20);
        rule.Property(r => r.UnitPath).HasMaxLength(400);
        rule.Property(r => r.DepartmentCode).HasMaxLength(20);
        rule.Property(r => r.Note).HasMaxLength(RoutingRule.MaxNoteLength);
        rule.Property(r => r.CreatedBy).HasMaxLength(256);

        var item = modelBuilder.Entity<Case>();
        item.ToTable("cases");
        item.HasKey(c => c.Id);
        item.Ignore(c => c.DomainEvents);
        item.Ignore(c => c.NeedsTriage);
        item.Property(c => c.TrackingCode).HasMaxLength(TrackingCodes.Length);
        item.HasIndex(c => c.TrackingCode).IsUnique();
        item.Property(c => c.Title).HasMaxLength(Case.MaxTitleLength);
        item.Property(c => c.Description).HasMaxLength(Case.MaxDescriptionLength + 200);
        item.Property(c => c.PublicDescription).HasMaxLength(Case.MaxDescriptionLength + 200);
        item.Property(c => c.Address).HasMaxLength(Case.MaxAddressLength);
        item.Property(c => c.UnitPath).HasMaxLength(400);
        item.Property(c => c.GridCode).HasMaxLength(20);
        item.Property(c => c.CommunityCode).HasMaxLength(20);
        item.Property(c => c.ReporterNameCipher).HasMaxLength(400);
        item.Property(c => c.ReporterPhoneCipher).HasMaxLength(400);
        item.Property(c => c.AnswersJson).HasMaxLength(30_000);
        item.Property(c => c.SuggestedLabel).HasMaxLength(100);
        item.Property(c => c.SuggestedCategoryCode).HasMaxLength(Category.MaxCodeLength);
        item.Property(c => c.TriageReasons).HasMaxLength(200);
        item.Property(c => c.CategoryCode).HasMaxLength(Category.MaxCodeLength);
        item.Ignore(c => c.DisposalLimit);
        item.Ignore(c => c.PendingExtension);
        item.Property(c => c.HolderUnitCode).HasMaxLength(20);
        item.Property(c => c.AssignedDepartmentCode).HasMaxLength(20);
        item.Property(c => c.CoordinatorUnitCode).HasMaxLength(20);
        item.Property(c => c.PendingApprovalReason).HasMaxLength(CaseAction.MaxNoteLength);
        item.Property(c => c.ResolvedUnitCode).HasMaxLength(20);
        item.Property(c => c.RatingComment).HasMaxLength(1000);
        item.Property(c => c.Version).IsConcurrencyToken();
        if (provider == DatabaseProvider.PostgreSql)
        {
            // On SQLite (UnitPath, ReportedAt) serves every look-up by unit path (same collation, CasesScaleModel); on
            // PostgreSQL that index has the pattern operator class, which serves prefix LIKE and equality but not the
            // ordinary comparisons and ordering of the column's collation.
            item.HasIndex(c => c.UnitPath);
        }

        item.HasIndex(c => new { c.Status, c.HolderUnitCode });
        item.HasIndex(c => new { c.Stage, c.StageDueSoonAt });
        item.HasIndex(c => new { c.Stage, c.StageDueAt });
        item.HasIndex(c => new { c.Latitude, c.Longitude });
        // What changed since an instant: each node's duplicate index reads it back every second (RecentCaseIndex).
        item.HasIndex(c => c.UpdatedAt);
        // Over the cases with a reporter account only: most reports have none (anonymous, hotline, API), and each of
        // them would otherwise add an entry to this index, one more write per report at intake (docs/benchmarks.md).
        item.HasIndex(c => c.ReporterUserId).HasFilter("\"ReporterUserId\" IS NOT NULL");
        item.HasMany(c => c.Actions).WithOne().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Cascade);
        item.HasMany(c => c.TierSteps).WithOne().HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Cascade);
        item.Navigation(c => c.Actions).AutoInclude(false);

        var action = modelBuilder.Entity<CaseAction>();
        action.ToTable("case_actions");
        action.HasKey(a => a.Id);

        // Ids are made by the entity (version 7 GUIDs); steps append entries to unloaded collections, which EF must insert.
        action.Property(a => a.Id).ValueGeneratedNever();
        action.HasIndex(a => new { a.CaseId, a.Sequence }).IsUnique();
        action.Property(a => a.Kind).HasMaxLength(30);
        action.Property(a => a.ActorName).HasMaxLength(256);
        action.Property(a => a.ActorRole).HasMaxLength(30);
        action.Property(a => a.ActorUnitCode).HasMaxLength(20);
        action.Property(a => a.Note).HasMaxLength(CaseAction.MaxNoteLength + 200);
        action.Property(a => a.PublicNote).HasMaxLength(CaseAction.MaxNoteLength + 200);
        action.Ignore(a => a.IsPublic);

        var step = modelBuilder.Entity<CaseTierStep>();
        step.ToTable("case_tier_steps");
        step.HasKey(s => s.Id);
        step.Property(s => s.Id).ValueGeneratedNever();
        step.HasIndex(s => new { s.CaseId, s.Sequence }).IsUnique();
        step.Property(s => s.UnitCode).HasMaxLength(20);
        step.Property(s => s.DepartmentCode).HasMaxLength(20);
        step.Property(s => s.How).HasMaxLength(30);
        step.Property(s => s.Reason).HasMaxLength(CaseAction.MaxNoteLength);

        var idempotency = modelBuilder.Entity<IdempotencyRecord>();
        idempotency.ToTable("case_idempotency_keys");
        idempotency.HasKey(r => r.Id);
        idempotency.Property(r => r.Caller).HasMaxLength(100);
        idempotency.Property(r => r.Key).HasMaxLength(IdempotencyRecord.MaxKeyLength);
        idempotency.Property(r => r.RequestHash).HasMaxLength(64);
        idempotency.Property(r => r.TrackingCode).HasMaxLength(TrackingCodes.Length);
        idempotency.HasIndex(r => new { r.Caller, r.Key }).IsUnique();

        var client = modelBuilder.Entity<ApiClient>();
        client.ToTable("case_api_clients");
        client.HasKey(c => c.Id);
        client.Property(c => c.Name).HasMaxLength(ApiClient.MaxNameLength);
        client.Property(c => c.DefaultUnitCode).HasMaxLength(20);
        client.Property(c => c.KeyPrefix).HasMaxLength(ApiClient.PrefixLength);
        client.Property(c => c.KeyHash).HasMaxLength(64);
        client.Property(c => c.CreatedBy).HasMaxLength(256);
        client.HasIndex(c => c.KeyPrefix);

        var submission = modelBuilder.Entity<Open311Submission>();
        submission.ToTable("case_open311_submissions");
        submission.HasKey(s => s.CaseId);
        submission.Property(s => s.CaseId).ValueGeneratedNever();
        submission.Property(s => s.MediaUrl).HasMaxLength(Open311Submission.MaxMediaUrlLength);
        submission.HasOne<ApiClient>().WithMany().HasForeignKey(s => s.ApiClientId).OnDelete(DeleteBehavior.Restrict);
        submission.HasIndex(s => s.ApiClientId);
        Import.CaseImportModel.Build(modelBuilder, provider); Coordination.CoordinationModel.Build(modelBuilder, provider); Points.PointsModel.Build(modelBuilder, provider);
        StaffConsole.ReplyTemplateModel.Build(modelBuilder, provider);
        Photos.PhotosModel.Build(modelBuilder, provider);
        Queries.CasesScaleModel.Build(modelBuilder, provider);
        Indicators.Rollups.IndicatorRollupsModel.Build(modelBuilder, provider);
        Indicators.StageWorkingTimeModel.Build(modelBuilder);
    }
}
