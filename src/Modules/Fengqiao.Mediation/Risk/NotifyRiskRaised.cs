using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Messaging;
using Fengqiao.Kernel.Notifications;
using Fengqiao.Kernel.Units;
using Fengqiao.Mediation.Committees;
using Fengqiao.Mediation.Disputes;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Mediation.Risk;

/// <summary>
/// Tells the street (every account of the dispute's street) and the county centre (the centre's members with accounts,
/// or the county's accounts when no centre is registered) that a dispute became high or critical risk. Idempotent per level.
/// </summary>
internal sealed class NotifyRiskRaised(FengqiaoDbContext db, Notifier notifier, TimeProvider clock) : IDomainEventHandler<DisputeRiskRaised>
{
    public async Task HandleAsync(DisputeRiskRaised raised, CancellationToken cancellationToken)
    {
        var codes = raised.UnitPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var streetCode = codes.Length >= (int)UnitLevel.Street ? codes[(int)UnitLevel.Street - 1] : null;
        var countyCode = codes.Length >= (int)UnitLevel.County ? codes[(int)UnitLevel.County - 1] : null;
        var recipients = new HashSet<Guid>();
        if (streetCode is not null)
        {
            recipients.UnionWith(await UsersOfUnitAsync(streetCode, cancellationToken));
        }

        if (countyCode is not null)
        {
            var today = DateOnly.FromDateTime(Kernel.Time.ChinaTime.ToLocal(clock.GetUtcNow()).DateTime);
            var countyPath = "/" + string.Join('/', codes.Take((int)UnitLevel.County)) + "/";
            var centreMembers = await db.Set<CommitteeMember>()
                .Where(m => m.UserId != null && m.From <= today && (m.To == null || m.To >= today)
                    && db.Set<Committee>().Any(c => c.Id == m.CommitteeId && c.Kind == CommitteeKind.CountyCentre && c.UnitPath == countyPath))
                .Select(m => m.UserId!.Value).ToListAsync(cancellationToken);
            recipients.UnionWith(centreMembers.Count > 0 ? centreMembers : await UsersOfUnitAsync(countyCode, cancellationToken));
        }

        var title = $"{raised.To.DisplayName()}风险纠纷：{raised.Number}";
        var body = $"{raised.Title}。{string.Join("；", raised.Reasons)}。请立即关注并部署化解。";
        await notifier.NotifyAsync(recipients, title, body, $"/mediation/cases/{raised.CaseId}", $"mediation-risk:{raised.CaseId:N}:{raised.To}", cancellationToken);
    }

    private async Task<List<Guid>> UsersOfUnitAsync(string unitCode, CancellationToken cancellationToken) =>
        await db.Set<UserUnit>()
            .Join(db.Units, m => m.UnitId, u => u.Id, (m, u) => new { m.UserId, u.Code })
            .Where(x => x.Code == unitCode)
            .Select(x => x.UserId).Distinct().ToListAsync(cancellationToken);
}
