using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Units;
using Fengqiao.Mediation.Committees;
using Fengqiao.Mediation.Disputes;
using Fengqiao.Mediation.FollowUps;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Mediation.Tiers;

/// <summary>
/// 层级: escalation (提级) to an upper-tier committee, coordination of a cross-community dispute by the communities'
/// lowest common upper tier, and referral out (转出) to litigation, arbitration, the petition office or an administrative
/// department. Each step needs a reason and is recorded in <c>mediation_case_tier_steps</c> and the audit trail.
/// </summary>
public sealed class ManageTiers(
    FengqiaoDbContext db, ICurrentActor actor, IAuditTrail audit, TimeProvider clock, DisputeAccess access, FollowUpPlanner planner)
{
    public const string EscalateAction = "mediation.case.escalate";
    public const string CoordinateAction = "mediation.case.coordinate";
    public const string ReferOutAction = "mediation.case.refer-out";

    public async Task<TierState> StateAsync(Guid id, CancellationToken cancellationToken)
    {
        access.EnsureReader();
        var dispute = await (await access.CasesAsync(cancellationToken)).AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException("该调解案件");
        return await StateOfAsync(dispute, cancellationToken);
    }

    /// <summary>
    /// The state of a case the caller was allowed to reach. After a step it is built from the changed case itself: a
    /// community worker who hands a case up can no longer find it through the filter, yet the step succeeded.
    /// </summary>
    private async Task<TierState> StateOfAsync(MediationCase dispute, CancellationToken cancellationToken)
    {
        var id = dispute.Id;
        // Single-entity query: the case was reached above; its steps lie under the paths of the committees it passed.
        var steps = await db.Set<TierStep>().IgnoreQueryFilters().AsNoTracking().Where(s => s.CaseId == id).OrderBy(s => s.At).ToListAsync(cancellationToken);
        var upper = dispute.Status.IsOpen() ? await UpperCommitteesAsync(dispute.UnitPath, cancellationToken) : [];
        return new TierState(
            dispute.Id, dispute.Number, dispute.CommitteeId, dispute.CommitteeName, dispute.Tier, dispute.Tier.DisplayName(), dispute.Status.IsOpen(),
            dispute.Status.DisplayName(), dispute.ResolvedTier, dispute.Version, [.. steps.Select(View)],
            [.. upper.Select(c => new UpperCommittee(c.Id, c.Name, c.Kind, c.Tier, c.UnitCode))]);
    }

    public async Task<TierState> EscalateAsync(Guid id, EscalateRequest request, CancellationToken cancellationToken)
    {
        access.EnsureWorker();
        var errors = new Dictionary<string, string[]>();
        if (request.CommitteeId is null)
        {
            errors["committeeId"] = ["请选择接收提级的上级调解组织。"];
        }

        var reason = Reason(request.Reason, "提级", errors);
        Throw(errors);
        var (dispute, from) = await LoadAsync(id, request.Version, cancellationToken);
        var target = await CommitteeAsync(request.CommitteeId!.Value, cancellationToken);
        Rules.Check(new EscalationGoesToAnUpperTier(from.Name, target.Name, IsAbove(target.UnitPath, from.UnitPath)));
        Rules.Check(new OnlyConstitutedCommitteesMediate(target.Name, target.IsConstituted));
        await MoveAsync(dispute, from, target, TierStepKind.Escalation, reason, null, cancellationToken);
        audit.Record(EscalateAction, TakeInDispute.Target(dispute.Id), from.UnitPath, $"{dispute.Number}：由{from.Name}提级至{target.Name}。理由：{reason}");
        await SaveAsync(cancellationToken);
        return await StateOfAsync(dispute, cancellationToken);
    }

    public async Task<TierState> CoordinateAsync(Guid id, CoordinateRequest request, CancellationToken cancellationToken)
    {
        access.EnsureWorker();
        var errors = new Dictionary<string, string[]>();
        var reason = Reason(request.Reason, "跨社区协调", errors);
        var codes = (request.CommunityCodes ?? []).Select(c => c?.Trim() ?? "").Where(c => c.Length > 0).Distinct().ToList();
        if (codes.Count == 0)
        {
            errors["communityCodes"] = ["请填写纠纷涉及的其他社区（村）的区划代码。"];
        }

        Throw(errors);
        var (dispute, from) = await LoadAsync(id, request.Version, cancellationToken);
        var own = dispute.CommunityCode ?? (from.Tier == MediationTier.VillageOrCommunity ? from.UnitCode : null);
        if (own is not null && !codes.Contains(own))
        {
            codes.Insert(0, own);
        }

        // The communities may lie outside the caller's jurisdiction (that is the point of a cross-community dispute).
        var units = await db.Units.IgnoreQueryFilters().AsNoTracking().Where(u => codes.Contains(u.Code)).ToListAsync(cancellationToken);
        var unknown = codes.Where(c => units.All(u => u.Code != c || u.Level != UnitLevel.Community)).ToList();
        if (unknown.Count > 0)
        {
            throw new ValidationFailedException("communityCodes", $"{string.Join("、", unknown)} 不是社区（村）的区划代码。");
        }

        if (units.Count < 2)
        {
            throw new ValidationFailedException("communityCodes", "跨社区协调须涉及至少两个不同的社区（村）。");
        }

        var common = CommonAncestor(units.Select(u => u.Path));
        var names = string.Join("、", units.Select(u => u.Name));
        var coordinator = (await db.Set<Committee>().IgnoreQueryFilters().Include(c => c.Members)
                .Where(c => c.ConstitutedOn != null && (c.Kind == CommitteeKind.Street || c.Kind == CommitteeKind.Township || c.Kind == CommitteeKind.CountyCentre))
                .ToListAsync(cancellationToken))
            .Where(c => common.StartsWith(c.UnitPath, StringComparison.Ordinal))
            .OrderByDescending(c => c.UnitPath.Length).ThenBy(c => c.Kind).FirstOrDefault();
        Rules.Check(new CrossCommunityDisputesHaveACommonUpperTier(names, coordinator is not null));
        if (coordinator!.Id == from.Id)
        {
            throw new ConflictException($"本案已由{names}的共同上级“{from.Name}”办理。");
        }

        Rules.Check(new EscalationGoesToAnUpperTier(from.Name, coordinator.Name, IsAbove(coordinator.UnitPath, from.UnitPath)));
        await MoveAsync(dispute, from, coordinator, TierStepKind.Coordination, reason, string.Join(',', units.Select(u => u.Code)), cancellationToken);
        audit.Record(CoordinateAction, TakeInDispute.Target(dispute.Id), from.UnitPath, $"{dispute.Number}：涉及{names}，由共同上级{coordinator.Name}协调。理由：{reason}");
        await SaveAsync(cancellationToken);
        return await StateOfAsync(dispute, cancellationToken);
    }

    public async Task<TierState> ReferOutAsync(Guid id, ReferOutRequest request, CancellationToken cancellationToken)
    {
        access.EnsureWorker();
        var errors = new Dictionary<string, string[]>();
        if (request.Target is not { } target || !Enum.IsDefined(target))
        {
            errors["target"] = ["请选择转出去向：Litigation 诉讼、Arbitration 仲裁、PetitionOffice 信访部门、AdministrativeDepartment 行政主管部门。"];
            target = default;
        }

        var name = request.TargetName?.Trim() ?? "";
        if (name.Length is 0 or > TierStep.MaxTargetNameLength)
        {
            errors["targetName"] = [$"请填写接收单位名称（如宜兴市人民法院，不超过 {TierStep.MaxTargetNameLength} 个字）。"];
        }

        var reason = Reason(request.Reason, "转出", errors);
        Throw(errors);
        var (dispute, from) = await LoadAsync(id, request.Version, cancellationToken);
        var now = clock.GetUtcNow();
        dispute.Close(DisputeStatus.ReferredOut, now);
        db.Add(new TierStep(dispute.Id, from.UnitPath, TierStepKind.ReferralOut, from, null, target, name, reason, null, actor.UserId, await ActorNameAsync(db, actor, cancellationToken), now));
        planner.Plan(dispute, now);
        audit.Record(ReferOutAction, TakeInDispute.Target(dispute.Id), from.UnitPath, $"{dispute.Number}：转出至{target.DisplayName()}（{name}）。理由：{reason}");
        await SaveAsync(cancellationToken);
        return await StateOfAsync(dispute, cancellationToken);
    }

    /// <summary>
    /// 小事不出村 at intake: a street, township or county committee (or a sector committee outside its field) taking a dispute
    /// located in a community that has its own constituted committee must give a reason, which is recorded as the first
    /// tier step. Returns the reason to record (null when none is needed or given).
    /// </summary>
    internal static async Task<string?> CheckIntakeAsync(FengqiaoDbContext db, Committee committee, string? communityCode, DisputeType type, string? tierReason, CancellationToken cancellationToken)
    {
        var reason = string.IsNullOrWhiteSpace(tierReason) ? null : tierReason.Trim();
        if (reason is { Length: > TierStep.MaxReasonLength })
        {
            throw new ValidationFailedException("tierReason", $"理由不能超过 {TierStep.MaxReasonLength} 个字。");
        }

        var above = committee.Kind is CommitteeKind.Street or CommitteeKind.Township or CommitteeKind.CountyCentre
            || (committee.Kind == CommitteeKind.Sector && committee.Sector != type);
        if (communityCode is null || !above)
        {
            return reason;
        }

        var lower = await db.Set<Committee>().IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.UnitCode == communityCode && (c.Kind == CommitteeKind.Residents || c.Kind == CommitteeKind.Village) && c.ConstitutedOn != null)
            .Select(c => new { c.Name, c.UnitPath }).FirstOrDefaultAsync(cancellationToken);
        if (lower is not null && IsAbove(committee.UnitPath, lower.UnitPath))
        {
            Rules.Check(new CaseStartsAtTheLowestTierAbleToHandleIt(committee.Name, lower.Name, reason is not null));
        }

        return reason;
    }

    /// <summary>The first step of every case taken in by hand: where it started, and why there when above the lowest tier.</summary>
    internal static async Task RecordIntakeAsync(FengqiaoDbContext db, ICurrentActor actor, MediationCase dispute, Committee committee, string? reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        db.Add(new TierStep(dispute.Id, committee.UnitPath, TierStepKind.Intake, null, committee, null, null, reason ?? "", null, actor.UserId, await ActorNameAsync(db, actor, cancellationToken), at));

    /// <summary>True when <paramref name="upper"/> is a strict ancestor of <paramref name="lower"/> in the units tree.</summary>
    internal static bool IsAbove(string upper, string lower) => lower.Length > upper.Length && lower.StartsWith(upper, StringComparison.Ordinal);

    internal static string CommonAncestor(IEnumerable<string> paths)
    {
        var split = paths.Select(p => p.Split('/', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var length = split.Min(s => s.Length);
        var n = 0;
        while (n < length && split.All(s => s[n] == split[0][n]))
        {
            n++;
        }

        return "/" + string.Concat(split[0].Take(n).Select(c => c + "/"));
    }

    private async Task<List<Committee>> UpperCommitteesAsync(string unitPath, CancellationToken cancellationToken) =>
        (await db.Set<Committee>().IgnoreQueryFilters().AsNoTracking().Where(c => c.ConstitutedOn != null).ToListAsync(cancellationToken))
        .Where(c => IsAbove(c.UnitPath, unitPath))
        .OrderByDescending(c => c.UnitPath.Length).ThenBy(c => c.Kind).ToList();

    private async Task MoveAsync(MediationCase dispute, Committee from, Committee to, TierStepKind kind, string reason, string? communities, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        dispute.MoveToCommittee(to, access.Today, now);
        db.Add(new TierStep(dispute.Id, from.UnitPath, kind, from, to, null, null, reason, communities, actor.UserId, await ActorNameAsync(db, actor, cancellationToken), now));
    }

    private async Task<(MediationCase Case, Committee Holder)> LoadAsync(Guid id, long? version, CancellationToken cancellationToken)
    {
        var dispute = await (await access.CasesAsync(cancellationToken)).Include(c => c.Mediators).SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException("该调解案件");
        if (version is { } v && v != dispute.Version)
        {
            throw new ConflictException(DisputeRecords.StaleMessage);
        }

        var holder = await db.Set<Committee>().IgnoreQueryFilters().Include(c => c.Members).SingleAsync(c => c.Id == dispute.CommitteeId, cancellationToken);
        await access.EnsureMayActForAsync(holder, cancellationToken);
        Rules.Check(new OnlyOpenCasesChange(dispute.Status));
        return (dispute, holder);
    }

    private async Task<Committee> CommitteeAsync(Guid id, CancellationToken cancellationToken) =>
        // The upper committee normally lies outside a community worker's jurisdiction: it is looked up unfiltered, and
        // the rule that it be above the holding committee is what confines the choice.
        await db.Set<Committee>().IgnoreQueryFilters().Include(c => c.Members).SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException("该调解组织");

    /// <summary>The caller's display name (e.g. 孙明德) for history rows; the user name when there is none.</summary>
    internal static async Task<string> ActorNameAsync(FengqiaoDbContext db, ICurrentActor actor, CancellationToken cancellationToken) =>
        actor.UserId is { } me
            ? await db.Users.Where(u => u.Id == me).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken) ?? actor.Name
            : actor.Name;

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException(DisputeRecords.StaleMessage);
        }
    }

    private static string Reason(string? text, string what, Dictionary<string, string[]> errors)
    {
        var reason = text?.Trim() ?? "";
        if (reason.Length is 0 or > TierStep.MaxReasonLength)
        {
            errors["reason"] = [$"请填写{what}理由（不超过 {TierStep.MaxReasonLength} 个字）。"];
        }

        return reason;
    }

    private static void Throw(Dictionary<string, string[]> errors)
    {
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
    }

    private static TierStepView View(TierStep s) => new(
        s.Id, s.Kind, s.Kind.DisplayName(), s.FromCommitteeId, s.FromName, s.FromTier, s.ToCommitteeId, s.ToName, s.ToTier, s.Target, s.Reason,
        s.Communities is null ? [] : s.Communities.Split(','), s.ByName, s.At);
}
