using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Time;
using Fengqiao.Mediation.Committees;
using Fengqiao.Mediation.Disputes;
using Fengqiao.Mediation.Sessions;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Mediation.Workbench;

/// <summary>
/// The reads behind the mediator's workbench and the case page: my cases, my committees' open cases, today's sittings,
/// a case's history and whom a case may be given to. Everything within reach of <see cref="DisputeAccess"/>.
/// </summary>
public sealed class MediationWorkbench(FengqiaoDbContext db, Kernel.Access.ICurrentActor actor, DisputeAccess access)
{
    /// <summary>At most this many cases per list: a mediator with more needs the case list and its filters.</summary>
    public const int MaxCases = 200;

    public async Task<WorkbenchView> GetAsync(CancellationToken cancellationToken)
    {
        access.EnsureReader();
        var today = access.Today;
        var me = actor.UserId;
        var cases = (await access.CasesAsync(cancellationToken)).AsNoTracking();
        var open = cases.Where(c => c.Status == DisputeStatus.Accepted || c.Status == DisputeStatus.InMediation);
        var mine = await ListAsync(open.Where(c => c.Mediators.Any(m => m.UserId == me)), today, isMine: true, cancellationToken);
        var committees = await access.MyCommitteesAsync(cancellationToken);
        var others = committees.Count == 0
            ? []
            : await ListAsync(open.Where(c => committees.Contains(c.CommitteeId) && !c.Mediators.Any(m => m.UserId == me)), today, isMine: false, cancellationToken);

        // Today in Shanghai, as instants: sittings are stored in UTC.
        var from = ChinaTime.At(today, TimeOnly.MinValue).ToUniversalTime();
        var to = ChinaTime.At(today.AddDays(1), TimeOnly.MinValue).ToUniversalTime();
        var myCaseIds = cases.Where(c => c.Mediators.Any(m => m.UserId == me)).Select(c => c.Id);
        var sessions = await db.Set<MediationSession>().AsNoTracking().Include(s => s.Bookings)
            .Where(s => myCaseIds.Contains(s.CaseId) && s.Status != SessionStatus.Cancelled && s.StartsAt >= from && s.StartsAt < to)
            .OrderBy(s => s.StartsAt).ToListAsync(cancellationToken);
        var caseIds = sessions.Select(s => s.CaseId).Distinct().ToList();
        var titles = await cases.Where(c => caseIds.Contains(c.Id)).Select(c => new { c.Id, c.Number, c.Title }).ToDictionaryAsync(c => c.Id, cancellationToken);
        return new WorkbenchView(
            today, mine, others,
            [.. sessions.Select(s => new WorkbenchSession(
                s.Id, s.CaseId, titles[s.CaseId].Number, titles[s.CaseId].Title, s.Sequence, s.StartsAt, s.EndsAt, s.Place, s.Status,
                [.. s.Bookings.Select(b => b.Name)]))]);
    }

    /// <summary>The case's history from the audit log: intake, edits, parties, mediators, sittings, extensions and reveals of personal data.</summary>
    public async Task<IReadOnlyList<TimelineEntry>> TimelineAsync(Guid caseId, CancellationToken cancellationToken)
    {
        access.EnsureReader();
        var cases = await access.CasesAsync(cancellationToken);
        if (!await cases.AnyAsync(c => c.Id == caseId, cancellationToken))
        {
            throw new NotFoundException("该调解案件");
        }

        var partyTargets = (await db.Set<DisputeParty>().AsNoTracking().Where(p => p.CaseId == caseId).Select(p => p.Id).ToListAsync(cancellationToken))
            .Select(id => $"mediation-party:{id}").ToList();
        var target = TakeInDispute.Target(caseId);

        // The case is within reach (checked above); its audit entries carry its unit path, but a county officer's entry
        // about it may carry theirs, so the single-entity query reads by target without the jurisdiction filter.
        var entries = await db.AuditEntries.IgnoreQueryFilters().AsNoTracking()
            .Where(e => (e.Target == target || partyTargets.Contains(e.Target)) && e.Outcome == Kernel.Audit.AuditOutcome.Succeeded)
            .OrderBy(e => e.Sequence)
            .Select(e => new TimelineEntry(e.Sequence, e.OccurredAt, e.Action, e.ActorName, e.Detail))
            .ToListAsync(cancellationToken);
        return entries;
    }

    /// <summary>The committees the caller may take a dispute in for.</summary>
    public async Task<IReadOnlyList<IntakeCommittee>> IntakeCommitteesAsync(CancellationToken cancellationToken)
    {
        access.EnsureWorker();
        var committees = db.Set<Committee>().AsNoTracking().Where(c => c.ConstitutedOn != null);
        if (access.IsMediatorOnly)
        {
            var mine = await access.MyCommitteesAsync(cancellationToken);
            committees = committees.Where(c => mine.Contains(c.Id));
        }

        var rows = await committees.OrderBy(c => c.UnitPath).ThenBy(c => c.Name).Select(c => new { c.Id, c.Name, c.Kind, c.UnitCode }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new IntakeCommittee(r.Id, r.Name, r.Kind.Tier(), r.UnitCode))];
    }

    /// <summary>Current members of the case's committee with accounts, and mediators already on the case, by account name.</summary>
    public async Task<IReadOnlyList<MediatorChoice>> MediatorChoicesAsync(Guid caseId, CancellationToken cancellationToken)
    {
        access.EnsureReader();
        var cases = await access.CasesAsync(cancellationToken);
        var dispute = await cases.AsNoTracking().Include(c => c.Mediators).SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken)
            ?? throw new NotFoundException("该调解案件");
        var today = access.Today;
        var members = await db.Set<CommitteeMember>().AsNoTracking()
            .Where(m => m.CommitteeId == dispute.CommitteeId && m.UserId != null && m.From <= today && (m.To == null || m.To >= today))
            .Select(m => new { UserId = m.UserId!.Value, m.Name }).ToListAsync(cancellationToken);
        var people = members.Select(m => (m.UserId, m.Name))
            .Concat(dispute.Mediators.Select(m => (m.UserId, m.Name)))
            .DistinctBy(p => p.UserId).ToList();
        var ids = people.Select(p => p.UserId).ToList();
        var userNames = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.UserName }).ToDictionaryAsync(u => u.Id, u => u.UserName, cancellationToken);
        return [.. people.Where(p => userNames.GetValueOrDefault(p.UserId) is not null)
            .Select(p => new MediatorChoice(userNames[p.UserId]!, p.Name, dispute.Mediators.Any(m => m.UserId == p.UserId)))
            .OrderByDescending(c => c.IsAssigned).ThenBy(c => c.Name, StringComparer.Ordinal)];
    }

    private static async Task<IReadOnlyList<WorkbenchCase>> ListAsync(IQueryable<MediationCase> cases, DateOnly today, bool isMine, CancellationToken cancellationToken)
    {
        var rows = await cases
            .OrderBy(c => c.DueOn).ThenByDescending(c => c.RiskLevel).ThenBy(c => c.CreatedAt)
            .Take(MaxCases)
            .Select(c => new
            {
                c.Id, c.Number, c.Title, c.Type, c.CommitteeId, c.CommitteeName, c.Status, c.RiskLevel, c.AcceptedOn, c.DueOn,
                Parties = c.Parties.OrderBy(p => p.Role).Select(p => p.NameMasked).ToList(),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new WorkbenchCase(
            r.Id, r.Number, r.Title, r.Type, r.Type.DisplayName(), r.CommitteeId, r.CommitteeName, r.Status, r.RiskLevel, string.Join("、", r.Parties),
            r.AcceptedOn, r.DueOn, today > r.DueOn, isMine))];
    }
}
