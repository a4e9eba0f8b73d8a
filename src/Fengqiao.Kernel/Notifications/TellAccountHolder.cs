using Fengqiao.Kernel.Messaging;
using Fengqiao.Kernel.Time;

namespace Fengqiao.Kernel.Notifications;

/// <summary>Tells a person that their account's password, roles or units changed.</summary>
internal sealed class TellAccountHolder(Notifier notifier) : IDomainEventHandler<AccountSecurityChanged>
{
    public Task HandleAsync(AccountSecurityChanged domainEvent, CancellationToken cancellationToken) =>
        notifier.NotifyAsync(
            [domainEvent.UserId],
            "账号安全提醒",
            $"您的账号于 {ChinaTime.Format(domainEvent.At)} 发生变更：{domainEvent.What}。如非本人或管理员操作，请立即联系系统管理员。",
            "/account",
            $"account:{domainEvent.UserId:N}:{domainEvent.At.UtcTicks}",
            cancellationToken);
}
