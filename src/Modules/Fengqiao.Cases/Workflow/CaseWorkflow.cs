using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Deadlines;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Photos;
using Fengqiao.Cases.Routing;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Workflow;

/// <summary>
/// Staff steps on a case: 立案/不予立案, 派遣, 签收/退回, 处置, 申请结案, 核查/返工, 提级/下派, 延期/挂起 and their
/// approval, 督办. Each step checks the caller's role and tier, refuses a stale view (optimistic concurrency), and
/// commits with its audit entry and outbox events.
/// </summary>
public sealed class CaseWorkflow(FengqiaoDbContext db, ICurrentActor actor, IAuditTrail audit, CaseClock clocks, CategoryCatalog catalog, Router router, CasePhotos photos)
{
    private static readonly CasePhotoKind[] DisposalPhotos = [CasePhotoKind.Before, CasePhotoKind.After];
    private static readonly CasePhotoKind[] VerificationPhotos = [CasePhotoKind.Verification];

    public Task<CaseStepResult> FileAsync(Guid id, FileRequest request, CancellationToken ct) =>
        StepAsync(id, request.Version, "cases.file", CaseAccess.IsDispatcher, "立案", async (c, clock) =>
        {
            var version = await CategoryAsync(request.CategoryCode ?? c.CategoryCode ?? c.SuggestedCategoryCode, ct);
            c.File(version, Stamp(Roles.CommunityWorker), clock, request.Note?.Trim());
        }, ct);

    public Task<CaseStepResult> RecategoriseAsync(Guid id, RecategoriseRequest request, CancellationToken ct) =>
        StepAsync(id, request.Version, "cases.recategorise", CaseAccess.IsDispatcher, "修改类别", async (c, clock) =>
            c.Recategorise(await CategoryAsync(request.CategoryCode, ct), Stamp(Roles.CommunityWorker), clock), ct);

    public Task<CaseStepResult> RejectAsync(Guid id, RejectRequest request, CancellationToken ct) =>
        StepAsync(id, request.Version, "cases.reject", CaseAccess.IsDispatcher, "不予立案", async (c, clock) =>
        {
            if (request.Reason is not { } reason || !Enum.IsDefined(reason))
            {
                throw new ValidationFailedException("reason", "请选择不予立案的原因。");
            }

            Case? original = null;
            if (reason == RejectionReason.Duplicate)
            {
                var code = Intake.TrackingCodes.Normalise(request.DuplicateOf)
                    ?? throw new ValidationFailedException("duplicateOf", "重复上报须填写原案件的查询码。");
                original = await db.Set<Case>().SingleOrDefaultAsync(x => x.TrackingCode == code, ct)
                    ?? throw new NotFoundException($"查询码为 {code} 的案件");
                if (original.Id == c.Id)
                {
                    throw new ValidationFailedException("duplicateOf", "案件不能与自身重复。");
                }
            }

            c.Reject(reason, request.Note?.Trim(), original, Stamp(Roles.CommunityWorker), clock);
        }, ct);

    public Task<CaseStepResult> DispatchAsync(Guid id, DispatchRequest request, CancellationToken ct) =>
        StepAsync(id, request.Version, "cases.dispatch", CaseAccess.IsDispatcher, "派遣", async (c, clock) =>
        {
            // Before the category is read: a report never filed has none, and must be told why, not fail.
            Rules.Check(new StepMustFollowTheWorkflow("派遣", c.Status, CaseStatus.Filed));
            var version = await db.Set<CategoryVersion>().AsNoTracking().SingleAsync(v => v.Id == c.CategoryVersionId, ct);
            var decision = await router.DecideAsync(version, c.UnitPath, ct);
            if (request.Tier is null && request.DepartmentCode is null)
            {
                c.Dispatch(decision.Target, decision.Basis, Stamp(Roles.CommunityWorker), clock);
                return;
            }

            if (string.IsNullOrWhiteSpace(request.OverrideReason))
            {
                throw new ValidationFailedException("overrideReason", $"不按派遣规则（{decision.Basis}）派遣须说明理由。");
            }

            var tier = request.Tier ?? decision.Target.Level;
            if (!Enum.IsDefined(tier) || tier < UnitLevel.County || UnitPaths.CodeAt(c.UnitPath, tier) is not { } unit)
            {
                throw new ValidationFailedException("tier", "只能派遣到案件所在位置的网格、社区、街道或区县。");
            }

            var department = string.IsNullOrWhiteSpace(request.DepartmentCode) ? null : request.DepartmentCode.Trim();
            if (department is not null && !(await catalog.GetAsync(ct)).DepartmentCodes.Contains(department)
                && !await db.Departments.AnyAsync(d => d.Code == department, ct))
            {
                throw new ValidationFailedException("departmentCode", $"没有编码为“{department}”的职能部门。");
            }

            c.Dispatch(new HolderTarget(tier, unit, department), "人工指定：" + request.OverrideReason.Trim(), Stamp(Roles.CommunityWorker), clock);
        }, ct);

    public Task<CaseStepResult> AcceptAsync(Guid id, CaseStepRequest request, CancellationToken ct) =>
        StepAsync(id, request.Version, "cases.accept", CaseAccess.IsHolder, "签收", (c, clock) => Sync(() => c.Accept(HolderStamp(c), clock)), ct);

    public Task<CaseStepResult> ReturnAsync(Guid id, CaseStepRequest request, CancellationToken ct) =>
        StepAsync(id, request.Version, "cases.return", CaseAccess.IsHolder, "退回", (c, clock) => Sync(() => c.Return(request.Note?.Trim() ?? "", HolderStamp(c), clock)), ct);

    public Task<CaseStepResult> RecordProgressAsync(Guid id, CaseStepRequest request, bool isPublic, CancellationToken ct) =>
        StepAsync(id, request.Version, "cases.progress", CaseAccess.IsHolder, "记录处置情况", (c, clock) => Sync(() => c.RecordProgress(request.Note?.Trim() ?? "", isPublic, HolderStamp(c), clock)), ct,
            (request.PhotoIds, DisposalPhotos));

    public Task<CaseStepResult> RequestCloseAsync(Guid id, CaseStepRequest request, CancellationToken ct) =>
        StepAsync(id, request.Version, "cases.request-close", CaseAccess.IsHolder, "申请结案", (c, clock) => Sync(() => c.RequestClose(request.Note?.Trim() ?? "", HolderStamp(c), clock)), ct,
            (request.PhotoIds, DisposalPhotos));

    public Task<CaseStepResult> VerifyAsync(Guid id, VerifyRequest request, CancellationToken ct) =>
        StepAsync(id, request.Version, "cases.verify", CaseAccess.IsVerifier, "核查", (c, clock) => Sync(() =>
        {
            if (request.Passed is not { } passed)
            {
                throw new ValidationFailedException("passed", "请选择核查结果：通过或不通过。");
            }

            c.Verify(passed, request.Note?.Trim(), Stamp(actor.IsInRole(Roles.GridWorker) ? Roles.GridWorker : actor.IsInRole(Roles.Supervisor) ? Roles.Supervisor : Roles.CommunityWorker), clock);
        }), ct, (request.PhotoIds, VerificationPhotos));

    public Task<CaseStepResult> EscalateAsync(Guid id, CaseStepRequest request, CancellationToken ct) =>
        StepAsync(id, request.Version, "cases.escalate", CaseAccess.IsHolder, "提级", (c, clock) => Sync(() => c.Escalate(request.Note?.Trim() ?? "", false, HolderStamp(c), clock)), ct);

    public Task<CaseStepResult> HandDownAsync(Guid id, HandDownRequest request, CancellationToken ct) =>
        StepAsync(id, request.Version, "cases.hand-down", CaseAccess.IsHolder, "下派", (c, clock) => Sync(() =>
        {
            if (request.Tier is not { } tier || UnitPaths.CodeAt(c.UnitPath, tier) is not { } unit)
            {
                throw new ValidationFailedException("tier", "请选择案件所在位置的下级层级。");
            }

            c.HandDown(new HolderTarget(tier, unit, null), request.Reason?.Trim() ?? "", HolderStamp(c), clock);
        }), ct);

    public Task<CaseStepResult> RequestExtensionAsync(Guid id, ExtensionRequest request, CancellationToken ct) =>
        StepAsync(id, request.Version, "cases.request-extension", CaseAccess.IsHolder, "申请延期", (c, clock) => Sync(() =>
        {
            TimeLimit? extension = request.Amount is { } amount && request.Unit is { } unit ? new TimeLimit(amount, unit) : null;
            c.RequestApproval(ApprovalKind.Extension, request.Reason?.Trim() ?? "", extension, HolderStamp(c), clock);
        }), ct);

    public Task<CaseStepResult> RequestSuspensionAsync(Guid id, CaseStepRequest request, CancellationToken ct) =>
        StepAsync(id, request.Version, "cases.request-suspension", CaseAccess.IsHolder, "申请挂起", (c, clock) =>
            Sync(() => c.RequestApproval(ApprovalKind.Suspension, request.Note?.Trim() ?? "", null, HolderStamp(c), clock)), ct);

    public Task<CaseStepResult> DecideAsync(Guid id, DecisionRequest request, CancellationToken ct) =>
        StepAsync(id, request.Version, "cases.decide", CaseAccess.IsAboveHolder, "审批", (c, clock) => Sync(() =>
        {
            if (request.Approve is not { } approve)
            {
                throw new ValidationFailedException("approve", "请选择批准或不批准。");
            }

            c.DecideApproval(approve, request.Note?.Trim(), Stamp(actor.IsInRole(Roles.StreetOfficer) ? Roles.StreetOfficer : Roles.CommunityWorker), clock);
        }), ct);

    public Task<CaseStepResult> ResumeAsync(Guid id, CaseStepRequest request, CancellationToken ct) =>
        StepAsync(id, request.Version, "cases.resume", (a, c) => CaseAccess.IsHolder(a, c) || CaseAccess.IsAboveHolder(a, c), "恢复处置",
            (c, clock) => Sync(() => c.Resume(HolderStamp(c), clock)), ct);

    public Task<CaseStepResult> SuperviseAsync(Guid id, CaseStepRequest request, CancellationToken ct) =>
        StepAsync(id, request.Version, "cases.supervise", CaseAccess.IsSupervisor, "督办", (c, clock) =>
            Sync(() => c.Supervise(request.Note?.Trim() ?? "", Stamp(Roles.Supervisor), clock)), ct);

    private async Task<CaseStepResult> StepAsync(
        Guid id, long? expectedVersion, string action, Func<ICurrentActor, Case, bool> mayAct, string stepName, Func<Case, StageClock, Task> step, CancellationToken ct,
        (IReadOnlyList<Guid>? Ids, CasePhotoKind[] Kinds) stepPhotos = default)
    {
        var @case = await db.Set<Case>().Include(c => c.TierSteps).SingleOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new NotFoundException("案件");
        if (!mayAct(actor, @case))
        {
            await audit.RecordRefusalAsync(action, @case.TrackingCode, AuditOutcome.Denied, $"无权{stepName}", @case.UnitPath, ct);
            throw new ForbiddenException($"您不能对此案件执行“{stepName}”：{WhoMay(stepName)}");
        }

        if (expectedVersion is { } expected && expected != @case.Version)
        {
            throw new ConflictException($"案件已被他人处理（您看到的是第 {expected} 版，当前为第 {@case.Version} 版），请刷新后重试。");
        }

        // Photos are checked before the step and attached to its timeline entry in the same commit.
        var attached = stepPhotos.Kinds is null ? [] : await photos.ClaimAsync(stepPhotos.Ids, null, stepPhotos.Kinds, 0, ct);
        var clock = await clocks.NowAsync(ct);
        var loadedVersion = @case.Version;
        var entriesBefore = @case.Actions.Count;
        await step(@case, clock);
        if (attached.Count > 0)
        {
            CasePhotos.Attach(attached, @case.Id, @case.Actions[entriesBefore].Sequence);
        }

        audit.Record(action, @case.TrackingCode, @case.UnitPath, $"状态 {@case.Status}，承办 {@case.HolderUnitCode}{(@case.AssignedDepartmentCode is null ? "" : "/" + @case.AssignedDepartmentCode)}{(attached.Count > 0 ? $"，照片 {attached.Count} 张" : "")}");
        await CaseWrites.SaveAsync(db, @case.Id, loadedVersion, ct);
        return new CaseStepResult(@case.Id, @case.TrackingCode, @case.Status, @case.Version, @case.HolderLevel, @case.HolderUnitCode, @case.AssignedDepartmentCode);
    }

    private async Task<CategoryVersion> CategoryAsync(string? code, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            throw new ValidationFailedException("categoryCode", "请选择事件类别。");
        }

        var snapshot = await catalog.GetAsync(ct);
        var category = snapshot.Find(code);
        if (category is not { IsActive: true } || snapshot.CurrentVersionOf(category) is not { } version)
        {
            throw new ValidationFailedException("categoryCode", $"没有编码为“{code.Trim()}”的可用事件类别。");
        }

        return version;
    }

    private ActorStamp Stamp(string role) => CaseAccess.Stamp(actor, actor.IsInRole(Roles.Administrator) ? Roles.Administrator : role);

    private ActorStamp HolderStamp(Case c) => Stamp(c.AssignedDepartmentCode is not null ? Roles.DepartmentHandler : c.HolderLevel switch
    {
        UnitLevel.Grid => Roles.GridWorker,
        UnitLevel.Community => Roles.CommunityWorker,
        _ => Roles.StreetOfficer,
    });

    private static string WhoMay(string step) => step switch
    {
        "立案" or "不予立案" or "派遣" or "修改类别" => "须由案件所在社区或上级的受理人员办理。",
        "核查" => "须由案件所在辖区的网格员、社区工作者或督办人员办理。",
        "审批" => "须由承办单位的上级审批。",
        "督办" => "须由督办人员办理。",
        _ => "须由当前承办单位办理。",
    };

    private static Task Sync(Action step)
    {
        step();
        return Task.CompletedTask;
    }
}
