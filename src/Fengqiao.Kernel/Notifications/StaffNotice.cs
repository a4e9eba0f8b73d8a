using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Messaging;

namespace Fengqiao.Kernel.Notifications;

/// <summary>
/// 工作通知: a notice sent by a street or community office to the staff of a unit and everything below it,
/// optionally only to some roles. Delivery into inboxes happens through the outbox.
/// </summary>
public sealed class StaffNotice : IJurisdictional, IHasDomainEvents
{
    private readonly List<IDomainEvent> _events = [];

    private StaffNotice()
    {
        UnitPath = Title = Body = SenderName = "";
    }

    public StaffNotice(Guid? senderId, string senderName, string unitPath, string title, string body, IReadOnlyList<string> roles, DateTimeOffset sentAt)
    {
        Rules.Check(new NoticeNeedsTitleAndBody(title, body));
        Id = Guid.CreateVersion7();
        SenderId = senderId;
        SenderName = senderName;
        UnitPath = unitPath;
        Title = title.Trim();
        Body = body.Trim();
        Roles = string.Join(',', roles);
        SentAt = sentAt;
        _events.Add(new StaffNoticeSent(Id));
    }

    public Guid Id { get; private set; }

    public Guid? SenderId { get; private set; }

    public string SenderName { get; private set; }

    /// <summary>The unit whose subtree receives the notice.</summary>
    public string UnitPath { get; private set; }

    public string Title { get; private set; }

    public string Body { get; private set; }

    /// <summary>Comma-separated role names; empty means every staff role.</summary>
    public string Roles { get; private set; } = "";

    public DateTimeOffset SentAt { get; private set; }

    public IReadOnlyList<IDomainEvent> DomainEvents => _events;

    public void ClearDomainEvents() => _events.Clear();

    private sealed class NoticeNeedsTitleAndBody(string title, string body) : IBusinessRule
    {
        public string Message => $"通知需要标题（不超过 {InboxItem.MaxTitleLength} 字）和正文（不超过 {InboxItem.MaxBodyLength} 字）。";

        public bool IsBroken() =>
            string.IsNullOrWhiteSpace(title) || string.IsNullOrWhiteSpace(body)
            || title.Trim().Length > InboxItem.MaxTitleLength || body.Trim().Length > InboxItem.MaxBodyLength;
    }
}
