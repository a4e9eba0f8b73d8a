using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Kernel.Notifications;

/// <summary>Delivers a staff notice to everyone who belongs to a unit in its subtree (and holds one of its roles).</summary>
internal sealed class DeliverStaffNotice(FengqiaoDbContext db, Notifier notifier) : IDomainEventHandler<StaffNoticeSent>
{
    public async Task HandleAsync(StaffNoticeSent domainEvent, CancellationToken cancellationToken)
    {
        var notice = await db.StaffNotices.SingleOrDefaultAsync(n => n.Id == domainEvent.NoticeId, cancellationToken);
        if (notice is null)
        {
            return;
        }

        var roles = notice.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var recipients = db.Set<UserUnit>()
            .Join(db.Units, m => m.UnitId, u => u.Id, (m, u) => new { m.UserId, u.Path })
            .Where(x => x.Path.StartsWith(notice.UnitPath))
            .Select(x => x.UserId);
        if (roles.Length > 0)
        {
            var roleUsers = db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
                .Where(x => roles.Contains(x.Name!))
                .Select(x => x.UserId);
            recipients = recipients.Where(id => roleUsers.Contains(id));
        }

        // The sender knows what they sent.
        var userIds = await recipients.Distinct().Where(id => id != notice.SenderId).ToListAsync(cancellationToken);
        await notifier.NotifyAsync(
            userIds, notice.Title, notice.Body, "/inbox", $"notice:{notice.Id:N}", cancellationToken);
    }
}
