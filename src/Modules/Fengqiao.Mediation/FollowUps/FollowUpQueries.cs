using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Data;
using Fengqiao.Mediation.Disputes;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Mediation.FollowUps;

/// <summary>
/// Follow-up visits falling due, for a mediator's workbench: planned visits due on or before a day (default today) within
/// the caller's reach (jurisdiction, and a mediator's own committees); Mine keeps those assigned to the caller or on cases
/// they mediate. Overdue ones (due before today) first.
/// </summary>
public sealed class FollowUpQueries(FengqiaoDbContext db, ICurrentActor actor, DisputeAccess access)
{
    public const int MaxPageSize = 200;

    public async Task<FollowUpDuePage> DueAsync(FollowUpDueQuery query, CancellationToken cancellationToken)
    {
        access.EnsureReader();
        var today = access.Today;
        var due = query.Due ?? today;
        var cases = await access.CasesAsync(cancellationToken);
        var rows = db.Set<FollowUp>().AsNoTracking().Where(f => f.Status == FollowUpStatus.Planned && f.DueOn <= due)
            .Join(cases, f => f.CaseId, c => c.Id, (f, c) => new { f, c });
        if (query.Mine == true)
        {
            var me = actor.UserId;
            rows = rows.Where(x => x.f.AssigneeUserId == me || (x.f.AssigneeUserId == null && x.c.Mediators.Any(m => m.UserId == me)));
        }

        var pageSize = Math.Clamp(query.PageSize ?? 50, 1, MaxPageSize);
        var page = Math.Max(query.Page ?? 1, 1);
        var total = await rows.CountAsync(cancellationToken);
        var overdue = await rows.CountAsync(x => x.f.DueOn < today, cancellationToken);
        var items = await rows.OrderBy(x => x.f.DueOn).ThenBy(x => x.f.CaseNumber).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(x => new FollowUpDueItem(
                x.f.Id, x.f.CaseId, x.f.CaseNumber, x.c.Title, x.c.CommitteeName, x.c.Status, x.f.Kind, x.f.ClosedOn, x.f.DueOn, x.f.DueOn < today, x.f.AssigneeName))
            .ToListAsync(cancellationToken);
        return new FollowUpDuePage(items, total, overdue);
    }
}
