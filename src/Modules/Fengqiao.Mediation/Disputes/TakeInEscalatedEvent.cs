using Fengqiao.Cases.Contracts;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Messaging;
using Fengqiao.Kernel.Time;
using Fengqiao.Mediation.Committees;
using Fengqiao.Mediation.Risk;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Fengqiao.Mediation.Disputes;

/// <summary>
/// 事件转调解: when a dispute event (category 矛盾纠纷, S01…) is escalated, the mediation organisation of the unit now
/// holding it takes it in as a case, so that mediation starts without anyone typing it again. Reads only the published
/// <see cref="CaseStepTaken"/>, never the events module's tables; the unique source-event index makes redelivery harmless.
/// </summary>
internal sealed class TakeInEscalatedEvent(
    FengqiaoDbContext db, IAuditTrail audit, RiskAssessor risk, TimeProvider clock, ILogger<TakeInEscalatedEvent> logger) : IDomainEventHandler<CaseStepTaken>
{
    public const string DisputeCategoryPrefix = "S01";
    public const string Action = "mediation.case.from-event";

    /// <summary>Only escalated dispute events concern mediation; no other step is queued for this handler.</summary>
    public static bool Wants(CaseStepTaken step) =>
        step.Kind == "escalate" && step.CategoryCode?.StartsWith(DisputeCategoryPrefix, StringComparison.Ordinal) == true && step.HolderUnitCode is not null;

    public async Task HandleAsync(CaseStepTaken step, CancellationToken cancellationToken)
    {
        if (!Wants(step))
        {
            return;
        }

        if (await db.Set<MediationCase>().IgnoreQueryFilters().AnyAsync(c => c.SourceEventId == step.CaseId, cancellationToken))
        {
            return;
        }

        var committee = await CommitteeForAsync(step.HolderUnitCode!, cancellationToken);
        if (committee is null)
        {
            logger.LogWarning("Escalated dispute event {TrackingCode} reached {Unit}, which has no constituted mediation committee.", step.TrackingCode, step.HolderUnitCode);
            return;
        }

        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(ChinaTime.ToLocal(now).DateTime);
        var dispute = new MediationCase(
            TakeInDispute.NewNumber(now), committee, DisputeSource.EscalatedEvent, step.TrackingCode, step.CaseId, TypeOf(step.CategoryCode),
            $"事件 {step.TrackingCode} 提级转入调解",
            $"网格事件 {step.TrackingCode} 经提级转入{committee.Name}。案情、当事人请查阅原事件并向当事人核实后补充。",
            "待向当事人核实。", null, 1, new DisputePlace(null, null, null, null, null), today, null, now);
        dispute.AssessRisk(await risk.AssessAsync(dispute, cancellationToken), now);
        db.Add(dispute);
        audit.Record(Action, TakeInDispute.Target(dispute.Id), dispute.UnitPath, $"事件 {step.TrackingCode} 提级转入，{committee.Name}受理 {dispute.Number}");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent delivery of the same step may have taken it in first; anything else is a real failure.
            if (!await AlreadyTakenAsync(step.CaseId))
            {
                throw;
            }
        }
    }

    private async Task<bool> AlreadyTakenAsync(Guid eventId)
    {
        db.ChangeTracker.Clear();
        return await db.Set<MediationCase>().IgnoreQueryFilters().AnyAsync(c => c.SourceEventId == eventId, CancellationToken.None);
    }

    /// <summary>The holder unit's own people's mediation committee, else the nearest one above it, else the county centre.</summary>
    private async Task<Committee?> CommitteeForAsync(string unitCode, CancellationToken cancellationToken)
    {
        var path = await db.Units.Where(u => u.Code == unitCode).Select(u => u.Path).SingleOrDefaultAsync(cancellationToken);
        if (path is null)
        {
            return null;
        }

        var ownKinds = new[] { CommitteeKind.Village, CommitteeKind.Residents, CommitteeKind.Township, CommitteeKind.Street, CommitteeKind.CountyCentre };
        var candidates = await db.Set<Committee>()
            .Where(c => c.ConstitutedOn != null && ownKinds.Contains(c.Kind) && path.StartsWith(c.UnitPath))
            .ToListAsync(cancellationToken);
        return candidates.OrderByDescending(c => c.UnitPath.Length).ThenBy(c => c.Kind == CommitteeKind.CountyCentre).ThenBy(c => c.CreatedAt).FirstOrDefault();
    }

    private static DisputeType TypeOf(string? category) => category switch
    {
        "S0101" => DisputeType.Neighbourhood,
        "S0102" => DisputeType.Property,
        "S0103" => DisputeType.Labour,
        "S0104" => DisputeType.MarriageAndFamily,
        _ => DisputeType.Other,
    };
}
