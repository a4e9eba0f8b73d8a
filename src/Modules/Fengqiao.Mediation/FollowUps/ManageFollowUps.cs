using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Mediation.Committees;
using Fengqiao.Mediation.Disputes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fengqiao.Mediation.FollowUps;

/// <summary>
/// 回访 of one case: listing, scheduling by hand, and recording a visit. A relapse either reopens the case (the visits
/// still planned for the closing are dropped; new ones are planned when it closes again) or takes in a new case through
/// <see cref="TakeInDispute"/> in the same transaction, linked to this visit.
/// </summary>
public sealed class ManageFollowUps(
    FengqiaoDbContext db, ICurrentActor actor, IAuditTrail audit, TimeProvider clock, DisputeAccess access, TakeInDispute takeIn,
    IOptionsMonitor<FollowUpOptions> options)
{
    public const string ScheduleAction = "mediation.follow-up.schedule";
    public const string RecordAction = "mediation.follow-up.record";

    public async Task<CaseFollowUps> ListAsync(Guid caseId, CancellationToken cancellationToken)
    {
        access.EnsureReader();
        var dispute = await (await access.CasesAsync(cancellationToken)).AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken)
            ?? throw new NotFoundException("该调解案件");
        var today = access.Today;
        var items = await db.Set<FollowUp>().AsNoTracking().Where(f => f.CaseId == caseId).OrderBy(f => f.DueOn).ThenBy(f => f.CreatedAt).ToListAsync(cancellationToken);
        var newIds = items.Where(f => f.NewCaseId != null).Select(f => f.NewCaseId!.Value).ToList();
        // The linked new case may have been taken in by another committee: only its number is shown.
        var numbers = await db.Set<MediationCase>().IgnoreQueryFilters().AsNoTracking().Where(c => newIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Number, cancellationToken);
        var origin = await db.Set<FollowUp>().IgnoreQueryFilters().AsNoTracking().Where(f => f.NewCaseId == caseId)
            .Select(f => new RelapseOrigin(f.CaseId, f.CaseNumber, f.Id, f.VisitedOn)).FirstOrDefaultAsync(cancellationToken);
        return new CaseFollowUps(
            dispute.Id, dispute.Number, dispute.Status, dispute.ClosedOn, DisputeAccess.WorkerRoles.Any(actor.IsInRole) || actor.Scope.Unrestricted, [.. items.Select(f => View(f, today, numbers))], origin);
    }

    public async Task<FollowUpView> ScheduleAsync(Guid caseId, ScheduleFollowUpRequest request, CancellationToken cancellationToken)
    {
        access.EnsureWorker();
        if (request.DueOn is not { } dueOn)
        {
            throw new ValidationFailedException("dueOn", "请选择回访日期。");
        }

        var (dispute, committee) = await LoadAsync(caseId, cancellationToken);
        Rules.Check(new FollowUpsFollowAClosedCase(dispute.Number, dispute.ClosedOn is not null));
        var today = access.Today;
        Rules.Check(new FollowUpIsDueWithinAYearOfClosing(dispute.ClosedOn!.Value, today, dueOn, options.CurrentValue.LatestDaysAfterClosing));
        (Guid UserId, string Name)? assignee = string.IsNullOrWhiteSpace(request.Assignee)
            ? dispute.Mediators.OrderBy(m => m.AssignedAt).Select(m => ((Guid, string)?)(m.UserId, m.Name)).FirstOrDefault()
            : await TakeInDispute.MediatorOfAsync(db, committee, request.Assignee.Trim(), today, cancellationToken);
        var now = clock.GetUtcNow();
        var followUp = new FollowUp(dispute.Id, dispute.Number, dispute.UnitPath, FollowUpKind.Manual, dispute.ClosedOn.Value, dueOn, null, assignee?.UserId, assignee?.Name, now);
        db.Add(followUp);
        audit.Record(ScheduleAction, TakeInDispute.Target(dispute.Id), dispute.UnitPath, $"{dispute.Number}：安排 {dueOn:yyyy-MM-dd} 回访（{assignee?.Name ?? "未指定回访人"}）");
        await db.SaveChangesAsync(cancellationToken);
        return View(followUp, today, new Dictionary<Guid, string>());
    }

    /// <summary>
    /// 记录回访. A relapse taken in as a new case draws that case's number inside this visit's transaction; when a
    /// simultaneous intake committed the same number first, the unique index fails the commit, the transaction rolls
    /// back whole (nothing of the visit or the new case is written), and the visit is recorded again from the request
    /// with a new draw, as an intake on its own is (<see cref="TakeInDispute.IntakeAsync"/>).
    /// </summary>
    public async Task<FollowUpView> RecordAsync(Guid caseId, Guid followUpId, RecordFollowUpRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RecordOnceAsync(caseId, followUpId, request, cancellationToken);
            }
            catch (DbUpdateException exception) when (attempt < TakeInDispute.MaxCommitAttempts && db.Database.CurrentTransaction is null
                                                      && db.IsUniqueViolation<MediationCase>(exception, nameof(MediationCase.Number)))
            {
                // The transaction was disposed, so rolled back; what this attempt tracked is dropped and read again.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<FollowUpView> RecordOnceAsync(Guid caseId, Guid followUpId, RecordFollowUpRequest request, CancellationToken cancellationToken)
    {
        access.EnsureWorker();
        var errors = new Dictionary<string, string[]>();
        if (request.VisitedOn is null)
        {
            errors["visitedOn"] = ["请填写回访日期。"];
        }

        if (request.Way is not { } way || !Enum.IsDefined(way))
        {
            errors["way"] = ["请选择回访方式：Phone 电话回访、HomeVisit 上门回访。"];
            way = default;
        }

        if (request.Result is not { } result || !Enum.IsDefined(result))
        {
            errors["result"] = ["请选择回访结果：Performed 协议已履行、Stable 情况稳定、Relapse 纠纷反弹。"];
            result = default;
        }

        var notes = string.IsNullOrWhiteSpace(request.Notes) ? null : request.Notes.Trim();
        if (notes is { Length: > FollowUp.MaxNotesLength })
        {
            errors["notes"] = [$"回访情况不能超过 {FollowUp.MaxNotesLength} 个字。"];
        }

        if (result == FollowUpResult.Relapse && (request.Relapse is not { } action || !Enum.IsDefined(action)))
        {
            errors["relapse"] = ["纠纷反弹时请选择处理方式：Reopen 重新打开原案，或 NewCase 另立新案。"];
        }
        else if (result != FollowUpResult.Relapse && request.Relapse is not null)
        {
            errors["relapse"] = ["只有纠纷反弹时才选择处理方式。"];
        }
        else if (request.Relapse == RelapseAction.NewCase && request.NewCase is null)
        {
            errors["newCase"] = ["另立新案时请填写新案的受理信息。"];
        }

        if (result == FollowUpResult.Relapse && notes is null)
        {
            errors["notes"] = ["纠纷反弹时请写明反弹情况。"];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var (dispute, _) = await LoadAsync(caseId, cancellationToken);
        var followUp = await db.Set<FollowUp>().SingleOrDefaultAsync(f => f.Id == followUpId && f.CaseId == caseId, cancellationToken)
            ?? throw new NotFoundException("该回访");
        if (followUp.Status != FollowUpStatus.Planned)
        {
            throw new ConflictException("该回访已记录或已取消，不能重复记录。");
        }

        var today = access.Today;
        Rules.Check(new VisitHappenedAfterClosingAndNotInTheFuture(followUp.ClosedOn, today, request.VisitedOn!.Value));
        var now = clock.GetUtcNow();
        var byName = await Tiers.ManageTiers.ActorNameAsync(db, actor, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        Guid? newCaseId = null;
        var detail = $"{dispute.Number}：{request.VisitedOn:yyyy-MM-dd} {way.DisplayName()}，{result.DisplayName()}";
        if (request.Relapse == RelapseAction.Reopen)
        {
            dispute.Reopen(now);
            foreach (var planned in await db.Set<FollowUp>().Where(f => f.CaseId == caseId && f.Status == FollowUpStatus.Planned && f.Id != followUpId).ToListAsync(cancellationToken))
            {
                planned.Cancel();
            }

            detail += "，重新打开原案";
        }
        else if (request.Relapse == RelapseAction.NewCase)
        {
            var created = await takeIn.IntakeAsync(request.NewCase! with { CommitteeId = request.NewCase!.CommitteeId ?? dispute.CommitteeId }, cancellationToken);
            newCaseId = created.Id;
            detail += $"，另立新案 {created.Number}";
        }

        followUp.Record(request.VisitedOn.Value, actor.UserId, byName, way, result, notes, request.Relapse, newCaseId, now);
        audit.Record(RecordAction, TakeInDispute.Target(dispute.Id), dispute.UnitPath, detail);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException(DisputeRecords.StaleMessage);
        }

        await transaction.CommitAsync(cancellationToken);
        var numbers = newCaseId is { } n ? await db.Set<MediationCase>().IgnoreQueryFilters().Where(c => c.Id == n).ToDictionaryAsync(c => c.Id, c => c.Number, cancellationToken) : [];
        return View(followUp, today, numbers);
    }

    private async Task<(MediationCase Case, Committee Holder)> LoadAsync(Guid caseId, CancellationToken cancellationToken)
    {
        var dispute = await (await access.CasesAsync(cancellationToken)).Include(c => c.Mediators).SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken)
            ?? throw new NotFoundException("该调解案件");
        var committee = await db.Set<Committee>().IgnoreQueryFilters().Include(c => c.Members).SingleAsync(c => c.Id == dispute.CommitteeId, cancellationToken);
        await access.EnsureMayActForAsync(committee, cancellationToken);
        return (dispute, committee);
    }

    internal static FollowUpView View(FollowUp f, DateOnly today, IReadOnlyDictionary<Guid, string> numbers) => new(
        f.Id, f.CaseId, f.CaseNumber, f.Kind, f.ClosedOn, f.DueOn, f.Status == FollowUpStatus.Planned && f.DueOn < today, f.AssigneeName, f.Status,
        f.VisitedOn, f.VisitedByName, f.Way, f.Result, f.Notes, f.RelapseAction, f.NewCaseId,
        f.NewCaseId is { } id && numbers.TryGetValue(id, out var number) ? number : null);
}
