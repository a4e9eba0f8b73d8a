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

        // A street's jurisdiction holds most of its county's cases: SQLite, which cannot size a unit-path range, is told so
        // for a street officer's (and broader) case queries and stops sorting a street's million rows for a 20-row page
        // (ADR 0021, SqlitePlannerHints).
        item.HasAnnotation(SqlitePlannerHints.BroadJurisdictionAnnotation, true);
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

        // Newest first (every "all" queue and the public list): the unit path and id ride along, so that a small unit's first
        // page is an index-only backward scan that checks the jurisdiction on the entry and hands out 20 ids (1.5 ms for a
        // grid at 1 M cases) — with the report time alone each skipped entry cost a table read (0.2 s for a grid).
        item.HasIndex(c => new { c.ReportedAt, c.UnitPath, c.Id }, "IX_cases_ReportedAt_UnitPath_Id");

        // The status queues (待立案, 待派遣, 待核查) in deadline order, and their capped counts without reading the table:
        // the unit path is the index's last column, so the jurisdiction's prefix LIKE is checked on the index entry
        // (an index-only scan for the count) and the first page walks the deadline order of one status.
        item.HasIndex(c => new { c.Status, c.StageDueAt, c.UnitPath }, "IX_cases_Status_StageDueAt_UnitPath");

        // Small queues whose condition no other index serves, each a partial index over its own rows by unit path (named,
        // so that EF keeps them apart from the plain unit-path indexes over the same columns):
        // triage (待甄别), overdue (已超期: a grid's first page and a street's count) and approvals awaited (待审批). Their
        // predicates are the queues' own conditions as EF writes them (CaseQueries.Queue), so the planner can prove they apply.
        var triage = item.HasIndex(c => new { c.UnitPath, c.StageDueAt }, "IX_cases_Triage_UnitPath_StageDueAt")
            .HasFilter($"\"Status\" = {(int)CaseStatus.Reported} AND \"TriageReasons\" IS NOT NULL");
        var overdue = item.HasIndex(c => new { c.UnitPath, c.StageDueAt }, "IX_cases_Overdue_UnitPath_StageDueAt")
            .HasFilter($"\"Stage\" <> {(int)CaseStage.None} AND \"Status\" <> {(int)CaseStatus.Suspended}");
        var approvals = item.HasIndex(c => c.UnitPath, "IX_cases_Approval_UnitPath")
            .HasFilter("\"PendingApproval\" IS NOT NULL");
        if (provider == DatabaseProvider.PostgreSql)
        {
            byUnit.HasOperators("text_pattern_ops", "timestamptz_ops");
            triage.HasOperators("text_pattern_ops", "timestamptz_ops");
            overdue.HasOperators("text_pattern_ops", "timestamptz_ops");
            approvals.HasOperators("text_pattern_ops");
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
