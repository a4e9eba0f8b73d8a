using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fengqiao.Kernel.Messaging;

/// <summary>
/// Delivers outbox rows to their handlers at least once. Several web nodes may run it: a node first takes a lease on a
/// row with a conditional update, so only one node delivers it at a time; an expired lease (a node that died) is taken over.
/// </summary>
/// <remarks>
/// A round leases its whole batch with ONE conditional update, reads the leased rows once, delivers each to its handler
/// (each handler in its own scope and transaction, as before, so one failing handler never undoes another's work) and
/// records every outcome with ONE save at the end. Per message that leaves only the handler's own work: the lease,
/// read and completion that used to cost three statements and two write transactions per message are shared by the
/// batch (docs/benchmarks.md, intake). A handler that implements <see cref="IDomainEventBatchHandler{TEvent}"/> gets all
/// its rows of the round in one call (one scope, one transaction); if that fails they are delivered one by one. A node
/// that dies mid-round leaves its rows leased; they are delivered again when the lease expires — the handlers already
/// tolerate a second delivery.
/// </remarks>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    DomainEventRegistry registry,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> logger)
{
    private static readonly ConcurrentDictionary<Type, MethodInfo> HandleMethods = new();
    private static readonly ConcurrentDictionary<Type, MethodInfo> BatchMethods = new();

    // The node's id first: it must stay unique once the round number is appended and the whole is cut to 100 characters.
    private readonly string _node = $"{Guid.NewGuid():N}:{Environment.ProcessId}:{Environment.MachineName}";
    private long _round;

    /// <summary>Delivers what is due now (one round, at most <see cref="OutboxOptions.BatchSize"/> rows); returns how many deliveries were attempted.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken) => (await RoundAsync(cancellationToken)).Attempted;

    /// <summary>
    /// Runs rounds back to back while they come back full, i.e. while a backlog may remain; returns how many deliveries
    /// were attempted. The worker calls this on every wake-up and polls only once a round finds less than a batch, so a
    /// backlog drains at the dispatcher's speed rather than at <see cref="OutboxOptions.BatchSize"/> rows per poll.
    /// </summary>
    public async Task<int> DispatchBacklogAsync(CancellationToken cancellationToken)
    {
        var attempted = 0;
        while (true)
        {
            var (count, full) = await RoundAsync(cancellationToken);
            attempted += count;
            // A round whose candidates were all leased by another node also ends the backlog here: that node is on it.
            if (!full || count == 0)
            {
                return attempted;
            }
        }
    }

    /// <summary>One round: lease up to a batch, deliver it, record the outcomes. Full = as many candidates as a batch holds.</summary>
    private async Task<(int Attempted, bool Full)> RoundAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var until = now + settings.Lease;
        var lease = Truncate($"{Interlocked.Increment(ref _round)}:{_node}", 100);
        await using var scope = CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<FengqiaoDbContext>();
        var candidates = await db.Outbox
            .Where(m => m.ProcessedAt == null && m.FailedAt == null && m.NextAttemptAt <= now
                        && (m.LockedUntil == null || m.LockedUntil < now))
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => m.Id)
            .Take(settings.BatchSize)
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return (0, false);
        }

        // One conditional update leases every candidate no other node has taken meanwhile; the lease id tells which.
        await db.Outbox
            .Where(m => candidates.Contains(m.Id) && m.ProcessedAt == null && (m.LockedUntil == null || m.LockedUntil < now))
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.LockedUntil, until).SetProperty(m => m.LockedBy, lease), cancellationToken);
        var messages = await db.Outbox
            .Where(m => candidates.Contains(m.Id) && m.LockedBy == lease)
            .OrderBy(m => m.NextAttemptAt)
            .ToListAsync(cancellationToken);
        try
        {
            // Rows for a batch handler go to it together; the rest (and a failed batch's rows) one by one, in order.
            foreach (var rows in messages.GroupBy(m => m.Handler))
            {
                if (await DeliverBatchAsync([.. rows], cancellationToken))
                {
                    continue;
                }

                foreach (var message in rows)
                {
                    await DeliverAsync(message, cancellationToken);
                }
            }
        }
        finally
        {
            // Outcomes of the deliveries made so far, even when the round is stopped part-way; undelivered rows keep their lease.
            await db.SaveChangesAsync(CancellationToken.None);
        }

        return (messages.Count, candidates.Count >= settings.BatchSize);
    }

    /// <summary>Delivers until nothing is due, for tests and the CLI (bounded, so a handler that keeps raising events cannot loop forever).</summary>
    public async Task DrainAsync(CancellationToken cancellationToken, int maxRounds = 20)
    {
        for (var round = 0; round < maxRounds && await DispatchDueAsync(cancellationToken) > 0; round++)
        {
        }
    }

    /// <summary>
    /// Delivers several rows for one <see cref="IDomainEventBatchHandler{TEvent}"/> in one scope and records them all as
    /// processed; false (nothing recorded) when the handler does not take batches, there is only one row, or the batch
    /// failed — the caller then delivers each row on its own, which counts any failure against the row that causes it.
    /// </summary>
    private async Task<bool> DeliverBatchAsync(IReadOnlyList<OutboxMessage> rows, CancellationToken cancellationToken)
    {
        if (rows.Count < 2 || registry.Handler(rows[0].Handler) is not { } registration
            || !typeof(IDomainEventBatchHandler<>).MakeGenericType(registration.EventType).IsAssignableFrom(registration.HandlerType))
        {
            return false;
        }

        try
        {
            var events = Array.CreateInstance(registration.EventType, rows.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                events.SetValue(JsonSerializer.Deserialize(rows[i].Payload, registration.EventType, DomainEventRegistry.Json), i);
            }

            await using var handlerScope = CreateSystemScope();
            var handler = handlerScope.ServiceProvider.GetRequiredService(registration.HandlerType);
            var method = BatchMethods.GetOrAdd(registration.EventType, static type =>
                typeof(IDomainEventBatchHandler<>).MakeGenericType(type).GetMethod(nameof(IDomainEventBatchHandler<IDomainEvent>.HandleBatchAsync))!);
            await (Task)method.Invoke(handler, [events, cancellationToken])!;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation(ex is TargetInvocationException { InnerException: { } inner } ? inner : ex,
                "Outbox batch of {Count} for {Handler} failed; delivering its rows one by one", rows.Count, rows[0].Handler);
            return false;
        }

        var processedAt = clock.GetUtcNow();
        foreach (var message in rows)
        {
            message.ProcessedAt = processedAt;
            message.LockedUntil = null;
            message.LastError = null;
        }

        return true;
    }

    /// <summary>Runs the message's handler in a scope of its own and records the outcome on the (tracked) message.</summary>
    private async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var registration = registry.Handler(message.Handler)
                ?? throw new InvalidOperationException($"没有注册名为 {message.Handler} 的事件处理程序。");
            var domainEvent = JsonSerializer.Deserialize(message.Payload, registration.EventType, DomainEventRegistry.Json)
                ?? throw new InvalidOperationException("事件内容为空。");

            await using var handlerScope = CreateSystemScope();
            var handler = handlerScope.ServiceProvider.GetRequiredService(registration.HandlerType);
            var method = HandleMethods.GetOrAdd(registration.EventType, static type =>
                typeof(IDomainEventHandler<>).MakeGenericType(type).GetMethod(nameof(IDomainEventHandler<IDomainEvent>.HandleAsync))!);
            await (Task)method.Invoke(handler, [domainEvent, cancellationToken])!;

            message.ProcessedAt = clock.GetUtcNow();
            message.LockedUntil = null;
            message.LastError = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
            message.Attempts++;
            message.LastError = Truncate(error.ToString(), 2000);
            message.LockedUntil = null;
            if (message.Attempts >= options.Value.MaxAttempts)
            {
                message.FailedAt = clock.GetUtcNow();
                logger.LogError(error, "Outbox delivery {MessageId} to {Handler} gave up after {Attempts} attempts", message.Id, message.Handler, message.Attempts);
            }
            else
            {
                message.NextAttemptAt = clock.GetUtcNow() + Backoff(message.Attempts);
                logger.LogWarning(error, "Outbox delivery {MessageId} to {Handler} failed (attempt {Attempts}); retrying at {NextAttemptAt}", message.Id, message.Handler, message.Attempts, message.NextAttemptAt);
            }
        }
    }

    /// <summary>1 s, 2 s, 4 s … capped at <see cref="OutboxOptions.MaxBackoff"/>.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var seconds = Math.Pow(2, Math.Min(attempts - 1, 30));
        var backoff = TimeSpan.FromSeconds(seconds);
        return backoff < options.Value.MaxBackoff ? backoff : options.Value.MaxBackoff;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private AsyncServiceScope CreateSystemScope()
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().SetSystem();
        return scope;
    }
}
