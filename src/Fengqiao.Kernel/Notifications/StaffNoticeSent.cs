using Fengqiao.Kernel.Messaging;

namespace Fengqiao.Kernel.Notifications;

public sealed record StaffNoticeSent(Guid NoticeId) : IDomainEvent;
