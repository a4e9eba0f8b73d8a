namespace Fengqiao.Kernel.Messaging;

/// <summary>Reacts to a domain event in its own scope, as the system actor. Must tolerate being called twice.</summary>
public interface IDomainEventHandler<in TEvent>
    where TEvent : IDomainEvent
{
    Task HandleAsync(TEvent domainEvent, CancellationToken cancellationToken);
}
