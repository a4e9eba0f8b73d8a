using Fengqiao.Cases.Contracts;
using Fengqiao.Cases.Domain;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Messaging;
using Fengqiao.Kernel.Notifications;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Coordination;

/// <summary>
/// The notices of coordination that the holder notices (<c>NotifyCaseHolders</c>) do not cover:
/// <list type="bullet">
/// <item>涉及本单位: when units are added to a case, their staff are told (and their console's 协办案件 list updates live).</item>
/// <item>协办反馈 on a case without a holder (returned as wrongly dispatched, waiting to be dispatched again): nobody holds
/// it, so the reply goes to those who will dispatch it — the dispatching staff (community worker, street officer,
/// supervisor) of the coordinating owner (最近共同上级), or of the nearest unit above it that has such staff. A reply thus
/// always reaches someone who can act on it.</item>
/// </list>
/// Idempotent per step (the inbox's source key).
/// </summary>
internal sealed class NotifyCoordination(FengqiaoDbContext db, Notifier notifier) : IDomainEventHandler<CaseStepTaken>
{
    /// <summary>The roles that file and dispatch a case (<c>CaseAccess.IsDispatcher</c>).</summary>
    private static readonly string[] DispatchRoles = [Roles.CommunityWorker, Roles.StreetOfficer, Roles.Supervisor];

    /// <summary>The roles that act for an involved grid, community or street (<c>ReplyToCoordination</c>); not, e.g., its mediators.</summary>
    private static readonly string[] InvolvedRoles = [Roles.GridWorker, Roles.CommunityWorker, Roles.StreetOfficer, Roles.Supervisor];

    /// <summary>Involvement rows written by one step carry its instant; stored instants are rounded (0.1 ms on SQLite, 1 µs on PostgreSQL).</summary>
    private static readonly TimeSpan StoredInstantTolerance = TimeSpan.FromMilliseconds(1);

    public static bool Wants(CaseStepTaken step) =>
        step.Kind == CaseActionKinds.Coordinate || (step.Kind == CaseActionKinds.CoordinationReply && step.HolderUnitCode is null);

    public async Task HandleAsync(CaseStepTaken step, CancellationToken cancellationToken)
    {
        if (!Wants(step))
        {
            return;
        }

        var link = $"/cases/{step.CaseId}";
        var key = $"case:{step.CaseId:N}:{step.Kind}:{step.At.UtcTicks}:coordination";
        if (step.Kind == CaseActionKinds.Coordinate)
        {
            await notifier.NotifyAsync(await NewlyInvolvedStaffAsync(step, cancellationToken), $"案件 {step.TrackingCode} 涉及本单位，请协办",
                "此事涉及多个单位，由最近共同上级协调主办。请了解本单位一侧的情况，在案件页提交协办反馈；工作台的“协办案件”列出本单位协办的案件。",
                link, key, cancellationToken);
            return;
        }

        await notifier.NotifyAsync(await DispatchersAsync(step, cancellationToken), $"案件 {step.TrackingCode} 有新的协办反馈（待派遣）",
            "涉及单位反馈了本单位了解或办理的情况。此案件目前没有承办单位，请派遣时参考时间线上的协办反馈。", link, key, cancellationToken);
    }

    /// <summary>The case staff assigned to a unit added by this step.</summary>
    private async Task<IReadOnlyCollection<Guid>> NewlyInvolvedStaffAsync(CaseStepTaken step, CancellationToken ct)
    {
        var codes = step.AddedUnitCodes?.ToList() ?? await AddedAtTheStepAsync(step, ct);
        var eligible = Enabled(InvolvedRoles);
        return codes.Count == 0 ? [] : await db.Set<UserUnit>()
            .Join(db.Units, m => m.UnitId, u => u.Id, (m, u) => new { m.UserId, u.Code })
            .Where(x => codes.Contains(x.Code) && eligible.Contains(x.UserId))
            .Select(x => x.UserId).Distinct().ToListAsync(ct);
    }

    /// <summary>
    /// For a message written before steps named the units they added: the involvement rows stamped with the step's
    /// instant (stored instants are rounded, hence the tolerance).
    /// </summary>
    private Task<List<string>> AddedAtTheStepAsync(CaseStepTaken step, CancellationToken ct)
    {
        var from = step.At - StoredInstantTolerance;
        var to = step.At + StoredInstantTolerance;
        return db.Set<CaseInvolvedUnit>().IgnoreQueryFilters()
            .Where(i => i.CaseId == step.CaseId && i.AddedAt >= from && i.AddedAt <= to)
            .Select(i => i.UnitCode).ToListAsync(ct);
    }

    /// <summary>The dispatching staff of the coordinating owner, else of the nearest unit above it that has some.</summary>
    private async Task<IReadOnlyCollection<Guid>> DispatchersAsync(CaseStepTaken step, CancellationToken ct)
    {
        var coordinator = await db.Set<Case>().IgnoreQueryFilters().Where(c => c.Id == step.CaseId).Select(c => c.CoordinatorUnitCode).SingleOrDefaultAsync(ct);
        var start = coordinator is null ? null
            : await db.Units.IgnoreQueryFilters().Where(u => u.Code == coordinator).Select(u => u.Path).SingleOrDefaultAsync(ct);

        // Without a coordinator (not expected: adding units always names one) the case's community dispatches it.
        start ??= UnitPaths.PathAt(step.UnitPath, UnitLevel.Community) ?? step.UnitPath;
        var ancestors = Enumerable.Range(1, (int)UnitPaths.DeepestLevel(start)).Select(l => UnitPaths.PathAt(start, (UnitLevel)l)!).ToList();
        var eligible = Enabled(DispatchRoles);
        var staff = await db.Set<UserUnit>()
            .Join(db.Units, m => m.UnitId, u => u.Id, (m, u) => new { m.UserId, u.Path })
            .Where(x => ancestors.Contains(x.Path) && eligible.Contains(x.UserId))
            .ToListAsync(ct);
        var nearest = staff.GroupBy(x => x.Path).MaxBy(g => g.Key.Length);
        return nearest is null ? [] : [.. nearest.Select(x => x.UserId).Distinct()];
    }

    /// <summary>Enabled accounts holding one of <paramref name="roles"/>, as a subquery of the recipients' query.</summary>
    private IQueryable<Guid> Enabled(string[] roles) =>
        db.Users.Where(u => !u.IsDisabled && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && roles.Contains(r.Name!))))
            .Select(u => u.Id);
}
