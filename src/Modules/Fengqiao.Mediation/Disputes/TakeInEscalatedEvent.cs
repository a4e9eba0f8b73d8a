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
/// holding it takes it in as a case with the report's title, description, place and the reason for escalating, so that
/// mediation starts without anyone typing it again. Reads only the published <see cref="CaseEscalated"/>, never the
/// events module's tables; the unique source-event index makes redelivery harmless.
/// </summary>
internal sealed class TakeInEscalatedEvent(
    FengqiaoDbContext db, IAuditTrail audit, RiskAssessor risk, TimeProvider clock, ILogger<TakeInEscalatedEvent> logger) : IDomainEventHandler<CaseEscalated>
{
    public const string DisputeCategoryPrefix = "S01";
    public const string Action = "mediation.case.from-event";

    /// <summary>What the parties ask for is not part of an event report; the mediator records it on first contact.</summary>
    public const string ClaimsToConfirm = "当事人诉求待调解员向当事人核实后补充。";

    /// <summary>Only escalated dispute events concern mediation; no other escalation is queued for this handler.</summary>
    public static bool Wants(CaseEscalated escalated) =>
        escalated.CategoryCode?.StartsWith(DisputeCategoryPrefix, StringComparison.Ordinal) == true && escalated.HolderUnitCode is not null;

    public async Task HandleAsync(CaseEscalated escalated, CancellationToken cancellationToken)
    {
        if (!Wants(escalated))
        {
            return;
        }

        if (await db.Set<MediationCase>().IgnoreQueryFilters().AnyAsync(c => c.SourceEventId == escalated.CaseId, cancellationToken))
        {
            return;
        }

        var committee = await CommitteeForAsync(escalated.HolderUnitCode!, cancellationToken);
        if (committee is null)
        {
            logger.LogWarning("Escalated dispute event {TrackingCode} reached {Unit}, which has no constituted mediation committee.", escalated.TrackingCode, escalated.HolderUnitCode);
            return;
        }

        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(ChinaTime.ToLocal(now).DateTime);
        var dispute = new MediationCase(
            await TakeInDispute.NewNumberAsync(db, now, cancellationToken), committee, DisputeSource.EscalatedEvent, escalated.TrackingCode, escalated.CaseId, TypeOf(escalated.CategoryCode),
            Clip(escalated.Title, MediationCase.MaxTitleLength), FactsOf(escalated), ClaimsToConfirm, null, 1,
            new DisputePlace(escalated.Longitude, escalated.Latitude, Clip(escalated.Address, MediationCase.MaxAddressLength), escalated.GridCode, escalated.CommunityCode),
            today, null, now);
        dispute.AssessRisk(await risk.AssessAsync(dispute, cancellationToken), now);
        dispute.CheckClusters(now);
        db.Add(dispute);
        audit.Record(Action, TakeInDispute.Target(dispute.Id), dispute.UnitPath, $"事件 {escalated.TrackingCode} 提级转入，{committee.Name}受理 {dispute.Number}");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent delivery of the same step may have taken it in first; anything else is a real failure.
            if (!await AlreadyTakenAsync(escalated.CaseId))
            {
                throw;
            }
        }
    }

    /// <summary>The report as told, then where it came from and why it was escalated, within the case's text limit.</summary>
    internal static string FactsOf(CaseEscalated escalated)
    {
        var trailer = $"\n\n（网格事件 {escalated.TrackingCode}，{ChinaTime.Format(escalated.ReportedAt)} 上报；提级理由：{escalated.Reason}）";
        var report = escalated.Description.Trim();
        var room = Math.Max(0, MediationCase.MaxTextLength - trailer.Length);
        return Clip(report.Length > room ? report[..room] + trailer : report + trailer, MediationCase.MaxTextLength);
    }

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    private static string? Clip(string? text, int max) => text?.Trim() is { } trimmed && trimmed.Length > max ? trimmed[..max] : text?.Trim();

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
