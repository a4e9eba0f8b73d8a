using Fengqiao.Cases.Domain;
using Fengqiao.Kernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Fengqiao.Cases.Indicators.Rollups;

/// <summary>
/// Marks the roll-up bucket of every case a SaveChanges inserts, changes or deletes — the old bucket too when the unit
/// path, department or report time moved — by adding <see cref="CaseIndicatorDirty"/> rows to the same SaveChanges,
/// hence the same transaction (intake writer, workflow, import, sweeps: they all save through the DbContext). An
/// inserted case gets a mark of its own naming it (<see cref="CaseIndicatorDirty.CaseId"/>); changes one per bucket.
/// Writes that bypass the change tracker must mark the buckets themselves or call <see cref="IndicatorRollups.RebuildAsync"/>.
/// </summary>
internal sealed class CaseIndicatorDirtyMarker : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Mark(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Mark(eventData.Context);
        return ValueTask.FromResult(result);
    }

    internal static (string UnitPath, string DepartmentCode, DateOnly Day) Bucket(string unitPath, string? department, DateTimeOffset reportedAt) =>
        (unitPath, department ?? "", DateOnly.FromDateTime(ChinaTime.ToLocal(reportedAt).DateTime));

    private static void Mark(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        HashSet<(string, string, DateOnly)>? buckets = null;
        List<CaseIndicatorDirty>? inserted = null;
        foreach (var entry in context.ChangeTracker.Entries<Case>())
        {
            if (entry.State is EntityState.Added)
            {
                var (unitPath, department, day) = Bucket(entry.Entity.UnitPath, entry.Entity.AssignedDepartmentCode, entry.Entity.ReportedAt);
                (inserted ??= []).Add(new CaseIndicatorDirty { UnitPath = unitPath, DepartmentCode = department, Day = day, CaseId = entry.Entity.Id });
            }

            if (entry.State is EntityState.Modified)
            {
                (buckets ??= []).Add(Bucket(entry.Entity.UnitPath, entry.Entity.AssignedDepartmentCode, entry.Entity.ReportedAt));
            }

            if (entry.State is EntityState.Modified or EntityState.Deleted)
            {
                var original = entry.OriginalValues;
                (buckets ??= []).Add(Bucket(
                    original.GetValue<string>(nameof(Case.UnitPath)),
                    original.GetValue<string?>(nameof(Case.AssignedDepartmentCode)),
                    original.GetValue<DateTimeOffset>(nameof(Case.ReportedAt))));
            }
        }

        foreach (var (unitPath, department, day) in buckets ?? [])
        {
            context.Add(new CaseIndicatorDirty { UnitPath = unitPath, DepartmentCode = department, Day = day });
        }

        foreach (var mark in inserted ?? [])
        {
            context.Add(mark);
        }
    }
}
