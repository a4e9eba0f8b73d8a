using Fengqiao.Cases.Contracts;
using Fengqiao.Cases.Domain;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fengqiao.Cases.Points;

public sealed record PointEntryView(string TrackingCode, string Reason, int Points, DateTimeOffset At);

public sealed record MyPoints(int Balance, int Clues, IReadOnlyList<PointEntryView> History);

public sealed record PointRanking(int Rank, Guid UserId, string Name, int Points, int Clues);

/// <summary>
/// 信息员积分: awards points for an informant's clue by the configured rules (<see cref="InformantPointsOptions"/>) into
/// a ledger that holds one entry per (case, reason), and answers the informant's balance and history and the staff's
/// ranking.
/// </summary>
public sealed class InformantPoints(FengqiaoDbContext db, ICurrentActor actor, IOptionsMonitor<InformantPointsOptions> options, TimeProvider time)
{
    public const int MaxHistory = 200;

    /// <summary>
    /// Awards <paramref name="reason"/> for the case when it is an informant's clue (not anonymous). Returns false when
    /// nothing is due or it was awarded before — including by a concurrent delivery of the same event, which the unique
    /// index turns away.
    /// </summary>
    public async Task<bool> AwardAsync(Guid caseId, string reason, CancellationToken ct)
    {
        var points = reason switch
        {
            PointReasons.Filed => options.CurrentValue.OnFiling,
            PointReasons.ClosedValid => options.CurrentValue.OnValidClose,
            _ => 0,
        };
        if (points <= 0)
        {
            return false;
        }

        // Event delivery runs as the system; one entity, read by id.
        var clue = await db.Set<Case>().IgnoreQueryFilters().AsNoTracking().Where(c => c.Id == caseId)
            .Select(c => new { c.Channel, c.ReporterUserId, c.IsAnonymous, c.TrackingCode, c.UnitPath }).SingleOrDefaultAsync(ct);
        if (clue is not { Channel: CaseChannel.Informant, ReporterUserId: { } informant, IsAnonymous: false })
        {
            return false;
        }

        if (await db.Set<InformantPointEntry>().IgnoreQueryFilters().AnyAsync(e => e.CaseId == caseId && e.Reason == reason, ct))
        {
            return false;
        }

        var entry = new InformantPointEntry(informant, caseId, clue.TrackingCode, reason, points, clue.UnitPath, time.GetUtcNow());
        db.Add(entry);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.Entry(entry).State = EntityState.Detached;
            if (await db.Set<InformantPointEntry>().IgnoreQueryFilters().AnyAsync(e => e.CaseId == caseId && e.Reason == reason, ct))
            {
                return false; // a concurrent award won
            }

            throw;
        }
    }

    /// <summary>我的积分: the informant's balance and latest entries.</summary>
    public async Task<MyPoints> MineAsync(CancellationToken ct)
    {
        if (actor.UserId is not { } me)
        {
            throw new ForbiddenException("请先登录。");
        }

        // Informants have no unit: their own entries are read by user, wherever the clues lay.
        var mine = db.Set<InformantPointEntry>().IgnoreQueryFilters().AsNoTracking().Where(e => e.UserId == me);
        var balance = await mine.SumAsync(e => (int?)e.Points, ct) ?? 0;
        var clues = await mine.Select(e => e.CaseId).Distinct().CountAsync(ct);
        var history = await mine.OrderByDescending(e => e.At).Take(MaxHistory)
            .Select(e => new PointEntryView(e.TrackingCode, e.Reason, e.Points, e.At)).ToListAsync(ct);
        return new MyPoints(balance, clues, history);
    }

    /// <summary>积分排行: informants by points earned on clues within the caller's jurisdiction.</summary>
    public async Task<IReadOnlyList<PointRanking>> RankingAsync(int? top, CancellationToken ct)
    {
        if (!Roles.Staff.Any(actor.IsInRole))
        {
            throw new ForbiddenException("积分排行仅供工作人员查看。");
        }

        var take = Math.Clamp(top ?? 20, 1, 100);
        var totals = await db.Set<InformantPointEntry>().AsNoTracking()
            .GroupBy(e => e.UserId)
            .Select(g => new { UserId = g.Key, Points = g.Sum(e => e.Points), Clues = g.Select(e => e.CaseId).Distinct().Count() })
            .OrderByDescending(t => t.Points).ThenBy(t => t.UserId)
            .Take(take)
            .ToListAsync(ct);
        var ids = totals.Select(t => t.UserId).ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return [.. totals.Select((t, i) => new PointRanking(i + 1, t.UserId, names.GetValueOrDefault(t.UserId) ?? "信息员", t.Points, t.Clues))];
    }
}

/// <summary>Awards points when an informant's clue is filed and when it closes after verification (核查通过).</summary>
internal sealed class AwardInformantPoints(InformantPoints points) : IDomainEventHandler<CaseStepTaken>
{
    /// <summary>
    /// Only filing and a verified close of an informant's clue earn points; no other step is queued for this handler (a
    /// resident's report used to queue one delivery per filing that found nothing to award).
    /// </summary>
    public static bool Wants(CaseStepTaken step) =>
        step.Kind is CaseActionKinds.File or CaseActionKinds.VerifyPass
        && step.Channel is null or nameof(CaseChannel.Informant);

    public async Task HandleAsync(CaseStepTaken step, CancellationToken cancellationToken)
    {
        var reason = step.Kind switch
        {
            CaseActionKinds.File => PointReasons.Filed,
            CaseActionKinds.VerifyPass => PointReasons.ClosedValid,
            _ => null,
        };
        if (reason is not null)
        {
            await points.AwardAsync(step.CaseId, reason, cancellationToken);
        }
    }
}
