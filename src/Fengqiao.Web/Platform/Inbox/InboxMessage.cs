namespace Fengqiao.Web.Platform.Inbox;

public sealed record InboxMessage(Guid Id, string Title, string Body, string? Link, DateTimeOffset CreatedAt, bool IsRead);
