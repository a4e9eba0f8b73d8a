using Fengqiao.Kernel.Notifications;
using Microsoft.AspNetCore.SignalR;

namespace Fengqiao.Web.Platform.Inbox;

/// <summary>Pushes to every open page of the person; with a Redis backplane, across web nodes.</summary>
internal sealed class SignalRNotificationPush(IHubContext<NotificationHub> hub, ILogger<SignalRNotificationPush> logger) : INotificationPush
{
    public async Task PushAsync(Guid userId, InboxItem item, CancellationToken cancellationToken)
    {
        var message = new InboxMessage(item.Id, item.Title, item.Body, item.Link, item.CreatedAt, false);
        try
        {
            await hub.Clients.User(userId.ToString()).SendAsync("notification", message, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The inbox row is the record; a page that missed the push sees it on its next load.
            logger.LogWarning(ex, "Live push of inbox item {ItemId} failed", item.Id);
        }
    }
}
