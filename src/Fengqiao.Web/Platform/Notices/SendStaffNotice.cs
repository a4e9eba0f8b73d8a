using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Web.Platform.Notices;

/// <summary>
/// 发送工作通知: an office sends a notice down its own subtree. The notice and its delivery event commit together;
/// the outbox then fills the recipients' inboxes and pushes to their open pages.
/// </summary>
internal sealed class SendStaffNotice(FengqiaoDbContext db, ICurrentActor actor, IAuditTrail audit, TimeProvider clock)
{
    public static readonly string[] SenderRoles = [Roles.CommunityWorker, Roles.StreetOfficer, Roles.Supervisor, Roles.Administrator];

    public async Task<Guid> HandleAsync(SendNoticeRequest request, CancellationToken cancellationToken)
    {
        if (!SenderRoles.Any(actor.IsInRole))
        {
            throw new ForbiddenException("只有社区工作者、街道工作人员、督办人员和管理员可以发送工作通知。");
        }

        var roles = request.Roles ?? [];
        if (roles.Any(r => !Roles.IsKnown(r)))
        {
            throw new ValidationFailedException("roles", $"未知角色：{string.Join('、', roles.Where(r => !Roles.IsKnown(r)))}。");
        }

        var unit = await db.Units.SingleOrDefaultAsync(u => u.Code == request.UnitCode, cancellationToken)
            ?? throw new NotFoundException($"单位 {request.UnitCode}");
        var notice = new StaffNotice(actor.UserId, actor.Name, unit.Path, request.Title ?? "", request.Body ?? "", roles, clock.GetUtcNow());
        db.StaffNotices.Add(notice);
        audit.Record("notices.send", $"unit:{unit.Code}", unit.Path, notice.Title);
        await db.SaveChangesAsync(cancellationToken);
        return notice.Id;
    }
}
