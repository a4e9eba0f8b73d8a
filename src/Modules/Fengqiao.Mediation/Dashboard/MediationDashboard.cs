using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Mediation.Disputes;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Mediation.Dashboard;

/// <summary>The county or street centre's view of open disputes within the caller's jurisdiction (a mediator: their committees).</summary>
public sealed class MediationDashboard(FengqiaoDbContext db, DisputeAccess access)
{
    public const int MaxPoints = 2000;

    /// <summary>The dashboard, optionally narrowed by <paramref name="unit"/> to a unit's subtree (a division code within reach).</summary>
    public async Task<DashboardView> GetAsync(string? unit, CancellationToken cancellationToken)
    {
        access.EnsureReader();
        var today = access.Today;
        var cases = (await access.CasesAsync(cancellationToken)).AsNoTracking()
            .Where(c => c.Status == DisputeStatus.Accepted || c.Status == DisputeStatus.InMediation);
        if (!string.IsNullOrWhiteSpace(unit))
        {
            var code = unit.Trim();
            var path = await db.Units.Where(u => u.Code == code).Select(u => u.Path).SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException($"单位 {code}");
            cases = cases.Where(c => c.UnitPath.StartsWith(path));
        }

        var byRisk = await cases.GroupBy(c => c.RiskLevel).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var byType = await cases.GroupBy(c => c.Type).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var overdue = await cases.CountAsync(c => c.DueOn < today, cancellationToken);
        var located = cases.Where(c => c.Longitude != null && c.Latitude != null);
        var points = await located
            .OrderByDescending(c => c.RiskLevel).ThenBy(c => c.DueOn)
            .Take(MaxPoints + 1)
            .Select(c => new { c.Id, c.Number, c.Title, c.RiskLevel, c.Status, c.Type, c.DueOn, c.Longitude, c.Latitude })
            .ToListAsync(cancellationToken);
        return new DashboardView(
            today,
            byRisk.Sum(r => r.Count),
            overdue,
            [.. Enum.GetValues<RiskLevel>().OrderByDescending(l => l).Select(l => new RiskCount(l, l.DisplayName(), byRisk.FirstOrDefault(r => r.Key == l)?.Count ?? 0))],
            [.. byType.OrderByDescending(t => t.Count).ThenBy(t => t.Key).Select(t => new TypeCount(t.Key, t.Key.DisplayName(), t.Count))],
            [.. points.Take(MaxPoints).Select(p => new RiskPoint(
                p.Id, p.Number, p.Title, p.RiskLevel, p.Status, p.Type, p.Type.DisplayName(), p.DueOn, today > p.DueOn, p.Longitude!.Value, p.Latitude!.Value))],
            points.Count > MaxPoints);
    }
}
