using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Mediation.Systemic;

internal static class SystemicModel
{
    public static void Build(ModelBuilder b, DatabaseProvider provider)
    {
        var issue = b.Entity<SystemicIssue>();
        issue.ToTable("mediation_systemic_issues");
        issue.HasKey(i => i.Id);
        issue.Property(i => i.ClusterKey).HasMaxLength(SystemicIssue.MaxKeyLength);
        issue.Property(i => i.OpenKey).HasMaxLength(SystemicIssue.MaxKeyLength);
        // One unresolved issue per cluster (NULLs, i.e. resolved issues, do not collide).
        issue.HasIndex(i => i.OpenKey).IsUnique();
        issue.HasIndex(i => i.ClusterKey);
        issue.Property(i => i.Title).HasMaxLength(SystemicIssue.MaxTitleLength);
        issue.Property(i => i.Finding).HasMaxLength(SystemicIssue.MaxNoteLength);
        issue.Property(i => i.OrganisationName).HasMaxLength(Disputes.DisputeParty.MaxNameLength);
        issue.Property(i => i.Address).HasMaxLength(Disputes.MediationCase.MaxAddressLength);
        issue.Property(i => i.UnitPath).HasMaxLength(400);
        issue.Property(i => i.UnitCode).HasMaxLength(20);
        issue.Property(i => i.UnitName).HasMaxLength(100);
        issue.Property(i => i.ResolutionNote).HasMaxLength(SystemicIssue.MaxNoteLength);
        issue.Property(i => i.Version).IsConcurrencyToken();
        issue.HasIndex(i => i.UnitPath);
        issue.HasIndex(i => new { i.Status, i.RaisedAt });
        issue.HasMany(i => i.Cases).WithOne().HasForeignKey(c => c.IssueId).OnDelete(DeleteBehavior.Cascade);
        issue.Navigation(i => i.Cases).UsePropertyAccessMode(PropertyAccessMode.Field);
        issue.HasMany(i => i.Entries).WithOne().HasForeignKey(e => e.IssueId).OnDelete(DeleteBehavior.Cascade);
        issue.Navigation(i => i.Entries).UsePropertyAccessMode(PropertyAccessMode.Field);

        var link = b.Entity<SystemicIssueCase>();
        link.ToTable("mediation_systemic_issue_cases");
        link.HasKey(c => c.Id);
        link.Property(c => c.UnitPath).HasMaxLength(400);
        link.Property(c => c.CaseNumber).HasMaxLength(20);
        link.HasIndex(c => new { c.IssueId, c.CaseId }).IsUnique();
        link.HasIndex(c => c.CaseId);
        link.HasIndex(c => c.UnitPath);

        var entry = b.Entity<SystemicIssueEntry>();
        entry.ToTable("mediation_systemic_issue_entries");
        entry.HasKey(e => e.Id);
        entry.Property(e => e.UnitPath).HasMaxLength(400);
        entry.Property(e => e.Note).HasMaxLength(SystemicIssue.MaxNoteLength);
        entry.Property(e => e.ActorName).HasMaxLength(100);
        entry.HasIndex(e => e.IssueId);
        entry.HasIndex(e => e.UnitPath);
    }
}
