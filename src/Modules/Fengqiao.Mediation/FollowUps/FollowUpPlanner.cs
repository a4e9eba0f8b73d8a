using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Notifications;
using Fengqiao.Kernel.Time;
using Fengqiao.Mediation.Committees;
using Fengqiao.Mediation.Disputes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fengqiao.Mediation.FollowUps;

/// <summary>
/// Plans the follow-up visits of closed cases and reminds mediators of visits that fall due or run overdue. Planning
/// reads the case's closing (<see cref="MediationCase.ClosedOn"/> and status), whoever closed it — an agreement, a failed
/// session, a referral out — so no closing path has to remember to call it; the sweep catches every closing, and the
/// unique plan key makes two sweeps (or a sweep and a referral) plan once.
/// </summary>
public sealed class FollowUpPlanner(FengqiaoDbContext db, Notifier notifier, IAuditTrail audit, IOptionsMonitor<FollowUpOptions> options, TimeProvider clock, ILogger<FollowUpPlanner> logger)
{
    public const int BatchSize = 200;
    public const string PlanAction = "mediation.follow-up.plan";

    /// <summary>Adds the visits a closing calls for (not saved); nothing when already planned for this closing day.</summary>
    internal IReadOnlyList<FollowUp> Plan(MediationCase dispute, DateTimeOffset at)
    {
        if (dispute.ClosedOn is not { } closedOn)
        {
            return [];
        }

        var offsets = dispute.Status switch
        {
            DisputeStatus.Resolved => options.CurrentValue.AfterResolved,
            DisputeStatus.Failed or DisputeStatus.ReferredOut => options.CurrentValue.AfterFailedOrReferred,
            DisputeStatus.Withdrawn => options.CurrentValue.AfterWithdrawn,
            _ => [],
        };
        var mediator = dispute.Mediators.OrderBy(m => m.AssignedAt).FirstOrDefault();
        var planned = offsets
            .Select((offset, i) => new FollowUp(
                dispute.Id, dispute.Number, dispute.UnitPath, FollowUpKind.Automatic, closedOn, FollowUpOptions.Apply(closedOn, offset),
                $"{dispute.Id:N}:{closedOn:yyyyMMdd}:{i + 1}", mediator?.UserId, mediator?.Name, at))
            .ToList();
        db.AddRange(planned);
        return planned;
    }

    /// <summary>One sweep: plans for closings not yet planned, then sends due and overdue reminders.</summary>
    public async Task<FollowUpSweep> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var ids = await db.Set<MediationCase>()
            .Where(c => c.ClosedOn != null && (c.Status == DisputeStatus.Resolved || c.Status == DisputeStatus.Failed || c.Status == DisputeStatus.ReferredOut || c.Status == DisputeStatus.Withdrawn)
                && !db.Set<FollowUp>().Any(f => f.CaseId == c.Id && f.Kind == FollowUpKind.Automatic && f.ClosedOn == c.ClosedOn))
            .OrderBy(c => c.ClosedOn).Select(c => c.Id).Take(BatchSize).ToListAsync(cancellationToken);
        var planned = 0;
        foreach (var id in ids)
        {
            db.ChangeTracker.Clear();
            var dispute = await db.Set<MediationCase>().Include(c => c.Mediators).SingleAsync(c => c.Id == id, cancellationToken);
            var added = Plan(dispute, now);
            if (added.Count == 0)
            {
                continue;
            }

            audit.Record(PlanAction, TakeInDispute.Target(dispute.Id), dispute.UnitPath, $"{dispute.Number}：{dispute.Status.DisplayName()}，安排回访 {string.Join("、", added.Select(f => f.DueOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))}");
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                planned += added.Count;
            }
            catch (DbUpdateException)
            {
                // Another node or a referral planned this closing first.
                logger.LogDebug("Follow-ups of {Case} were planned elsewhere", dispute.Number);
            }
        }

        db.ChangeTracker.Clear();
        var reminded = await RemindAsync(now, cancellationToken);
        return new FollowUpSweep(planned, reminded);
    }

    private async Task<int> RemindAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(ChinaTime.ToLocal(now).DateTime);
        var overdueBefore = today.AddDays(-options.CurrentValue.OverdueReminderAfterDays);
        var due = await db.Set<FollowUp>().AsNoTracking().Where(f => f.Status == FollowUpStatus.Planned && f.DueOn <= today)
            .OrderByDescending(f => f.DueOn).Take(BatchSize).ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var followUp in due)
        {
            var recipients = await RecipientsAsync(followUp, today, cancellationToken);
            var overdue = followUp.DueOn < overdueBefore;
            var title = overdue ? $"回访已逾期：{followUp.CaseNumber}" : $"回访到期：{followUp.CaseNumber}";
            var body = $"调解案件 {followUp.CaseNumber} 应于 {followUp.DueOn:yyyy-MM-dd} 回访当事人，请记录回访情况。";
            await notifier.NotifyAsync(recipients, title, body, $"/mediation/cases/{followUp.CaseId}/follow-ups", $"mediation-follow-up:{followUp.Id:N}:{(overdue ? "overdue" : "due")}", cancellationToken);
            sent++;
        }

        return sent;
    }

    /// <summary>The assignee, else the case's mediators, else the holding committee's members with accounts.</summary>
    private async Task<List<Guid>> RecipientsAsync(FollowUp followUp, DateOnly today, CancellationToken cancellationToken)
    {
        if (followUp.AssigneeUserId is { } assignee)
        {
            return [assignee];
        }

        var mediators = await db.Set<CaseMediator>().Where(m => m.CaseId == followUp.CaseId).Select(m => m.UserId).ToListAsync(cancellationToken);
        if (mediators.Count > 0)
        {
            return mediators;
        }

        var committee = await db.Set<MediationCase>().Where(c => c.Id == followUp.CaseId).Select(c => c.CommitteeId).SingleAsync(cancellationToken);
        return await db.Set<CommitteeMember>()
            .Where(m => m.CommitteeId == committee && m.UserId != null && m.From <= today && (m.To == null || m.To >= today))
            .Select(m => m.UserId!.Value).Distinct().ToListAsync(cancellationToken);
    }
}

/// <summary>What one sweep did.</summary>
public sealed record FollowUpSweep(int Planned, int Reminders);

/// <summary>Runs <see cref="FollowUpPlanner"/> at <see cref="FollowUpOptions.SweepInterval"/> (as the events module's deadline sweep does).</summary>
internal sealed class FollowUpSweepService(IServiceScopeFactory scopes, IOptionsMonitor<FollowUpOptions> options, ILogger<FollowUpSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.CurrentValue.SweepInterval, stoppingToken);
                await using var scope = scopes.CreateSystemScope();
                await scope.ServiceProvider.GetRequiredService<FollowUpPlanner>().SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is DbUpdateException or InvalidOperationException or TimeoutException)
            {
                logger.LogWarning(exception, "Follow-up sweep failed; retrying at the next interval");
            }
        }
    }
}
