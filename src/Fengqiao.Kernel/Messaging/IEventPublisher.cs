namespace Fengqiao.Kernel.Messaging;

/// <summary>Publishes an event that is not raised by an entity; it joins the current unit of work like one that is.</summary>
public interface IEventPublisher
{
    void Publish(IDomainEvent domainEvent);
}
