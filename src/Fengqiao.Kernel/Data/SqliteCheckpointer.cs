using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fengqiao.Kernel.Data;

/// <summary>
/// Copies SQLite's write-ahead log into the database file in the background (<c>PRAGMA wal_checkpoint(PASSIVE)</c>
/// every <see cref="DatabaseOptions.SqliteCheckpointIntervalMilliseconds"/>), instead of SQLite's automatic checkpoint,
/// which runs inside whichever commit pushes the log past 1,000 pages. Under intake that is the intake writer, every
/// fraction of a second: its commit then also wrote those pages into the database file and waited for them to reach
/// the disk, and every report of the next batch waited with it (docs/benchmarks.md, "Checkpoints off the writer").
/// </summary>
/// <remarks>
/// A passive checkpoint waits for nobody: it copies what no reader still needs and leaves the rest for the next round,
/// and writers go on appending meanwhile; once everything is copied, the next writer starts the log from the beginning
/// again, as after an automatic checkpoint. The host's connections are opened without automatic checkpoints
/// (<see cref="LeaveToBackground"/>); the command-line tool keeps SQLite's default.
/// </remarks>
internal sealed class SqliteCheckpointer(string connectionString, TimeSpan interval, TimeProvider time, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    /// <summary>Turns SQLite's automatic checkpoint off on every connection the context opens.</summary>
    public static IInterceptor LeaveToBackground { get; } = new NoAutomaticCheckpoint();

    /// <summary>One passive checkpoint: the log's frames, and how many of them are now in the database file.</summary>
    public async Task<(int LogFrames, int CheckpointedFrames)> CheckpointAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(1), reader.GetInt32(2));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stoppingToken);
                await CheckpointAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is SqliteException or IOException or InvalidOperationException)
            {
                // The next round tries again; meanwhile the log only grows.
                logger.LogWarning(exception, "SQLite checkpoint failed; retrying in {Interval}.", interval);
            }
        }
    }

    private sealed class NoAutomaticCheckpoint : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection)
        {
            if (connection is SqliteConnection { Handle: { } handle })
            {
                SQLitePCL.raw.sqlite3_wal_autocheckpoint(handle, 0);
            }
        }
    }
}
