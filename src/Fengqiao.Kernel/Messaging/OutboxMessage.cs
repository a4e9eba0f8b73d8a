namespace Fengqiao.Kernel.Messaging;

/// <summary>
/// One delivery of one event to one handler. Keeping a row per handler means a failing handler is retried alone and
/// never makes the others run twice.
/// </summary>
public sealed class OutboxMessage
{
    private OutboxMessage()
    {
        EventType = Handler = Payload = "";
    }

    public OutboxMessage(string eventType, string handler, string payload, DateTimeOffset occurredAt)
    {
        Id = Guid.CreateVersion7();
        EventType = eventType;
        Handler = handler;
        Payload = payload;
        OccurredAt = occurredAt;
        NextAttemptAt = occurredAt;
    }

    public Guid Id { get; private set; }

    public string EventType { get; private set; }

    public string Handler { get; private set; }

    public string Payload { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Lease held by one node while it delivers; an expired lease lets another node take over.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    public string? LockedBy { get; set; }

    public DateTimeOffset? ProcessedAt { get; set; }

    /// <summary>Set when the delivery gave up after the last attempt; an operator must look at it.</summary>
    public DateTimeOffset? FailedAt { get; set; }

    public string? LastError { get; set; }
}
