using Fengqiao.Cases.Domain;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fengqiao.Cases.Deadlines;

/// <summary>
/// 超期监控: raises a yellow card when a stage turns due soon, and when it is overdue either climbs the case one tier
/// (acceptance and disposal below county tier) or raises a red card. Every node may sweep: each case is changed under its
/// version token, so of two nodes acting on one breach exactly one commits and the other skips it.
/// </summary>
public sealed class DeadlineSweeper(FengqiaoDbContext db, CaseClock clocks, IAuditTrail audit, ILogger<DeadlineSweeper> logger)
{
    public const int BatchSize = 200;

    public async Task<SweepResult> SweepAsync(CancellationToken ct)
    {
        var clock = await clocks.NowAsync(ct);
        var now = clock.Now;
        var due = await db.Set<Case>()
            .Where(c => c.Stage != CaseStage.None && c.Status != CaseStatus.Suspended
                && ((c.Card == SupervisionCard.None && c.StageDueSoonAt <= now) || (c.Card != SupervisionCard.Red && c.StageDueAt < now)))
            .OrderBy(c => c.StageDueAt)
            .Select(c => c.Id)
            .Take(BatchSize)
            .ToListAsync(ct);

        int yellow = 0, red = 0, escalated = 0, skipped = 0;
        foreach (var id in due)
        {
            db.ChangeTracker.Clear();
            var c = await db.Set<Case>().Include(x => x.TierSteps).SingleOrDefaultAsync(x => x.Id == id, ct);
            if (c is null)
            {
                continue;
            }

            var state = c.DeadlineStateAt(now);
            var outcome = "";
            if (state == DeadlineState.Overdue && c.Stage is CaseStage.Acceptance or CaseStage.Disposal
                && c.HolderLevel > UnitLevel.County && c.AssignedDepartmentCode is null && c.Card != SupervisionCard.Red)
            {
                c.Escalate($"{(c.Stage == CaseStage.Acceptance ? "签收" : "处置")}超期，自动提级", becauseOverdue: true, ActorStamp.System, clock);
                outcome = "escalated";
            }
            else if (state == DeadlineState.Overdue && c.RaiseCard(SupervisionCard.Red, clock))
            {
                outcome = "red";
            }
            else if (state == DeadlineState.DueSoon && c.RaiseCard(SupervisionCard.Yellow, clock))
            {
                outcome = "yellow";
            }

            if (outcome.Length == 0)
            {
                continue;
            }

            audit.Record("cases.deadline", c.TrackingCode, c.UnitPath, outcome);
            try
            {
                await db.SaveChangesAsync(ct);
                _ = outcome switch { "escalated" => escalated++, "red" => red++, _ => yellow++ };
            }
            catch (DbUpdateException)
            {
                // Another node (or a person) changed the case first; its state is re-read on the next sweep.
                skipped++;
            }
        }

        if (yellow + red + escalated > 0)
        {
            logger.LogInformation("Deadline sweep: {Yellow} yellow, {Red} red, {Escalated} escalated, {Skipped} skipped", yellow, red, escalated, skipped);
        }

        return new SweepResult(yellow, red, escalated, skipped);
    }
}

/// <summary>What one sweep did.</summary>
public sealed record SweepResult(int YellowCards, int RedCards, int Escalations, int Skipped);

/// <summary>Runs <see cref="DeadlineSweeper"/> on every node at <see cref="DeadlineOptions.SweepInterval"/>.</summary>
internal sealed class DeadlineSweepService(IServiceScopeFactory scopes, IOptionsMonitor<DeadlineOptions> options, ILogger<DeadlineSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.CurrentValue.SweepInterval, stoppingToken);
                await using var scope = scopes.CreateSystemScope();
                await scope.ServiceProvider.GetRequiredService<DeadlineSweeper>().SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is DbUpdateException or InvalidOperationException or TimeoutException)
            {
                logger.LogWarning(exception, "Deadline sweep failed; retrying at the next interval");
            }
        }
    }
}
