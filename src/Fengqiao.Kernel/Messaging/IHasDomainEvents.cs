namespace Fengqiao.Kernel.Messaging;

/// <summary>An entity that raises domain events; the DbContext moves them to the outbox when it saves.</summary>
public interface IHasDomainEvents
{
    IReadOnlyList<IDomainEvent> DomainEvents { get; }

    void ClearDomainEvents();
}
