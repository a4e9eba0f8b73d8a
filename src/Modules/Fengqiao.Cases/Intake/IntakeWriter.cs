using System.Collections.Concurrent;
using System.Threading.Channels;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Indicators.Rollups;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Messaging;
using Microsoft.EntityFrameworkCore;
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
/// writer seals each batch's entries in order. The batch is appended without EF's change tracking, one statement per
/// table (<see cref="FengqiaoDbContext.AppendAsync"/>, ADR 0022), with the indicator roll-up marks its cases need.
/// </summary>
/// <remarks>
/// A batch that fails (an idempotency key committed twice, a unique or concurrency violation) is retried one report
/// per transaction, so only the offending report fails, with the exception its own transaction would have thrown.
/// Reports whose context holds anything but new rows (an update, a delete), or that run inside a transaction of their
/// caller's, are saved directly, as before.
/// </remarks>
public sealed class IntakeWriter : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<Type, bool> Appendable = new();
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
        // A caller's own transaction (e.g. Open311 adds its submission record in the same one) must hold the rows itself;
        // an update or delete, or a row the append path cannot write (owned, shadow values), goes through SaveChanges.
        if (!_options.CurrentValue.GroupCommit || source.HasCurrentTransaction
            || entries.Any(e => e.State is EntityState.Modified or EntityState.Deleted
                || (e.State == EntityState.Added && !IsAppendable(source, e.Metadata.ClrType))))
        {
            await source.SaveChangesAsync(cancellationToken);
            return;
        }

        var pending = new Pending();
        var added = entries.Where(e => e.State == EntityState.Added).ToList();
        foreach (var entry in added)
        {
            pending.Entities.Add(entry.Entity);

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

        if (pending.Entities.Count > 0)
        {
            await EnqueueAsync(pending, cancellationToken);
        }
    }

    private async Task EnqueueAsync(Pending pending, CancellationToken cancellationToken)
    {
        _ = _loop.Value;
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        Interlocked.Increment(ref _queued);

        // Once queued the report is written even if the caller goes away, like a commit already under way.
        await pending.Done.Task;
    }

    /// <summary>
    /// Commits new <paramref name="rows"/> (principals first; entities' raised events go to the outbox) in the next group
    /// transaction, without tracking them in <paramref name="source"/>; returns once they are durable. Without group
    /// commit, or inside a transaction of the caller's, they are added to <paramref name="source"/> and saved there.
    /// </summary>
    public async Task AppendAsync(FengqiaoDbContext source, IReadOnlyList<object> rows, CancellationToken cancellationToken)
    {
        if (!_options.CurrentValue.GroupCommit || source.HasCurrentTransaction
            || rows.Any(row => !IsAppendable(source, row.GetType())))
        {
            source.AddRange(rows);
            await source.SaveChangesAsync(cancellationToken);
            return;
        }

        var pending = new Pending();
        foreach (var row in rows)
        {
            pending.Entities.Add(row);
            if (row is IHasDomainEvents raiser)
            {
                pending.Events.AddRange(raiser.DomainEvents);
                raiser.ClearDomainEvents();
            }
        }

        await EnqueueAsync(pending, cancellationToken);
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
        var rows = new List<object>();
        var events = new List<IDomainEvent>();
        List<CaseIndicatorDirty>? marks = null;
        foreach (var item in items)
        {
            rows.AddRange(item.Entities);
            events.AddRange(item.Events);
            foreach (var report in item.Entities.OfType<Case>())
            {
                // The roll-up mark SaveChanges would add through its interceptor (the append path runs none): one per
                // new case, naming it, so that the refresher adds the case to its bucket's row instead of re-aggregating.
                var (unitPath, department, day) = CaseIndicatorDirtyMarker.Bucket(report.UnitPath, report.AssignedDepartmentCode, report.ReportedAt);
                (marks ??= []).Add(new CaseIndicatorDirty { UnitPath = unitPath, DepartmentCode = department, Day = day, CaseId = report.Id });
            }
        }

        rows.AddRange(marks ?? []);

        // Written without change tracking; audit entries sealed and events put in the outbox in the same transaction
        // (FengqiaoDbContext.AppendAsync, ADR 0022).
        await db.AppendAsync(rows, events, stoppingToken);
    }

    /// <summary>Whether rows of the type can be appended without SaveChanges: a plain table, no shadow values to carry over.</summary>
    private static bool IsAppendable(DbContext source, Type clrType)
    {
        if (!Appendable.TryGetValue(clrType, out var appendable))
        {
            appendable = source.Model.FindEntityType(clrType) is { } type
                && !type.IsOwned() && type.BaseType is null && !type.GetDerivedTypes().Any() && type.GetProperties().All(p => !p.IsShadowProperty());
            Appendable[clrType] = appendable;
        }

        return appendable;
    }

    private sealed class Release(Action release) : IDisposable
    {
        public void Dispose() => release();
    }

    private sealed class Pending
    {
        public List<object> Entities { get; } = [];

        public List<IDomainEvent> Events { get; } = [];

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
