using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Fengqiao.Kernel.Data;

/// <summary>
/// Marks a <see cref="FengqiaoDbContext"/> on which a transaction was ever begun or joined, so that
/// <see cref="FengqiaoDbContext.HasCurrentTransaction"/> can answer "no" without starting the context's services
/// (<c>Database.CurrentTransaction</c> resolves them: about 6 % of a report's CPU when nothing else in the request needs
/// the database — docs/benchmarks.md, intake). The mark is never cleared; it only says when the real check is needed.
/// </summary>
internal sealed class TransactionTracker : DbTransactionInterceptor
{
    public static TransactionTracker Instance { get; } = new();

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Mark(eventData);
        return result;
    }

    public override ValueTask<DbTransaction> TransactionStartedAsync(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        Mark(eventData);
        return ValueTask.FromResult(result);
    }

    public override DbTransaction TransactionUsed(DbConnection connection, TransactionEventData eventData, DbTransaction result)
    {
        Mark(eventData);
        return result;
    }

    public override ValueTask<DbTransaction> TransactionUsedAsync(
        DbConnection connection, TransactionEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        Mark(eventData);
        return ValueTask.FromResult(result);
    }

    private static void Mark(TransactionEventData eventData)
    {
        if (eventData.Context is FengqiaoDbContext context)
        {
            context.TransactionSeen = true;
        }
    }
}
