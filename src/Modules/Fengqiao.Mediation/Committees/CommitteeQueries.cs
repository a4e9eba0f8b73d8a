using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Privacy;
using Fengqiao.Kernel.Time;
using Fengqiao.Mediation.Disputes;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Mediation.Committees;

/// <summary>Mediation organisations within the caller's jurisdiction, their members and the mediators' workload.</summary>
public sealed class CommitteeQueries(FengqiaoDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<CommitteeSummary>> ListAsync(CommitteeKind? kind, string? unit, CancellationToken cancellationToken)
    {
        var committees = db.Set<Committee>().AsNoTracking();
        if (kind is { } k)
        {
            committees = committees.Where(c => c.Kind == k);
        }

        if (!string.IsNullOrWhiteSpace(unit))
        {
            var code = unit.Trim();
            var path = await db.Units.Where(u => u.Code == code).Select(u => u.Path).SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException($"单位 {code}");
            committees = committees.Where(c => c.UnitPath.StartsWith(path));
        }

        var today = Today();
        var rows = await committees.OrderBy(c => c.UnitPath).ThenBy(c => c.Kind).ThenBy(c => c.Name)
            .Select(c => new
            {
                Committee = c,
                UnitName = db.Units.Where(u => u.Id == c.UnitId).Select(u => u.Name).FirstOrDefault(),
                Current = c.Members.Where(m => m.From <= today && (m.To == null || m.To >= today)).Select(m => new { m.Role, m.Gender }).ToList(),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r =>
        {
            var seats = r.Current.Where(m => m.Role.IsCommitteeSeat()).ToList();
            var c = r.Committee;
            return new CommitteeSummary(
                c.Id, c.Kind, c.Kind.DisplayName(), c.Tier, c.Name, c.Sector, c.UnitCode, r.UnitName ?? c.UnitCode, c.ConstitutedOn,
                seats.Count, seats.Count(m => m.Gender == Gender.Female), r.Current.Count(m => m.Role == CommitteeRole.Mediator));
        })];
    }

    public async Task<CommitteeDetail> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var committee = await db.Set<Committee>().AsNoTracking().AsSplitQuery().Include(c => c.Members).Include(c => c.Windows)
            .SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException("该调解组织");
        var unitName = await db.Units.Where(u => u.Id == committee.UnitId).Select(u => u.Name).SingleOrDefaultAsync(cancellationToken);
        var workload = await WorkloadAsync(committee.Members.Where(m => m.UserId != null).Select(m => m.UserId!.Value).ToList(), cancellationToken);
        var today = Today();
        return new CommitteeDetail(
            committee.Id, committee.Kind, committee.Kind.DisplayName(), committee.Tier, committee.Name, committee.Sector, committee.UnitCode,
            unitName ?? committee.UnitCode, committee.Address, committee.Phone, committee.ConstitutedOn, committee.Version,
            [.. committee.Members.OrderBy(m => m.Role).ThenBy(m => m.From).ThenBy(m => m.Name)
                .Select(m => View(m, today, m.UserId is { } u ? workload.GetValueOrDefault(u) : 0))],
            [.. committee.Windows.OrderBy(w => w.Name).Select(w => new CentreWindowView(w.Id, w.Name, w.Agency))]);
    }

    /// <summary>Current mediators with accounts within reach, optionally of one dispute type, least busy first.</summary>
    public async Task<IReadOnlyList<MediatorView>> MediatorsAsync(string? unit, DisputeType? expertise, CancellationToken cancellationToken)
    {
        var today = Today();
        var members = db.Set<CommitteeMember>().AsNoTracking().Where(m => m.UserId != null && m.From <= today && (m.To == null || m.To >= today));
        if (!string.IsNullOrWhiteSpace(unit))
        {
            var code = unit.Trim();
            var path = await db.Units.Where(u => u.Code == code).Select(u => u.Path).SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException($"单位 {code}");
            members = members.Where(m => m.UnitPath.StartsWith(path));
        }

        var rows = await members
            .Join(db.Set<Committee>(), m => m.CommitteeId, c => c.Id, (m, c) => new { Member = m, CommitteeName = c.Name })
            .ToListAsync(cancellationToken);
        if (expertise is { } type)
        {
            rows = [.. rows.Where(r => r.Member.ExpertiseList.Contains(type))];
        }

        var workload = await WorkloadAsync([.. rows.Select(r => r.Member.UserId!.Value).Distinct()], cancellationToken);
        return [.. rows
            .Select(r => new MediatorView(
                r.Member.Id, r.Member.CommitteeId, r.CommitteeName, r.Member.Name, r.Member.Gender, r.Member.Role, r.Member.UserId,
                r.Member.ExpertiseList, r.Member.CertificateNumber, workload.GetValueOrDefault(r.Member.UserId!.Value)))
            .OrderBy(m => m.OpenCases).ThenBy(m => m.Name)];
    }

    /// <summary>工作量: open cases each account is assigned to, wherever the cases are (this query reads assignments and cases only).</summary>
    internal async Task<Dictionary<Guid, int>> WorkloadAsync(IReadOnlyList<Guid> userIds, CancellationToken cancellationToken)
    {
        if (userIds.Count == 0)
        {
            return [];
        }

        var open = new[] { DisputeStatus.Accepted, DisputeStatus.InMediation };
        return await db.Set<CaseMediator>().IgnoreQueryFilters()
            .Where(m => userIds.Contains(m.UserId))
            .Join(db.Set<MediationCase>().IgnoreQueryFilters(), m => m.CaseId, c => c.Id, (m, c) => new { m.UserId, c.Status })
            .Where(x => open.Contains(x.Status))
            .GroupBy(x => x.UserId)
            .Select(g => new { UserId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.UserId, x => x.Count, cancellationToken);
    }

    internal static CommitteeMemberView View(CommitteeMember m, DateOnly today, int openCases) =>
        new(m.Id, m.Name, m.Gender, m.Role, m.Role.DisplayName(), m.UserId, m.ExpertiseList, m.CertificateNumber, m.CertifiedOn, m.From, m.To, m.IsCurrent(today), openCases);

    private DateOnly Today() => DateOnly.FromDateTime(ChinaTime.ToLocal(clock.GetUtcNow()).DateTime);
}
