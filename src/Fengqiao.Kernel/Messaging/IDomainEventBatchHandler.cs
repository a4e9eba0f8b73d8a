namespace Fengqiao.Kernel.Messaging;

/// <summary>
/// A handler that can take several events of its kind at once, in one scope and one transaction: the outbox hands it
/// every row of a round that names it, so the work shared by the events (reading who to tell, one save) is done once.
/// If the batch fails, each event is delivered again on its own through <see cref="IDomainEventHandler{TEvent}.HandleAsync"/>,
/// so one bad event never holds back the others and its failure is counted against it alone.
/// </summary>
public interface IDomainEventBatchHandler<in TEvent> : IDomainEventHandler<TEvent>
    where TEvent : IDomainEvent
{
    Task HandleBatchAsync(IReadOnlyList<TEvent> domainEvents, CancellationToken cancellationToken);
}
