namespace Fengqiao.Kernel.Notifications;

/// <summary>Pushes a new inbox item to the person's open pages (SignalR in the web host); best effort, the inbox is the record.</summary>
public interface INotificationPush
{
    Task PushAsync(Guid userId, InboxItem item, CancellationToken cancellationToken);
}
