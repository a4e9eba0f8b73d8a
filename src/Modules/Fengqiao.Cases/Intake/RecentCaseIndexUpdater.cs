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
    private readonly ConditionalWeakTable<DbContext, List<Case>> _pending = [];

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
        ApplyUnlessInTransaction(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ApplyUnlessInTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    // A new transaction: anything still noted belongs to one that ended without a commit (disposed, rolled back).
    DbTransaction IDbTransactionInterceptor.TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Forget(eventData.Context);
        return result;
    }

    ValueTask<DbTransaction> IDbTransactionInterceptor.TransactionStartedAsync(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken)
    {
        Forget(eventData.Context);
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

        List<Case>? changed = null;
        foreach (var entry in context.ChangeTracker.Entries<Case>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                (changed ??= []).Add(entry.Entity);
            }
        }

        if (changed is not null)
        {
            _pending.GetOrCreateValue(context).AddRange(changed);
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
        if (context is not null && _pending.TryGetValue(context, out var cases))
        {
            _pending.Remove(context);
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
}
