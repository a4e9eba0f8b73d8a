using Fengqiao.Cases.Deadlines;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Workflow;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Coordination;

/// <summary>协办反馈: <see cref="Version"/> is the case version the person saw; <see cref="Note"/> what their unit found or did.</summary>
public sealed record CoordinationReplyRequest(long? Version, string? Note);

/// <summary>
/// 协办反馈: staff of a unit a case involves (<see cref="CaseInvolvedUnit"/>) record their part on the case's timeline,
/// attributed to that unit, and the holder is told. This is all an involved unit may do: accepting, disposing and
/// closing stay with the holder and the case's own jurisdiction.
/// </summary>
public sealed class ReplyToCoordination(FengqiaoDbContext db, ICurrentActor actor, IAuditTrail audit, CaseClock clocks)
{
    public const string Action = "cases.coordination-reply";

    /// <summary>A timeline note's limit.</summary>
    public const int MaxNoteLength = CaseAction.MaxNoteLength;

    /// <summary>The roles that act for a grid, community or street (the levels a case can involve).</summary>
    private static readonly string[] UnitRoles = [Roles.GridWorker, Roles.CommunityWorker, Roles.StreetOfficer, Roles.Supervisor];

    public async Task<CaseStepResult> ReplyAsync(Guid id, CoordinationReplyRequest request, CancellationToken ct)
    {
        // The involvement rows are filtered by jurisdiction: these are the involved units the caller works for (or above).
        var involved = await db.Set<CaseInvolvedUnit>().AsNoTracking().Where(i => i.CaseId == id).OrderBy(i => i.AddedAt).ToListAsync(ct);

        // Reached through an involvement the case is read by id alone (a single-entity query); otherwise only directly.
        var @case = involved.Count > 0
            ? await db.Set<Case>().IgnoreQueryFilters().SingleOrDefaultAsync(c => c.Id == id, ct)
            : await db.Set<Case>().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (@case is null)
        {
            throw new NotFoundException("案件");
        }

        if (!MayReply(actor, @case, involved.Count > 0))
        {
            await audit.RecordRefusalAsync(Action, @case.TrackingCode, AuditOutcome.Denied, "无权提交协办反馈", @case.UnitPath, ct);
            throw new ForbiddenException("您不能对此案件提交协办反馈：须由涉及单位（协办单位）的工作人员办理；案件所在辖区和承办单位请使用相应的办理操作。");
        }

        if (request.Version is { } expected && expected != @case.Version)
        {
            throw new ConflictException($"案件已被他人处理（您看到的是第 {expected} 版，当前为第 {@case.Version} 版），请刷新后重试。");
        }

        var note = request.Note?.Trim() ?? "";
        if (note.Length is 0 or > MaxNoteLength)
        {
            throw new ValidationFailedException("note", $"请填写协办反馈（1–{MaxNoteLength} 字）：本单位了解或办理的情况。");
        }

        // Attributed to the involved unit the caller belongs to, else the first one in their jurisdiction.
        var unit = involved.FirstOrDefault(i => actor.UnitCodes.Contains(i.UnitCode, StringComparer.Ordinal)) ?? involved[0];
        var role = UnitRoles.First(actor.IsInRole);
        var clock = await clocks.NowAsync(ct);
        var loaded = @case.Version;
        @case.RecordCoordinationReply(note, new ActorStamp(actor.UserId, actor.Name, role, unit.UnitCode), clock);
        audit.Record(Action, @case.TrackingCode, @case.UnitPath, $"协办单位 {unit.UnitName}（{unit.UnitCode}）反馈，承办 {@case.HolderUnitCode}");
        await CaseWrites.SaveAsync(db, @case.Id, loaded, ct);
        return new CaseStepResult(@case.Id, @case.TrackingCode, @case.Status, @case.Version, @case.HolderLevel, @case.HolderUnitCode, @case.AssignedDepartmentCode);
    }

    /// <summary>
    /// Staff of an involved unit: in a unit role, reaching an involvement of the case, and not reaching the case's own
    /// place — those who do (its community, street, the coordinator) act through the workflow steps instead.
    /// </summary>
    public static bool MayReply(ICurrentActor actor, Case @case, bool reachesAnInvolvedUnit) =>
        reachesAnInvolvedUnit && UnitRoles.Any(actor.IsInRole) && !actor.Scope.Covers(@case.UnitPath);

    /// <summary>Whether the caller reaches an involvement of the case (for the case page's buttons).</summary>
    public static async Task<bool> MayReplyAsync(FengqiaoDbContext db, ICurrentActor actor, Case @case, CancellationToken ct) =>
        UnitRoles.Any(actor.IsInRole) && !actor.Scope.Covers(@case.UnitPath)
        && await db.Set<CaseInvolvedUnit>().AnyAsync(i => i.CaseId == @case.Id, ct);
}
