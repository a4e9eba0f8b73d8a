using Fengqiao.Cases.Domain;
using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Indicators.Rollups;

/// <summary>
/// Tables of the indicator roll-ups (ADR 0018). Unit paths are compared by range (<c>path &lt;= UnitPath &lt; next</c>),
/// which needs a byte-wise order: the C collation on PostgreSQL (a linguistic collation ignores '/'), SQLite's default
/// BINARY. Also the indexes for a person's indicators, which stay a live query.
/// </summary>
internal static class IndicatorRollupsModel
{
    public const int PathLength = 400;

    public static void Build(ModelBuilder b, DatabaseProvider provider)
    {
        var day = b.Entity<CaseIndicatorDay>();
        day.ToTable("case_indicator_days");
        day.HasKey(d => new { d.UnitPath, d.Day, d.DepartmentCode });
        day.Property(d => d.UnitPath).HasMaxLength(PathLength);
        day.Property(d => d.DepartmentCode).HasMaxLength(20);

        // A period's rows by day first: the key leads with the unit path, so a street's month read every bucket of the
        // street in every year (115 k rows at 1 M cases, a sequential scan) to keep 3,150 of them. Days come first here;
        // the planner picks this index or the key by which bound is narrower (a grid over three years: the key).
        day.HasIndex(d => new { d.Day, d.UnitPath, d.DepartmentCode });

        var dirty = b.Entity<CaseIndicatorDirty>();
        dirty.ToTable("case_indicator_dirty");
        dirty.HasKey(d => d.Id);
        dirty.Property(d => d.Id).ValueGeneratedOnAdd();
        dirty.Property(d => d.UnitPath).HasMaxLength(PathLength);
        dirty.Property(d => d.DepartmentCode).HasMaxLength(20);
        dirty.HasIndex(d => new { d.UnitPath, d.Day, d.DepartmentCode });
        if (provider == DatabaseProvider.PostgreSql)
        {
            day.Property(d => d.UnitPath).UseCollation("C");
            dirty.Property(d => d.UnitPath).UseCollation("C");
        }

        // 个人指标 (accepted or disposed by a person) are counted live from cases. Only over the cases that have the person:
        // a new case has neither, and an entry for each at intake was two index writes per report for nothing (a query for
        // a person's cases, "= @user", implies the filter, so both databases still use these indexes).
        var item = b.Entity<Case>();
        item.HasIndex(c => c.AcceptedByUserId).HasFilter("\"AcceptedByUserId\" IS NOT NULL");
        item.HasIndex(c => c.DisposedByUserId).HasFilter("\"DisposedByUserId\" IS NOT NULL");
    }
}
