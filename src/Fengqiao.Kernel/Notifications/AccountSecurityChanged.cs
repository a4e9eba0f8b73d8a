using Fengqiao.Kernel.Messaging;

namespace Fengqiao.Kernel.Notifications;

/// <summary>A person's password, roles or units changed; they are told in their inbox in case it was not them.</summary>
public sealed record AccountSecurityChanged(Guid UserId, string What, DateTimeOffset At) : IDomainEvent;
