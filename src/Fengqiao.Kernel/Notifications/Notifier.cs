using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Kernel.Notifications;

/// <summary>One notification for a set of people; <see cref="SourceKey"/> makes it idempotent per person.</summary>
public sealed record Notice(IReadOnlyCollection<Guid> UserIds, string Title, string Body, string? Link, string SourceKey);

/// <summary>Puts notifications into inboxes and pushes them live. Idempotent per (user, source key).</summary>
public sealed class Notifier(FengqiaoDbContext db, INotificationPush push, TimeProvider clock)
{
    public Task NotifyAsync(IReadOnlyCollection<Guid> userIds, string title, string body, string? link, string sourceKey, CancellationToken cancellationToken) =>
        NotifyAsync([new Notice(userIds, title, body, link, sourceKey)], cancellationToken);

    /// <summary>
    /// Several notifications with one read of what was already delivered and one save: an outbox round's worth of case
    /// steps costs two statements, not two per step.
    /// </summary>
    public async Task NotifyAsync(IReadOnlyList<Notice> notices, CancellationToken cancellationToken)
    {
        var users = notices.SelectMany(n => n.UserIds).Distinct().ToList();
        if (users.Count == 0)
        {
            return;
        }

        var keys = notices.Select(n => n.SourceKey).Distinct().ToList();
        var delivered = (await db.Inbox
                .Where(i => keys.Contains(i.SourceKey) && users.Contains(i.UserId))
                .Select(i => new { i.UserId, i.SourceKey })
                .ToListAsync(cancellationToken))
            .Select(i => (i.UserId, i.SourceKey))
            .ToHashSet();
        var now = clock.GetUtcNow();
        var items = new List<InboxItem>();
        foreach (var notice in notices)
        {
            // HashSet.Add also drops a second copy of the same notice in one batch (a message delivered twice).
            items.AddRange(notice.UserIds
                .Where(userId => delivered.Add((userId, notice.SourceKey)))
                .Select(userId => new InboxItem(userId, notice.Title, notice.Body, notice.Link, notice.SourceKey, now)));
        }

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
