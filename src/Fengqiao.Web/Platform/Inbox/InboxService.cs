using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Web.Platform.Inbox;

/// <summary>我的消息: a person reads only their own inbox; another person's message is "not found".</summary>
internal sealed class InboxService(FengqiaoDbContext db, ICurrentActor actor, TimeProvider clock)
{
    public async Task<IReadOnlyList<InboxMessage>> ListAsync(bool unreadOnly, int take, CancellationToken cancellationToken)
    {
        var userId = RequireUser();
        var items = db.Inbox.AsNoTracking().Where(i => i.UserId == userId);
        if (unreadOnly)
        {
            items = items.Where(i => i.ReadAt == null);
        }

        return await items.OrderByDescending(i => i.CreatedAt)
            .Take(Math.Clamp(take, 1, 200))
            .Select(i => new InboxMessage(i.Id, i.Title, i.Body, i.Link, i.CreatedAt, i.ReadAt != null))
            .ToListAsync(cancellationToken);
    }

    public Task<int> UnreadCountAsync(CancellationToken cancellationToken)
    {
        var userId = RequireUser();
        return db.Inbox.CountAsync(i => i.UserId == userId && i.ReadAt == null, cancellationToken);
    }

    public async Task MarkReadAsync(Guid id, CancellationToken cancellationToken)
    {
        var userId = RequireUser();
        var item = await db.Inbox.SingleOrDefaultAsync(i => i.Id == id && i.UserId == userId, cancellationToken)
            ?? throw new NotFoundException("消息");
        item.MarkRead(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<int> MarkAllReadAsync(CancellationToken cancellationToken)
    {
        var userId = RequireUser();
        var now = clock.GetUtcNow();
        return await db.Inbox.Where(i => i.UserId == userId && i.ReadAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.ReadAt, now), cancellationToken);
    }

    private Guid RequireUser() => actor.UserId ?? throw new ForbiddenException("请先登录。");
}
