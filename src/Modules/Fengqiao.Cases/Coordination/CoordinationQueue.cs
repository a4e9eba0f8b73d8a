using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Queries;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Coordination;

/// <summary>
/// A row of the 协办案件 list: a case that involves one of the caller's units without lying in the caller's
/// jurisdiction. <see cref="InvolvedUnits"/> are the caller's units it involves; <see cref="Replied"/> says whether any of
/// them has sent a coordination reply yet (and <see cref="LastRepliedAt"/> when).
/// </summary>
public sealed record InvolvedCaseSummary(
    Guid Id, string TrackingCode, string Title, CaseStatus Status, DeadlineState DeadlineState, DateTimeOffset? DueAt, SupervisionCard Card,
    UnitLevel? HolderLevel, string? HolderUnitCode, string? HolderUnitName, string? HolderDepartmentCode, string? CoordinatorUnitCode,
    IReadOnlyList<string> InvolvedUnits, bool Replied, DateTimeOffset? LastRepliedAt, DateTimeOffset ReportedAt, long Version);

/// <summary>
/// One page of the 协办案件 list. <see cref="Total"/> is exact up to <see cref="CaseQueries.CountCap"/>; beyond it the list
/// holds the cases of the newest <c>CountCap + 1</c> involvements and <see cref="TotalCapped"/> is true.
/// </summary>
public sealed record InvolvedCasePage(IReadOnlyList<InvolvedCaseSummary> Items, int Total, int Page, int PageSize, bool TotalCapped = false);

/// <summary>
/// 协办案件: the staff console's list of cases the caller's units are involved in (<see cref="CaseInvolvedUnit"/>) but do
/// not hold. A case that lies in the caller's jurisdiction is left out: it is in the ordinary queues already (its street,
/// which coordinates it, holds it or dispatches it). Open cases come first, earliest stage deadline first; closed ones
/// follow, newest first, when asked for.
/// </summary>
public sealed class CoordinationQueue(FengqiaoDbContext db, TimeProvider time)
{
    public const int DefaultPageSize = 20;

    /// <summary>The statuses of a case that is done with: no deadline, no replies taken.</summary>
    private static readonly CaseStatus[] Finished = [CaseStatus.Closed, CaseStatus.Rejected];

    public async Task<InvolvedCasePage> ListAsync(int? page, int? pageSize, bool includeClosed, CancellationToken ct)
    {
        var size = pageSize ?? DefaultPageSize;
        var number = page ?? 1;
        if (number < 1)
        {
            throw new ValidationFailedException("page", "页码从 1 开始。");
        }

        if (size is < 1 or > CaseQueries.MaxPageSize)
        {
            throw new ValidationFailedException("pageSize", $"每页 1 到 {CaseQueries.MaxPageSize} 件。");
        }

        var (involvements, capped) = await InvolvementsAsync(ct);
        var ids = involvements.Select(i => i.CaseId).Distinct().ToList();
        if (ids.Count == 0)
        {
            return new InvolvedCasePage([], 0, number, size);
        }

        // Read by id only (a single-entity query): the ids come from the jurisdiction-filtered involvement rows.
        var cases = db.Set<Case>().IgnoreQueryFilters().AsNoTracking().Where(c => ids.Contains(c.Id));
        if (!includeClosed)
        {
            cases = cases.Where(c => !Finished.Contains(c.Status));
        }

        var total = await cases.CountAsync(ct);
        var rows = await cases
            .OrderBy(c => Finished.Contains(c.Status))
            .ThenBy(c => c.StageDueAt == null)
            .ThenBy(c => c.StageDueAt)
            .ThenByDescending(c => c.ReportedAt)
            .ThenBy(c => c.Id)
            .Skip((number - 1) * size).Take(size)
            .ToListAsync(ct);

        var pageIds = rows.Select(c => c.Id).ToList();
        var replies = pageIds.Count == 0 ? [] : await db.Set<CaseAction>().IgnoreQueryFilters().AsNoTracking()
            .Where(a => pageIds.Contains(a.CaseId) && a.Kind == CaseActionKinds.CoordinationReply)
            .Select(a => new { a.CaseId, a.ActorUnitCode, a.At })
            .ToListAsync(ct);
        var holderCodes = rows.Where(c => c.HolderUnitCode is not null).Select(c => c.HolderUnitCode!).Distinct().ToList();

        // Holders usually lie outside the caller's jurisdiction (that is why the case is here): names are read by code.
        var names = holderCodes.Count == 0 ? [] : await db.Units.IgnoreQueryFilters().AsNoTracking()
            .Where(u => holderCodes.Contains(u.Code)).ToDictionaryAsync(u => u.Code, u => u.Name, ct);
        var now = time.GetUtcNow();
        var items = rows.Select(c =>
        {
            var mine = involvements.Where(i => i.CaseId == c.Id).ToList();
            var codes = mine.Select(i => i.UnitCode).ToHashSet(StringComparer.Ordinal);
            var ours = replies.Where(r => r.CaseId == c.Id && r.ActorUnitCode is not null && codes.Contains(r.ActorUnitCode)).ToList();
            return new InvolvedCaseSummary(
                c.Id, c.TrackingCode, c.Title, c.Status, c.DeadlineStateAt(now), c.StageDueAt, c.Card,
                c.HolderLevel, c.HolderUnitCode, c.HolderUnitCode is { } h ? names.GetValueOrDefault(h) : null, c.AssignedDepartmentCode, c.CoordinatorUnitCode,
                [.. mine.Select(i => i.UnitName).Distinct(StringComparer.Ordinal)], ours.Count > 0, ours.Count > 0 ? ours.Max(r => r.At) : null,
                c.ReportedAt, c.Version);
        }).ToList();
        return new InvolvedCasePage(items, total, number, size, capped);
    }

    /// <summary>
    /// The console tile: open cases the caller coordinates on, among the newest <c>CountCap + 1</c> involvements (the
    /// same bound as the list, so the tile never promises more than the list shows).
    /// </summary>
    public async Task<int> CountOpenAsync(CancellationToken ct)
    {
        var (involvements, _) = await InvolvementsAsync(ct);
        var ids = involvements.Select(i => i.CaseId).Distinct().ToList();
        return ids.Count == 0 ? 0
            : await db.Set<Case>().IgnoreQueryFilters().Where(c => ids.Contains(c.Id) && !Finished.Contains(c.Status)).CountAsync(ct);
    }

    /// <summary>
    /// The involvements of the caller's units (filtered by jurisdiction) on cases the caller does not reach directly
    /// (the inner case set is filtered too), newest first and at most <c>CountCap + 1</c> — the capped-count convention
    /// of the queues (<c>Take(1001)</c>): a unit involved in more cases than that narrows by opening them from its inbox.
    /// </summary>
    private async Task<(List<Involvement> Rows, bool Capped)> InvolvementsAsync(CancellationToken ct)
    {
        var rows = await db.Set<CaseInvolvedUnit>().AsNoTracking()
            .Where(i => !db.Set<Case>().Any(c => c.Id == i.CaseId))
            .OrderByDescending(i => i.AddedAt)
            .Take(CaseQueries.CountCap + 1)
            .Select(i => new Involvement(i.CaseId, i.UnitCode, i.UnitName))
            .ToListAsync(ct);
        return (rows, rows.Count > CaseQueries.CountCap);
    }

    private sealed record Involvement(Guid CaseId, string UnitCode, string UnitName);
}
