namespace Fengqiao.Kernel.Notifications;

/// <summary>站内消息: one notification in one person's in-app inbox.</summary>
public sealed class InboxItem
{
    public const int MaxTitleLength = 100;
    public const int MaxBodyLength = 2000;

    private InboxItem()
    {
        Title = Body = SourceKey = "";
    }

    public InboxItem(Guid userId, string title, string body, string? link, string sourceKey, DateTimeOffset createdAt)
    {
        Id = Guid.CreateVersion7();
        UserId = userId;
        Title = title.Length > MaxTitleLength ? title[..MaxTitleLength] : title;
        Body = body.Length > MaxBodyLength ? body[..MaxBodyLength] : body;
        Link = link;
        SourceKey = sourceKey;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public string Title { get; private set; }

    public string Body { get; private set; }

    /// <summary>Where the notification leads in the UI, e.g. "/units/320282001001".</summary>
    public string? Link { get; private set; }

    /// <summary>
    /// The event delivery that produced it; unique per user, so a redelivered event never shows twice in an inbox.
    /// </summary>
    public string SourceKey { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ReadAt { get; private set; }

    public void MarkRead(DateTimeOffset at) => ReadAt ??= at;
}
