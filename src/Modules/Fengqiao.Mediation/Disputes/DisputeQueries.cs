using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Mediation.Disputes;

/// <summary>Lists and opens mediation cases within reach (jurisdiction, and a mediator's own committees); parties masked.</summary>
public sealed class DisputeQueries(FengqiaoDbContext db, ICurrentActor actor, DisputeAccess access)
{
    public const int MaxPageSize = 200;

    public async Task<DisputePage> ListAsync(DisputeListQuery query, CancellationToken cancellationToken)
    {
        access.EnsureReader();
        var cases = (await access.CasesAsync(cancellationToken)).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Unit))
        {
            var code = query.Unit.Trim();
            var path = await db.Units.Where(u => u.Code == code).Select(u => u.Path).SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException($"单位 {code}");
            cases = cases.Where(c => c.UnitPath.StartsWith(path));
        }

        if (query.Committee is { } committee)
        {
            cases = cases.Where(c => c.CommitteeId == committee);
        }

        if (query.Status is { } status)
        {
            cases = cases.Where(c => c.Status == status);
        }

        if (query.MinRisk is { } risk)
        {
            cases = cases.Where(c => c.RiskLevel >= risk);
        }

        if (query.Type is { } type)
        {
            cases = cases.Where(c => c.Type == type);
        }

        if (query.Mine == true)
        {
            var me = actor.UserId;
            cases = cases.Where(c => c.Mediators.Any(m => m.UserId == me));
        }

        var pageSize = Math.Clamp(query.PageSize ?? 50, 1, MaxPageSize);
        var page = Math.Max(query.Page ?? 1, 1);
        var total = await cases.CountAsync(cancellationToken);
        var rows = await cases
            .OrderByDescending(c => c.RiskLevel).ThenByDescending(c => c.CreatedAt)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(c => new
            {
                c.Id, c.Number, c.Title, c.Type, c.Source, c.CommitteeId, c.CommitteeName, c.Tier, c.Status, c.RiskLevel, c.PeopleInvolved, c.Amount,
                c.AcceptedOn, c.GridCode, c.CreatedAt, Parties = c.Parties.OrderBy(p => p.Role).Select(p => p.NameMasked).ToList(),
            })
            .ToListAsync(cancellationToken);
        return new DisputePage(
            [.. rows.Select(r => new DisputeSummary(
                r.Id, r.Number, r.Title, r.Type, r.Type.DisplayName(), r.Source, r.CommitteeId, r.CommitteeName, r.Tier, r.Status, r.RiskLevel,
                r.PeopleInvolved, r.Amount, string.Join("、", r.Parties), r.AcceptedOn, r.GridCode))],
            total, page, pageSize);
    }

    public async Task<DisputeDetail> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        access.EnsureReader();
        var cases = await access.CasesAsync(cancellationToken);
        var c = await cases.AsNoTracking().AsSplitQuery().Include(x => x.Parties).Include(x => x.Mediators).SingleOrDefaultAsync(x => x.Id == id, cancellationToken)
            ?? throw new NotFoundException("该调解案件");
        return new DisputeDetail(
            c.Id, c.Number, c.Title, c.Type, c.Type.DisplayName(), c.Source, c.Source.DisplayName(), c.SourceReference, c.CommitteeId, c.CommitteeName,
            c.Tier, c.UnitCode, c.Status, c.RiskLevel, c.RiskReasons?.Split('\n') ?? [], c.Facts, c.Claims, c.Amount, c.PeopleInvolved,
            c.Longitude, c.Latitude, c.Address, c.GridCode, c.CommunityCode, c.AcceptedOn, c.DueOn, c.CreatedAt, c.UpdatedAt, c.Version,
            [.. c.Parties.OrderBy(p => p.Role).ThenBy(p => p.Id).Select(View)],
            [.. c.Mediators.OrderBy(m => m.AssignedAt).Select(m => new CaseMediatorView(m.UserId, m.Name, m.AssignedAt))],
            c.Status.DisplayName(), c.ClosedOn, c.ResolvedTier);
    }

    internal static PartyView View(DisputeParty p) =>
        new(p.Id, p.Kind, p.Role, p.NameMasked, p.IdentityNumberMasked, p.PhoneMasked, p.IsVulnerable, p.Vulnerability);
}
