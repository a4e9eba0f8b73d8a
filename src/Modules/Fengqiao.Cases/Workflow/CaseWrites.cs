using Fengqiao.Cases.Domain;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Workflow;

/// <summary>
/// Saves a step on a case. Two people acting at once both append timeline entry N+1; the loser fails on the timeline's
/// unique (case, sequence) index or on the case's version token. Either way the person is told someone else acted.
/// </summary>
internal static class CaseWrites
{
    private const string Message = "案件已被他人处理，请刷新后查看最新状态再操作。";

    public static async Task SaveAsync(FengqiaoDbContext db, Guid caseId, long loadedVersion, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException(Message);
        }
        catch (DbUpdateException)
        {
            if (await ChangedSinceAsync(db, caseId, loadedVersion, ct))
            {
                throw new ConflictException(Message);
            }

            throw;
        }
    }

    private static async Task<bool> ChangedSinceAsync(FengqiaoDbContext db, Guid caseId, long loadedVersion, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var current = await db.Set<Case>().IgnoreQueryFilters().Where(c => c.Id == caseId).Select(c => (long?)c.Version).SingleOrDefaultAsync(ct);
        return current != loadedVersion;
    }
}
