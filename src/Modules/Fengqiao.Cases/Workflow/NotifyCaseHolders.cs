using Fengqiao.Cases.Contracts;
using Fengqiao.Cases.Domain;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Messaging;
using Fengqiao.Kernel.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Workflow;

/// <summary>
/// Tells the people who must act: the holder's staff when a case arrives (派遣, 提级, 下派, 重新打开), is supervised or gets
/// a card; the reporter (when they have an account) at each public step. Idempotent per step.
/// </summary>
internal sealed class NotifyCaseHolders(FengqiaoDbContext db, Notifier notifier) : IDomainEventBatchHandler<CaseStepTaken>
{
    private static readonly HashSet<string> HolderSteps =
    [
        CaseActionKinds.Dispatch, CaseActionKinds.Escalate, CaseActionKinds.HandDown, CaseActionKinds.Reopen, CaseActionKinds.Supervise,
        CaseActionKinds.Card, CaseActionKinds.VerifyFail, CaseActionKinds.Approve, CaseActionKinds.Deny,
        CaseActionKinds.CoordinationReply,
    ];

    /// <summary>A step with nobody to tell (the report itself, filing, a reporter without an account) is never queued.</summary>
    public static bool Wants(CaseStepTaken step) => TellsHolders(step) || TellsReporter(step);

    public Task HandleAsync(CaseStepTaken step, CancellationToken cancellationToken) => HandleBatchAsync([step], cancellationToken);

    /// <summary>
    /// The steps of an outbox round together: each holder unit's (or department's) staff are read once for all its
    /// steps, and every notice is written in one save (intake dispatches hundreds of cases a second to a few units).
    /// </summary>
    public async Task HandleBatchAsync(IReadOnlyList<CaseStepTaken> steps, CancellationToken cancellationToken)
    {
        var holders = await HoldersAsync([.. steps.Where(TellsHolders)], cancellationToken);
        var notices = new List<Notice>();
        foreach (var step in steps)
        {
            var link = $"/cases/{step.CaseId}";
            var key = $"case:{step.CaseId:N}:{step.Kind}:{step.At.UtcTicks}";
            if (TellsHolders(step))
            {
                var (title, body) = Text(step);
                notices.Add(new Notice(holders[HolderOf(step)].ToList(), title, body, link, key));
            }

            if (TellsReporter(step))
            {
                notices.Add(new Notice([step.ReporterUserId!.Value], $"您反映的问题 {step.TrackingCode} 有新进展", step.PublicNote!, $"/track/{step.TrackingCode}", key + ":reporter"));
            }
        }

        await notifier.NotifyAsync(notices, cancellationToken);
    }

    private static bool TellsHolders(CaseStepTaken step) => HolderSteps.Contains(step.Kind) && step.HolderUnitCode is not null;

    private static bool TellsReporter(CaseStepTaken step) =>
        step.ReporterUserId is not null && step.PublicNote is not null && step.Kind != CaseActionKinds.Report;

    /// <summary>A step held by a department goes to the department's handlers, otherwise to the holder unit's staff.</summary>
    private static (bool Department, string Code) HolderOf(CaseStepTaken step) =>
        step.HolderDepartmentCode is { } department ? (true, department) : (false, step.HolderUnitCode!);

    /// <summary>The people to tell for each holder of <paramref name="steps"/>: at most two queries, whatever the count.</summary>
    private async Task<ILookup<(bool Department, string Code), Guid>> HoldersAsync(IReadOnlyList<CaseStepTaken> steps, CancellationToken cancellationToken)
    {
        var departments = steps.Select(HolderOf).Where(h => h.Department).Select(h => h.Code).Distinct().ToList();
        var units = steps.Select(HolderOf).Where(h => !h.Department).Select(h => h.Code).Distinct().ToList();
        var found = new List<((bool, string), Guid)>();
        if (departments.Count > 0)
        {
            var handlerRole = Roles.DepartmentHandler;
            var rows = await db.Users.Where(u => !u.IsDisabled && u.DepartmentId != null
                    && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == handlerRole)))
                .Join(db.Departments.Where(d => departments.Contains(d.Code)), u => u.DepartmentId, d => d.Id, (u, d) => new { u.Id, d.Code })
                .ToListAsync(cancellationToken);
            found.AddRange(rows.Select(r => ((true, r.Code), r.Id)));
        }

        if (units.Count > 0)
        {
            var rows = await db.Set<UserUnit>()
                .Join(db.Units.Where(u => units.Contains(u.Code)), m => m.UnitId, u => u.Id, (m, u) => new { m.UserId, u.Code })
                .Distinct()
                .ToListAsync(cancellationToken);
            found.AddRange(rows.Select(r => ((false, r.Code), r.UserId)));
        }

        return found.ToLookup(f => f.Item1, f => f.Item2);
    }

    private static (string Title, string Body) Text(CaseStepTaken step) => step.Kind switch
    {
        CaseActionKinds.Dispatch => ($"新派遣案件 {step.TrackingCode}", "请及时签收并处置。"),
        CaseActionKinds.Escalate => ($"案件 {step.TrackingCode} 已提级至本单位", "下级未能在时限内办结或申请提级，请签收处置。"),
        CaseActionKinds.HandDown => ($"上级下派案件 {step.TrackingCode}", "请签收并处置。"),
        CaseActionKinds.Reopen => ($"案件 {step.TrackingCode} 被重新打开", "上报人反映问题仍未解决，请重新处置。"),
        CaseActionKinds.Supervise => ($"督办：案件 {step.TrackingCode}", "督办人员要求加快办理。"),
        CaseActionKinds.Card => ($"案件 {step.TrackingCode} 即将或已经超期", "请尽快办理，避免超期。"),
        CaseActionKinds.VerifyFail => ($"案件 {step.TrackingCode} 核查未通过", "请按核查意见重新处置（返工）。"),
        CaseActionKinds.Approve => ($"案件 {step.TrackingCode} 的申请已批准", "请查看案件。"),
        CaseActionKinds.CoordinationReply => ($"案件 {step.TrackingCode} 有新的协办反馈", "涉及单位反馈了本单位了解或办理的情况，请查看时间线。"),
        _ => ($"案件 {step.TrackingCode} 的申请未获批准", "请查看审批意见。"),
    };
}
