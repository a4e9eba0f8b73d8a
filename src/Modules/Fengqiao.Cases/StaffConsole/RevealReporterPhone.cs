using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Intake;
using Fengqiao.Cases.Workflow;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.StaffConsole;

/// <summary>
/// 查看上报人完整电话: the case page shows the reporter's phone masked; the people handling the case (its command side,
/// its holder, the tier above the holder, supervisors) may see it whole to call back, after stating why. The reveal
/// goes through <see cref="PersonalDataAccess"/>, so it is audited (and committed) before the number is returned.
/// </summary>
public sealed class RevealReporterPhone(FengqiaoDbContext db, ICurrentActor actor, IAuditTrail audit, PersonalDataAccess access)
{
    public const string RecordType = "case";

    /// <summary>The roles that handle cases; <see cref="CaseAccess"/> then narrows them to this case.</summary>
    private static readonly string[] HandlingRoles =
        [Roles.GridWorker, Roles.CommunityWorker, Roles.StreetOfficer, Roles.DepartmentHandler, Roles.Supervisor, Roles.Administrator];

    public async Task<RevealedPhone> RevealAsync(Guid caseId, RevealPhoneRequest request, CancellationToken ct)
    {
        var c = await db.Set<Case>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == caseId, ct) ?? throw new NotFoundException("案件");
        if (c.IsAnonymous || c.ReporterPhoneCipher is null)
        {
            throw new NotFoundException("上报人的联系电话");
        }

        var item = new PersonalDataItem(RecordType, c.Id.ToString(), ReportCase.ReporterPhoneField, c.UnitPath);
        if (!Handles(c))
        {
            const string message = "只有承办、受理或督办此案件的人员可以查看上报人的完整电话。";
            await audit.RecordRefusalAsync(PersonalDataAccess.RevealAction, item.Target, AuditOutcome.Denied, $"字段：{item.Field}；拒绝：{message}", c.UnitPath, ct);
            throw new ForbiddenException(message);
        }

        // The kernel adds its own checks (role, jurisdiction, purpose) and writes the audit entry, refused or not.
        var phone = await access.RevealAsync(item, c.ReporterPhoneCipher, request.Purpose, HandlingRoles, ct);
        return new RevealedPhone(c.Id, c.TrackingCode, phone);
    }

    private bool Handles(Case c) =>
        CaseAccess.IsDispatcher(actor, c) || CaseAccess.IsHolder(actor, c) || CaseAccess.IsAboveHolder(actor, c) || CaseAccess.IsSupervisor(actor, c);
}

/// <summary>Why the full number is needed (4–200 characters), e.g. "电话回访核实现场情况".</summary>
public sealed record RevealPhoneRequest(string? Purpose);

public sealed record RevealedPhone(Guid CaseId, string TrackingCode, string Phone);
