using System.Threading.Channels;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fengqiao.Cases.Intake;

/// <summary>
/// Group commit for intake (批量提交): every report's rows — case, timeline entry, tier step, idempotency record, audit
/// entry and outbox messages — are handed to one writer that drains a queue and commits everything waiting in ONE
/// transaction; each request completes when its batch has committed. A durable commit costs the same for one row as for
/// a hundred (one fsync, one audit-chain lock), so the rate approaches the database's batched insert rate instead of its
/// one-row-per-transaction rate (docs/benchmarks.md). The audit chain stays one unbroken sequence because a single
/// writer seals each batch's entries in order.
/// </summary>
/// <remarks>
/// A batch that fails (an idempotency key committed twice, a unique or concurrency violation) is retried one report
/// per transaction, so only the offending report fails, with the exception its own transaction would have thrown.
/// Reports whose context holds anything but new rows (an update, a delete), or that run inside a transaction of their
/// caller's, are saved directly, as before.
/// </remarks>
public sealed class IntakeWriter : IAsyncDisposable
{
    private readonly IServiceScopeFactory _scopes;
    private readonly IOptionsMonitor<IntakeOptions> _options;
    private readonly ILogger<IntakeWriter> _logger;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lazy<Task> _loop;
    private volatile TaskCompletionSource? _hold;
    private int _queued;

    public IntakeWriter(IServiceScopeFactory scopes, IOptionsMonitor<IntakeOptions> options, ILogger<IntakeWriter> logger)
    {
        _scopes = scopes;
        _options = options;
        _logger = logger;
        _loop = new Lazy<Task>(() => Task.Run(() => RunAsync(_stopping.Token)), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Commits what <paramref name="source"/> has added, in the next group transaction; returns once it is durable.</summary>
    public async Task CommitAsync(FengqiaoDbContext source, CancellationToken cancellationToken)
    {
        var entries = source.ChangeTracker.Entries().ToList();
        // A caller's own transaction (e.g. Open311 adds its submission record in the same one) must hold the rows itself.
        if (!_options.CurrentValue.GroupCommit || source.Database.CurrentTransaction is not null
            || entries.Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            await source.SaveChangesAsync(cancellationToken);
            return;
        }

        var pending = new Pending();
        var added = entries.Where(e => e.State == EntityState.Added).ToList();
        foreach (var entry in added.Where(e => !e.Metadata.IsOwned()))
        {
            pending.Entities.Add(entry.Entity);
            // From the metadata: entry.Properties would build an accessor for every column of every row (a case has dozens).
            foreach (var shadow in entry.Metadata.GetProperties().Where(p => p.IsShadowProperty()))
            {
                pending.ShadowValues.Add((entry.Entity, shadow.Name, entry.Property(shadow).CurrentValue));
            }

            // Raised events become outbox messages in the writer's transaction; taken here so that a retry raises them again.
            if (entry.Entity is IHasDomainEvents raiser)
            {
                pending.Events.AddRange(raiser.DomainEvents);
                raiser.ClearDomainEvents();
            }
        }

        // The rows now belong to the writer; what else the context tracks stays as it was.
        foreach (var entry in added)
        {
            entry.State = EntityState.Detached;
        }

        if (pending.Entities.Count == 0)
        {
            return;
        }

        _ = _loop.Value;
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        Interlocked.Increment(ref _queued);

        // Once queued the report is written even if the caller goes away, like a commit already under way.
        await pending.Done.Task;
    }

    /// <summary>Reports queued and not yet taken into a batch.</summary>
    internal int Queued => Volatile.Read(ref _queued);

    /// <summary>
    /// Keeps the writer from starting a batch until the returned handle is disposed, so that everything queued meanwhile
    /// is committed as one batch (tests of the group semantics use it; nothing else should).
    /// </summary>
    internal IDisposable Hold()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _hold = gate;
        return new Release(() =>
        {
            _hold = null;
            gate.TrySetResult();
        });
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop.IsValueCreated)
        {
            try
            {
                await _loop.Value.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                await _stopping.CancelAsync();
            }
        }

        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>();
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            if (_hold is { } gate)
            {
                await gate.Task;
            }

            var max = Math.Max(1, _options.CurrentValue.GroupCommitMaxBatch);
            while (batch.Count < max && _queue.Reader.TryRead(out var item))
            {
                Interlocked.Decrement(ref _queued);
                batch.Add(item);
            }

            await CommitBatchAsync(batch, stoppingToken);
            batch.Clear();
        }
    }

    private async Task CommitBatchAsync(List<Pending> batch, CancellationToken stoppingToken)
    {
        try
        {
            await WriteAsync(batch, stoppingToken);
            foreach (var item in batch)
            {
                item.Done.TrySetResult();
            }

            return;
        }
        catch (Exception e) when (batch.Count > 1)
        {
            _logger.LogInformation(e, "Intake batch of {Count} failed; retrying its reports one by one", batch.Count);
        }
        catch (Exception e)
        {
            batch[0].Done.TrySetException(e);
            return;
        }

        foreach (var item in batch)
        {
            try
            {
                await WriteAsync([item], stoppingToken);
                item.Done.TrySetResult();
            }
            catch (Exception e)
            {
                item.Done.TrySetException(e);
            }
        }
    }

    private async Task WriteAsync(IReadOnlyList<Pending> items, CancellationToken stoppingToken)
    {
        await using var scope = _scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<FengqiaoDbContext>();

        // Only new rows are attached here, and nothing changes them between Add and the INSERT: EF's change detection
        // (a scan of every tracked entity, which the context's SaveChanges would otherwise run three times — audit
        // sealing, outbox collection, the save itself) finds nothing to do, so it stays off for this context's life.
        // The context tracks the one row it modifies (the audit chain head) itself.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var item in items)
        {
            foreach (var entity in item.Entities)
            {
                if (db.Entry(entity).State == EntityState.Detached)
                {
                    db.Add(entity);
                }
            }

            foreach (var (entity, name, value) in item.ShadowValues)
            {
                db.Entry(entity).Property(name).CurrentValue = value;
            }

            foreach (var domainEvent in item.Events)
            {
                db.Publish(domainEvent);
            }
        }

        await db.SaveChangesAsync(stoppingToken);
    }

    private sealed class Release(Action release) : IDisposable
    {
        public void Dispose() => release();
    }

    private sealed class Pending
    {
        public List<object> Entities { get; } = [];

        public List<(object Entity, string Property, object? Value)> ShadowValues { get; } = [];

        public List<IDomainEvent> Events { get; } = [];

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
