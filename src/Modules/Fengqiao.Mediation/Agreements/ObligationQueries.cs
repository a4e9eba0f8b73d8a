using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Data;
using Fengqiao.Mediation.Disputes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fengqiao.Mediation.Agreements;

/// <summary>An obligation of an agreement in effect that is still to be performed and falls due soon or is overdue.</summary>
public sealed record ObligationDueItem(
    Guid Id, Guid CaseId, string CaseNumber, string CaseTitle, string AgreementNumber, string Content, DateOnly DueOn, bool IsOverdue,
    bool IsPayment, decimal? Amount);

public sealed record ObligationDuePage(IReadOnlyList<ObligationDueItem> Items, int Total, int Overdue);

/// <summary>
/// 待履行义务 for a mediator's workbench: pending obligations of agreements in effect, due within the reminder window
/// (<see cref="AgreementOptions.ObligationDueSoonDays"/>) or overdue, within the caller's reach; Mine keeps those on
/// cases the caller mediates. Overdue ones first.
/// </summary>
public sealed class ObligationQueries(FengqiaoDbContext db, ICurrentActor actor, DisputeAccess access, IOptions<AgreementOptions> options)
{
    public const int MaxPageSize = 200;

    public async Task<ObligationDuePage> DueAsync(bool mine, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        access.EnsureReader();
        var today = access.Today;
        var soon = today.AddDays(options.Value.ObligationDueSoonDays);
        var cases = await access.CasesAsync(cancellationToken);
        var rows = db.Set<AgreementObligation>().AsNoTracking()
            .Where(o => o.State == ObligationState.Pending && o.DueOn != null && o.DueOn <= soon)
            .Join(db.Set<MediationAgreement>().Where(a => a.Status == AgreementStatus.InEffect), o => o.AgreementId, a => a.Id, (o, a) => new { o, a })
            .Join(cases, x => x.a.CaseId, c => c.Id, (x, c) => new { x.o, x.a, c });
        if (mine)
        {
            var me = actor.UserId;
            rows = rows.Where(x => x.c.Mediators.Any(m => m.UserId == me));
        }

        var size = Math.Clamp(pageSize ?? 50, 1, MaxPageSize);
        var number = Math.Max(page ?? 1, 1);
        var total = await rows.CountAsync(cancellationToken);
        var overdue = await rows.CountAsync(x => x.o.DueOn < today, cancellationToken);
        var items = await rows.OrderBy(x => x.o.DueOn).ThenBy(x => x.a.Number).ThenBy(x => x.o.Sequence).Skip((number - 1) * size).Take(size)
            .Select(x => new ObligationDueItem(
                x.o.Id, x.a.CaseId, x.a.CaseNumber, x.c.Title, x.a.Number, x.o.Content, x.o.DueOn!.Value, x.o.DueOn < today, x.o.IsPayment, x.o.Amount))
            .ToListAsync(cancellationToken);
        return new ObligationDuePage(items, total, overdue);
    }
}
