namespace Fengqiao.Kernel.Messaging;

/// <summary>Configuration section "Outbox".</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    public int BatchSize { get; set; } = 50;

    /// <summary>After this many failed attempts a delivery is parked as failed for an operator to inspect.</summary>
    public int MaxAttempts { get; set; } = 10;

    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest wait between retries; waits double from one second up to it.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);
}
