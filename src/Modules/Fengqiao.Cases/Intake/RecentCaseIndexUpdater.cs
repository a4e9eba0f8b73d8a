using System.Data.Common;
using System.Runtime.CompilerServices;
using Fengqiao.Cases.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Fengqiao.Cases.Intake;

/// <summary>
/// Brings this node's own case changes into its <see cref="RecentCaseIndex"/> as soon as they commit: cases a
/// SaveChanges adds or changes (a case filed, closed, rejected, reclassified, imported) are noted while saving and
/// applied when the transaction holding them commits — or dropped when it rolls back. Other nodes' changes arrive with the
/// index's refresh; this makes the node's own exact at once (a resident who reports again right after a case was closed
/// here is not told it is a duplicate of the closed one).
/// </summary>
internal sealed class RecentCaseIndexUpdater(RecentCaseIndex index) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <summary>Cases saved in the context's open transaction, not yet committed.</summary>
    private readonly ConditionalWeakTable<DbContext, Pending> _pending = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        EndSaving(eventData.Context);
        ApplyUnlessInTransaction(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        EndSaving(eventData.Context);
        ApplyUnlessInTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    // A new transaction begun by the caller: anything still noted belongs to one that ended without a commit (disposed,
    // rolled back). The transaction SaveChanges begins for itself when there is none comes after its notes and keeps them.
    DbTransaction IDbTransactionInterceptor.TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        ForgetUnlessSaving(eventData.Context);
        return result;
    }

    ValueTask<DbTransaction> IDbTransactionInterceptor.TransactionStartedAsync(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken)
    {
        ForgetUnlessSaving(eventData.Context);
        return ValueTask.FromResult(result);
    }

    void IDbTransactionInterceptor.TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Apply(eventData.Context);

    Task IDbTransactionInterceptor.TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken)
    {
        Apply(eventData.Context);
        return Task.CompletedTask;
    }

    void IDbTransactionInterceptor.TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    Task IDbTransactionInterceptor.TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var pending = _pending.GetOrCreateValue(context);
        pending.Saving = true;
        foreach (var entry in context.ChangeTracker.Entries<Case>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                pending.Cases.Add(entry.Entity);
            }
        }
    }

    private void EndSaving(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var pending))
        {
            pending.Saving = false;
        }
    }

    private void ApplyUnlessInTransaction(DbContext? context)
    {
        if (context is not null && context.Database.CurrentTransaction is null)
        {
            Apply(context);
        }
    }

    private void Apply(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var pending))
        {
            var cases = pending.Cases.ToList();
            pending.Cases.Clear();
            foreach (var report in cases)
            {
                index.Apply(report);
            }
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }

    private void ForgetUnlessSaving(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var pending) && !pending.Saving)
        {
            _pending.Remove(context);
        }
    }

    /// <summary>A context's noted cases, and whether its SaveChanges is under way.</summary>
    private sealed class Pending
    {
        public List<Case> Cases { get; } = [];

        public bool Saving { get; set; }
    }
}
