using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Fengqiao.Kernel.Data;

/// <summary>
/// Lets SQLite itself wait for the write lock (<c>sqlite3_busy_timeout</c>) on every connection the context opens.
/// Without it Microsoft.Data.Sqlite answers a busy database by sleeping 150 ms and trying again, so any write that meets
/// another — an intake batch meeting the indicator refresh, the outbox or a staff action — waited at least 150 ms however
/// short the other's hold was (measured: a 20 ms hold cost the second writer 150 ms; with the busy timeout, 18.5 ms).
/// SQLite's own handler retries in steps of 1 ms growing to 100 ms, so a writer waits about as long as the hold.
/// The timeout is the connection's command timeout, so a lock held longer fails as before (Microsoft.Data.Sqlite retries on).
/// </summary>
internal sealed class SqliteBusyWait : DbConnectionInterceptor
{
    public static SqliteBusyWait Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    /// <summary>Sets the busy timeout of an open SQLite connection (a cheap call on the native handle, no statement).</summary>
    public static void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle } sqlite)
        {
            SQLitePCL.raw.sqlite3_busy_timeout(handle, checked(sqlite.DefaultTimeout * 1000));
        }
    }
}
