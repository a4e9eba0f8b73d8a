using System.Globalization;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Messaging;
using Fengqiao.Kernel.Notifications;
using Fengqiao.Kernel.Time;
using Fengqiao.Kernel.Units;
using Fengqiao.Mediation.Committees;
using Fengqiao.Mediation.Disputes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fengqiao.Mediation.Systemic;

/// <summary>
/// 系统性风险研判（源头治理）: three detectors over the disputes of the whole installation, run as the system (on intake
/// and every change of a dispute through the outbox, and periodically by <see cref="SystemicSweep"/>):
/// <list type="bullet">
/// <item>rising type — disputes of one type in one community in the last period against the mean of the community's
/// own earlier periods (<see cref="SystemicOptions.RisingMinCount"/> and <see cref="SystemicOptions.RisingFactor"/>);</item>
/// <item>organisation — open or recent disputes with the same organisation as respondent, matched by the blind index
/// of its normalised name (<see cref="SystemicOptions.OrganisationMinCases"/>);</item>
/// <item>address — open or recent disputes at the same address (<see cref="SystemicOptions.AddressMinCases"/>).</item>
/// </list>
/// Each cluster raises ONE issue (the open one's key is unique); a further dispute of the cluster joins it.
/// </summary>
public sealed class SystemicDetector(FengqiaoDbContext db, IOptionsMonitor<SystemicOptions> options, Notifier notifier, IAuditTrail audit, TimeProvider clock)
{
    public const string RaisedAction = "mediation.systemic.raised";
    public const string LinkedAction = "mediation.systemic.linked";

    private DateOnly Today => DateOnly.FromDateTime(ChinaTime.ToLocal(clock.GetUtcNow()).DateTime);

    /// <summary>Runs every detector for the clusters one dispute belongs to. Returns the issues raised or joined.</summary>
    public async Task<IReadOnlyList<Guid>> DetectForCaseAsync(Guid caseId, CancellationToken cancellationToken)
    {
        var dispute = await db.Set<MediationCase>().AsNoTracking().Include(c => c.Parties).SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (dispute is null)
        {
            return [];
        }

        var touched = new List<Guid>();
        if (CommunityOf(dispute) is { } community)
        {
            touched.AddRange(await RisingAsync(community, dispute.Type, cancellationToken));
        }

        foreach (var organisation in dispute.Parties.Where(p => p.Kind == PartyKind.Organisation && p.Role == PartyRole.Respondent).DistinctBy(p => p.NameIndex))
        {
            touched.AddRange(await OrganisationAsync(organisation.NameIndex, organisation.OrganisationName ?? organisation.NameMasked, cancellationToken));
        }

        if (dispute.Address is { Length: > 0 } address)
        {
            touched.AddRange(await AddressAsync(address, cancellationToken));
        }

        return touched;
    }

    /// <summary>The periodic sweep: finds candidate clusters with grouped counts, then evaluates each like an intake would.</summary>
    public async Task<IReadOnlyList<Guid>> SweepAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var (windowStart, _) = Windows(settings);
        var recent = Today.AddDays(-settings.RecentDays);
        var cases = db.Set<MediationCase>().AsNoTracking();
        var rising = await cases.Where(c => c.AcceptedOn >= windowStart)
            .GroupBy(c => new { Community = c.CommunityCode ?? c.UnitCode, c.Type })
            .Where(g => g.Count() >= settings.RisingMinCount)
            .Select(g => new { g.Key.Community, g.Key.Type })
            .ToListAsync(cancellationToken);
        var live = cases.Where(c => c.Status == DisputeStatus.Accepted || c.Status == DisputeStatus.InMediation || c.AcceptedOn >= recent);
        var organisations = await db.Set<DisputeParty>().AsNoTracking()
            .Where(p => p.Kind == PartyKind.Organisation && p.Role == PartyRole.Respondent && live.Any(c => c.Id == p.CaseId))
            .GroupBy(p => p.NameIndex)
            .Where(g => g.Count() >= settings.OrganisationMinCases)
            .Select(g => new { Index = g.Key, Name = g.Max(p => p.OrganisationName) })
            .ToListAsync(cancellationToken);
        var addresses = await live.Where(c => c.Address != null)
            .GroupBy(c => c.Address!)
            .Where(g => g.Count() >= settings.AddressMinCases)
            .Select(g => g.Key)
            .ToListAsync(cancellationToken);

        var touched = new List<Guid>();
        foreach (var candidate in rising)
        {
            touched.AddRange(await RisingAsync(candidate.Community, candidate.Type, cancellationToken));
        }

        foreach (var organisation in organisations)
        {
            touched.AddRange(await OrganisationAsync(organisation.Index, organisation.Name ?? "", cancellationToken));
        }

        foreach (var address in addresses)
        {
            touched.AddRange(await AddressAsync(address, cancellationToken));
        }

        return touched;
    }

    /// <summary>The community a dispute arose in: the located community, else the committee's unit when that is a community.</summary>
    private static string? CommunityOf(MediationCase dispute) =>
        dispute.CommunityCode ?? (Depth(dispute.UnitPath) == (int)UnitLevel.Community ? dispute.UnitCode : null);

    private static (DateOnly WindowStart, DateOnly BaselineStart) Windows(SystemicOptions settings, DateOnly today)
    {
        var windowStart = today.AddDays(-(settings.PeriodDays - 1));
        return (windowStart, windowStart.AddDays(-settings.PeriodDays * settings.BaselinePeriods));
    }

    private (DateOnly WindowStart, DateOnly BaselineStart) Windows(SystemicOptions settings) => Windows(settings, Today);

    private async Task<IReadOnlyList<Guid>> RisingAsync(string communityCode, DisputeType type, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var community = await db.Units.AsNoTracking().Where(u => u.Code == communityCode).Select(u => new { u.Path, u.Code, u.Name, u.Level }).SingleOrDefaultAsync(cancellationToken);
        if (community is null || community.Level != UnitLevel.Community)
        {
            return [];
        }

        var (windowStart, baselineStart) = Windows(settings);
        var ofType = db.Set<MediationCase>().AsNoTracking()
            .Where(c => c.Type == type && (c.CommunityCode == communityCode || (c.CommunityCode == null && c.UnitCode == communityCode)));
        var current = await ofType.Where(c => c.AcceptedOn >= windowStart).Select(c => new CaseRef(c.Id, c.Number, c.UnitPath)).ToListAsync(cancellationToken);
        var baseline = await ofType.CountAsync(c => c.AcceptedOn >= baselineStart && c.AcceptedOn < windowStart, cancellationToken);
        var mean = (double)baseline / settings.BaselinePeriods;
        var rising = current.Count >= settings.RisingMinCount && current.Count >= settings.RisingFactor * mean;
        var finding = string.Create(
            CultureInfo.InvariantCulture,
            $"近 {settings.PeriodDays} 天受理{type.DisplayName()} {current.Count} 起，此前 {settings.BaselinePeriods} 期（每期 {settings.PeriodDays} 天）平均 {mean:0.0} 起（阈值：至少 {settings.RisingMinCount} 起且不低于平均的 {settings.RisingFactor:0.#} 倍）");
        return await ApplyAsync(
            $"rising:{communityCode}:{type}", rising, current,
            () => Task.FromResult(new Draft(
                SystemicIssueKind.RisingType, $"{community.Name}{type.DisplayName()}激增", finding, type, null, null,
                new AddressedUnit(community.Path, community.Code, community.Name, UnitLevel.Community))),
            finding, cancellationToken);
    }

    private async Task<IReadOnlyList<Guid>> OrganisationAsync(string nameIndex, string name, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var recent = Today.AddDays(-settings.RecentDays);
        var caseIds = db.Set<DisputeParty>().Where(p => p.Kind == PartyKind.Organisation && p.Role == PartyRole.Respondent && p.NameIndex == nameIndex).Select(p => p.CaseId);
        var cases = await db.Set<MediationCase>().AsNoTracking()
            .Where(c => caseIds.Contains(c.Id) && (c.Status == DisputeStatus.Accepted || c.Status == DisputeStatus.InMediation || c.AcceptedOn >= recent))
            .Select(c => new { c.Id, c.Number, c.UnitPath, c.Type, c.Amount })
            .ToListAsync(cancellationToken);
        var types = string.Join("、", cases.GroupBy(c => c.Type).OrderByDescending(g => g.Count()).Select(g => $"{g.Key.DisplayName()} {g.Count()} 起"));
        var amount = cases.Sum(c => c.Amount ?? 0m);
        var finding = string.Create(
            CultureInfo.InvariantCulture,
            $"{cases.Count} 起未结或近 {settings.RecentDays} 天受理的纠纷以“{name}”为被申请人（{types}），涉及金额合计 {amount:0.##} 元（阈值：{settings.OrganisationMinCases} 起）");
        var refs = cases.Select(c => new CaseRef(c.Id, c.Number, c.UnitPath)).ToList();
        return await ApplyAsync(
            $"organisation:{nameIndex}", cases.Count >= settings.OrganisationMinCases, refs,
            async () => new Draft(
                SystemicIssueKind.Organisation, $"{name}涉及多起纠纷", finding, cases.Count > 0 && cases.All(c => c.Type == cases[0].Type) ? cases[0].Type : null, name, null,
                await AddressedAsync(refs, UnitLevel.Street, cancellationToken)),
            finding, cancellationToken);
    }

    private async Task<IReadOnlyList<Guid>> AddressAsync(string address, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var recent = Today.AddDays(-settings.RecentDays);
        var cases = await db.Set<MediationCase>().AsNoTracking()
            .Where(c => c.Address == address && (c.Status == DisputeStatus.Accepted || c.Status == DisputeStatus.InMediation || c.AcceptedOn >= recent))
            .Select(c => new CaseRef(c.Id, c.Number, c.UnitPath))
            .ToListAsync(cancellationToken);
        var finding = $"“{address}”有 {cases.Count} 起未结或近 {settings.RecentDays} 天受理的纠纷（阈值：{settings.AddressMinCases} 起）";
        return await ApplyAsync(
            $"address:{address}", cases.Count >= settings.AddressMinCases, cases,
            async () => new Draft(SystemicIssueKind.Address, $"{address}纠纷反复发生", finding, null, null, address, await AddressedAsync(cases, null, cancellationToken)),
            finding, cancellationToken);
    }

    /// <summary>
    /// Raises the cluster's issue when the detector fired and none is open, or links the cluster's disputes to the open
    /// one. A simultaneous raise of the same cluster loses on the unique open key and joins instead.
    /// </summary>
    private async Task<IReadOnlyList<Guid>> ApplyAsync(
        string key, bool fired, IReadOnlyList<CaseRef> cases, Func<Task<Draft>> draft, string finding, CancellationToken cancellationToken)
    {
        if (key.Length > SystemicIssue.MaxKeyLength)
        {
            key = key[..SystemicIssue.MaxKeyLength];
        }

        for (var attempt = 0; ; attempt++)
        {
            var now = clock.GetUtcNow();
            var issue = await db.Set<SystemicIssue>().Include(i => i.Cases).SingleOrDefaultAsync(i => i.OpenKey == key, cancellationToken);
            var raised = false;
            if (issue is null)
            {
                if (!fired || cases.Count == 0)
                {
                    return [];
                }

                var d = await draft();
                issue = new SystemicIssue(
                    d.Kind, key, Clip(d.Title, SystemicIssue.MaxTitleLength), Clip(d.Finding, SystemicIssue.MaxNoteLength), d.Type, d.OrganisationName, d.Address,
                    d.Unit.Path, d.Unit.Code, d.Unit.Name, TierOf(d.Unit.Level), now);
                db.Add(issue);
                raised = true;
            }

            HashSet<Guid> known = raised ? [] : issue.Cases.Select(c => c.Id).ToHashSet();
            var linked = new List<string>();
            foreach (var dispute in cases)
            {
                if (issue.Link(dispute.Id, dispute.Number, recordEntry: !raised, now))
                {
                    linked.Add(dispute.Number);
                }
            }

            if (!raised && linked.Count == 0)
            {
                return [issue.Id];
            }

            if (!raised)
            {
                // Children reached through a tracked issue carry their own keys: added explicitly, as elsewhere in the module.
                foreach (var link in issue.Cases.Where(c => !known.Contains(c.Id)))
                {
                    db.Entry(link).State = EntityState.Added;
                }

                foreach (var entry in issue.Entries)
                {
                    db.Entry(entry).State = EntityState.Added;
                }

                issue.Refind(Clip(finding, SystemicIssue.MaxNoteLength), now);
                audit.Record(LinkedAction, Target(issue.Id), issue.UnitPath, $"{issue.Title}：关联 {string.Join("、", linked)}");
            }
            else
            {
                audit.Record(RaisedAction, Target(issue.Id), issue.UnitPath, $"{issue.Kind.DisplayName()}：{issue.Title}，交{issue.UnitName}，关联 {string.Join("、", linked)}");
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (attempt == 0 && raised && db.IsUniqueViolation<SystemicIssue>(ex, nameof(SystemicIssue.OpenKey)))
            {
                db.ChangeTracker.Clear();
                continue;
            }

            if (raised)
            {
                await NotifyAsync(issue, cancellationToken);
            }

            return [issue.Id];
        }
    }

    /// <summary>Tells the addressed unit's accounts (and, for the county, the conflict-resolution centre's members).</summary>
    internal async Task NotifyAsync(SystemicIssue issue, CancellationToken cancellationToken)
    {
        var recipients = new HashSet<Guid>(await db.Set<UserUnit>()
            .Join(db.Units, m => m.UnitId, u => u.Id, (m, u) => new { m.UserId, u.Code })
            .Where(x => x.Code == issue.UnitCode)
            .Select(x => x.UserId).Distinct().ToListAsync(cancellationToken));
        if (issue.AddressedTier == MediationTier.County)
        {
            var today = Today;
            recipients.UnionWith(await db.Set<CommitteeMember>()
                .Where(m => m.UserId != null && m.From <= today && (m.To == null || m.To >= today)
                    && db.Set<Committee>().Any(c => c.Id == m.CommitteeId && c.Kind == CommitteeKind.CountyCentre && c.UnitPath == issue.UnitPath))
                .Select(m => m.UserId!.Value).ToListAsync(cancellationToken));
        }

        await notifier.NotifyAsync(
            recipients, $"系统性风险：{issue.Title}", $"{issue.Finding}。请研究源头治理措施，签收并记录处理情况。", $"/mediation/systemic-issues/{issue.Id}",
            $"mediation-systemic:{issue.Id:N}:{issue.Reopened}", cancellationToken);
    }

    /// <summary>The lowest common unit of the disputes, lifted to at least <paramref name="atLeast"/> (e.g. the street for an organisation).</summary>
    private async Task<AddressedUnit> AddressedAsync(IReadOnlyList<CaseRef> cases, UnitLevel? atLeast, CancellationToken cancellationToken)
    {
        var common = cases.Select(c => c.UnitPath.Split('/', StringSplitOptions.RemoveEmptyEntries)).Aggregate((a, b) => [.. a.Zip(b).TakeWhile(p => p.First == p.Second).Select(p => p.First)]);
        if (atLeast is { } level && common.Length > (int)level)
        {
            common = common[..(int)level];
        }

        var path = "/" + string.Join('/', common) + "/";
        var unit = await db.Units.AsNoTracking().Where(u => u.Path == path).Select(u => new { u.Path, u.Code, u.Name, u.Level }).SingleOrDefaultAsync(cancellationToken);
        return unit is null
            ? new AddressedUnit(path, common.LastOrDefault() ?? "", common.LastOrDefault() ?? "", (UnitLevel)Math.Max(common.Length, 1))
            : new AddressedUnit(unit.Path, unit.Code, unit.Name, unit.Level);
    }

    private static MediationTier TierOf(UnitLevel level) => level switch
    {
        UnitLevel.Community or UnitLevel.Grid => MediationTier.VillageOrCommunity,
        UnitLevel.Street => MediationTier.TownshipOrStreet,
        _ => MediationTier.County,
    };

    private static int Depth(string unitPath) => unitPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Length;

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];

    internal static string Target(Guid issueId) => $"systemic-issue:{issueId}";

    private sealed record CaseRef(Guid Id, string Number, string UnitPath);

    private sealed record AddressedUnit(string Path, string Code, string Name, UnitLevel Level);

    private sealed record Draft(
        SystemicIssueKind Kind, string Title, string Finding, DisputeType? Type, string? OrganisationName, string? Address, AddressedUnit Unit);
}

/// <summary>A dispute was taken in or changed: its clusters are checked for systemic issues.</summary>
public sealed record DisputeClusterTouched(Guid CaseId, DateTimeOffset At) : IDomainEvent;

/// <summary>Runs the detectors for the dispute's clusters (as the system; harmless when delivered twice).</summary>
internal sealed class DetectSystemicIssues(SystemicDetector detector) : IDomainEventHandler<DisputeClusterTouched>
{
    public Task HandleAsync(DisputeClusterTouched touched, CancellationToken cancellationToken) => detector.DetectForCaseAsync(touched.CaseId, cancellationToken);
}
