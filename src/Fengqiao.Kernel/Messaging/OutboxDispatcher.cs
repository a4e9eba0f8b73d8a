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
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    DomainEventRegistry registry,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> logger)
{
    private readonly string _node = Truncate($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}", 100);

    /// <summary>Delivers what is due now; returns how many deliveries were attempted.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        List<Guid> candidates;
        await using (var scope = CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FengqiaoDbContext>();
            candidates = await db.Outbox
                .Where(m => m.ProcessedAt == null && m.FailedAt == null && m.NextAttemptAt <= now
                            && (m.LockedUntil == null || m.LockedUntil < now))
                .OrderBy(m => m.NextAttemptAt)
                .Select(m => m.Id)
                .Take(settings.BatchSize)
                .ToListAsync(cancellationToken);
        }

        var attempted = 0;
        foreach (var id in candidates)
        {
            if (await TryLeaseAsync(id, cancellationToken))
            {
                attempted++;
                await DeliverAsync(id, cancellationToken);
            }
        }

        return attempted;
    }

    /// <summary>Delivers until nothing is due, for tests and the CLI (bounded, so a handler that keeps raising events cannot loop forever).</summary>
    public async Task DrainAsync(CancellationToken cancellationToken, int maxRounds = 20)
    {
        for (var round = 0; round < maxRounds && await DispatchDueAsync(cancellationToken) > 0; round++)
        {
        }
    }

    private async Task<bool> TryLeaseAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var until = now + options.Value.Lease;
        await using var scope = CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<FengqiaoDbContext>();
        var taken = await db.Outbox
            .Where(m => m.Id == id && m.ProcessedAt == null && (m.LockedUntil == null || m.LockedUntil < now))
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.LockedUntil, until).SetProperty(m => m.LockedBy, _node), cancellationToken);
        return taken == 1;
    }

    private async Task DeliverAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<FengqiaoDbContext>();
        var message = await db.Outbox.SingleAsync(m => m.Id == id, cancellationToken);
        try
        {
            var registration = registry.Handler(message.Handler)
                ?? throw new InvalidOperationException($"没有注册名为 {message.Handler} 的事件处理程序。");
            var domainEvent = JsonSerializer.Deserialize(message.Payload, registration.EventType, DomainEventRegistry.Json)
                ?? throw new InvalidOperationException("事件内容为空。");

            await using var handlerScope = CreateSystemScope();
            var handler = handlerScope.ServiceProvider.GetRequiredService(registration.HandlerType);
            var method = typeof(IDomainEventHandler<>).MakeGenericType(registration.EventType).GetMethod(nameof(IDomainEventHandler<IDomainEvent>.HandleAsync))!;
            await (Task)method.Invoke(handler, [domainEvent, cancellationToken])!;

            message.ProcessedAt = clock.GetUtcNow();
            message.LockedUntil = null;
            message.LastError = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = ex is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : ex;
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

        await db.SaveChangesAsync(CancellationToken.None);
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
