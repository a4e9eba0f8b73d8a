namespace Fengqiao.Kernel.Messaging;

/// <summary>
/// Something that happened, raised by the change that caused it. It is written to the outbox in the same transaction
/// as that change and delivered at least once to each handler, so handlers must be idempotent.
/// </summary>
public interface IDomainEvent
{
}
