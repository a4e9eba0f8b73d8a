using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Places.Divisions;

/// <summary>
/// 导入行政区划: brings the unit tree in line with the national tables. Re-import is idempotent — renames update,
/// new units appear, units missing from the tables within the imported coverage are retired (never deleted, their
/// history stays), retired units that reappear are reactivated. Grids are not touched. One transaction.
/// </summary>
public sealed class ImportDivisions(FengqiaoDbContext db, IAuditTrail audit)
{
    public async Task<DivisionImportReport> ImportAsync(
        IReadOnlyList<DivisionRow> rows, IReadOnlyCollection<string>? only, string source, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            throw new ValidationFailedException("files", "区划表中没有任何单位。");
        }

        var report = new DivisionImportReport();
        var existing = await db.Units.IgnoreQueryFilters()
            .Where(u => u.Level != UnitLevel.Grid)
            .ToDictionaryAsync(u => u.Code, StringComparer.Ordinal, cancellationToken);
        var incoming = rows.ToDictionary(r => r.Code, StringComparer.Ordinal);

        var done = 0;
        foreach (var row in rows.OrderBy(r => r.Level).ThenBy(r => r.Code, StringComparer.Ordinal))
        {
            AdministrativeUnit? parent = null;
            if (row.ParentCode is not null && !existing.TryGetValue(row.ParentCode, out parent))
            {
                throw new ValidationFailedException("files", $"单位 {row.Code}（{row.Name}）的上级 {row.ParentCode} 不在区划表中，也不在库中；请一并导入上级的表。");
            }

            if (existing.TryGetValue(row.Code, out var unit))
            {
                var changed = false;
                if (unit.Name != row.Name)
                {
                    unit.Rename(row.Name);
                    changed = true;
                }

                if (unit.IsRetired)
                {
                    unit.Reactivate();
                    changed = true;
                }

                if (changed)
                {
                    report[row.Level].Updated++;
                }
                else
                {
                    report[row.Level].Unchanged++;
                }
            }
            else
            {
                unit = new AdministrativeUnit(row.Code, row.Name, row.Level, parent);
                db.Units.Add(unit);
                existing[row.Code] = unit;
                report[row.Level].Added++;
            }

            if (++done % 1000 == 0)
            {
                progress?.Report(done);
            }
        }

        // Coverage: the provinces in the tables, or only the requested subtrees.
        var coverage = only is { Count: > 0 } ? only.ToList() : [.. rows.Where(r => r.Level == UnitLevel.Province).Select(r => r.Code)];
        foreach (var unit in existing.Values.Where(u => !u.IsRetired && !incoming.ContainsKey(u.Code)
                     && coverage.Any(prefix => u.Code.StartsWith(prefix, StringComparison.Ordinal))))
        {
            unit.Retire();
            report[unit.Level].Retired++;
        }

        progress?.Report(done);
        audit.Record("places.import-divisions", $"divisions:{string.Join(',', coverage)}", detail: $"{source}: 新增 {report.Total(c => c.Added)}，更新 {report.Total(c => c.Updated)}，撤销 {report.Total(c => c.Retired)}");
        await db.SaveChangesAsync(cancellationToken);
        return report;
    }
}
