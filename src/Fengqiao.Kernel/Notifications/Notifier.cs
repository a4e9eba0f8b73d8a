using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Kernel.Notifications;

/// <summary>Puts notifications into inboxes and pushes them live. Idempotent per (user, source key).</summary>
public sealed class Notifier(FengqiaoDbContext db, INotificationPush push, TimeProvider clock)
{
    public async Task NotifyAsync(IReadOnlyCollection<Guid> userIds, string title, string body, string? link, string sourceKey, CancellationToken cancellationToken)
    {
        var already = await db.Inbox
            .Where(i => i.SourceKey == sourceKey && userIds.Contains(i.UserId))
            .Select(i => i.UserId)
            .ToListAsync(cancellationToken);
        var items = userIds.Except(already)
            .Select(userId => new InboxItem(userId, title, body, link, sourceKey, clock.GetUtcNow()))
            .ToList();
        if (items.Count == 0)
        {
            return;
        }

        db.Inbox.AddRange(items);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var item in items)
        {
            await push.PushAsync(item.UserId, item, cancellationToken);
        }
    }
}
