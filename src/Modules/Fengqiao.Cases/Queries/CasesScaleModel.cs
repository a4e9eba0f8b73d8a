using Fengqiao.Cases.Domain;
using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Queries;

/// <summary>
/// Indexes for the staff queues and indicators over a million cases (issue 4, "Speed"; bench/scale.sh,
/// docs/benchmarks.md). Every staff query is bounded by the jurisdiction filter, a prefix match on the unit path, and
/// ordered or ranged by the report instant, so (UnitPath, ReportedAt) serves the first queue page and the indicator
/// cohort; a holder's own queue (我的待办) is (HolderUnitCode, Status) ordered by the stage deadline. PostgreSQL uses a
/// B-tree for a prefix LIKE only with the C collation or <c>text_pattern_ops</c>, hence the operator class.
/// </summary>
internal static class CasesScaleModel
{
    public static void Build(ModelBuilder b, DatabaseProvider provider)
    {
        var item = b.Entity<Case>();
        var byUnit = item.HasIndex(c => new { c.UnitPath, c.ReportedAt }).HasDatabaseName("IX_cases_UnitPath_ReportedAt");
        item.HasIndex(c => new { c.HolderUnitCode, c.Status, c.StageDueAt }).HasDatabaseName("IX_cases_HolderUnitCode_Status_StageDueAt");

        // The first page of 我的待办 and 已超期, ordered by the stage deadline (CaseQueries.ByDeadline): partial indexes
        // over the open cases only, in deadline order, so the planner reads the first 20 entries instead of fetching every
        // open case of a street and sorting (12,333 rows, 0.2–0.4 s at 1 M; bench/scale-filter-plans.sh). Their
        // predicates are the queues' own conditions, as EF writes them, so the planner can prove the index applies.
        item.HasIndex(c => new { c.HolderUnitCode, c.StageDueAt }).HasDatabaseName("IX_cases_Open_HolderUnitCode_StageDueAt")
            .HasFilter($"\"Status\" IN ({(int)CaseStatus.Dispatched}, {(int)CaseStatus.InProgress}, {(int)CaseStatus.Suspended})");
        item.HasIndex(c => c.StageDueAt).HasDatabaseName("IX_cases_Open_StageDueAt")
            .HasFilter($"\"Stage\" <> {(int)CaseStage.None}");
        if (provider == DatabaseProvider.PostgreSql)
        {
            byUnit.HasOperators("text_pattern_ops", "timestamptz_ops");
        }
        else
        {
            // SQLite serves a prefix LIKE from an index only when the index's collation matches LIKE's case rule: NOCASE for
            // the default (case-insensitive) LIKE, BINARY under PRAGMA case_sensitive_like. The pragma would change every
            // LIKE of every connection (names, addresses) and is deprecated; a unit path holds only digits and '/', so a
            // NOCASE column compares, sorts and matches exactly as BINARY does for every value it can hold.
            item.Property(c => c.UnitPath).UseCollation("NOCASE");
        }
    }
}
