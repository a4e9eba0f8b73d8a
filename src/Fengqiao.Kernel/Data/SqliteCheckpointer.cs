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
/// and writers go on appending meanwhile. But SQLite starts the log from the beginning again only when a writer finds
/// it wholly copied and no reader still reading from it, and under steady load some reader always is: every reader
/// that began while frames were waiting to be copied holds its place in the log. The log then grows for as long as the
/// load lasts (4.4 GB in 50 s of intake at the maximum rate), and every commit writes into new file blocks, which the
/// kernel must first zero (7 % of the machine's samples). So once the log holds <see cref="RestartAtFrames"/> frames (16 MB)
/// a round restarts it (<c>PRAGMA wal_checkpoint(RESTART)</c>): it copies the few frames written since the passive
/// pass and waits up to <see cref="RestartWait"/> (50 ms) — holding back writers, which wait in SQLite's busy handler — for
/// the readers still in the log to finish; the next commit then writes from the start of the file, into blocks the
/// kernel already holds. A reader that takes longer makes the round give up, and restarts pause for
/// <see cref="RetryAfter"/> (1 s), so a long report or export costs writers one short wait a second, not one every
/// round. (Doubling the restart size after each failure instead let the log run to 2.4 GB again under intake, whose
/// roll-up refresh reads in long snapshots.)
/// The host's connections are opened without automatic checkpoints (<see cref="LeaveToBackground"/>); the
/// command-line tool keeps SQLite's default.
/// <para>
/// When restarts fail for a while — a saturating burst while the indicator roll-up reads for seconds — the log file
/// grows (to 290 MB–1 GB in the benchmark's warm-up) and, without a limit, keeps that size on disk for good. So the
/// host's connections also carry a journal size limit of <see cref="JournalSizeLimitBytes"/> (64 MB): the first commit
/// after a restart cuts a larger log file back to it. Under steady load restarts keep the log far below the limit,
/// so the file keeps its blocks and commits never wait for new ones.
/// </para>
/// </remarks>
internal sealed class SqliteCheckpointer(
    string connectionString,
    TimeSpan interval,
    TimeProvider time,
    ILogger<SqliteCheckpointer> logger,
    int restartAtFrames = SqliteCheckpointer.RestartAtFrames,
    TimeSpan? restartWait = null) : BackgroundService
{
    /// <summary>The default restart size: 4,096 pages of 4 KB, a 16 MB log.</summary>
    public const int RestartAtFrames = 4096;

    /// <summary>The default wait for readers: short, because writers wait as long.</summary>
    public static readonly TimeSpan RestartWait = TimeSpan.FromMilliseconds(50);

    /// <summary>How long restarts pause after one had to give up.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>The size the first commit after a restart cuts a larger log file back to: four times the restart size.</summary>
    public const long JournalSizeLimitBytes = 64L * 1024 * 1024;

    private readonly int _restartWaitMilliseconds = (int)(restartWait ?? RestartWait).TotalMilliseconds;

    /// <summary>Its own connection, outside the pool: the busy wait a restart sets stays with it.</summary>
    private readonly string _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();

    /// <summary>When restarts may be tried again after one gave up (a <see cref="TimeProvider"/> timestamp).</summary>
    private long _restartNotBefore = long.MinValue;

    /// <summary>
    /// Turns SQLite's automatic checkpoint off, and sets the journal size limit, on every connection the context opens.
    /// </summary>
    public static IInterceptor LeaveToBackground { get; } = new NoAutomaticCheckpoint();

    /// <summary>
    /// One round: a passive checkpoint, and a restart of the log if it has grown to the restart size. Returns the log's
    /// frames and how many of them are in the database file, and whether the log was restarted (the next commit then
    /// writes from its start).
    /// </summary>
    public async Task<(int LogFrames, int CheckpointedFrames, bool Restarted)> CheckpointAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        var (_, log, copied) = await CheckpointAsync(connection, "PASSIVE", cancellationToken);
        if (log < restartAtFrames || time.GetTimestamp() < _restartNotBefore)
        {
            return (log, copied, false);
        }

        SQLitePCL.raw.sqlite3_busy_timeout(connection.Handle, _restartWaitMilliseconds);
        var (busy, after, copiedAfter) = await CheckpointAsync(connection, "RESTART", cancellationToken);
        if (busy)
        {
            _restartNotBefore = time.GetTimestamp() + (long)(RetryAfter.TotalSeconds * time.TimestampFrequency);
        }

        return (after, copiedAfter, !busy);
    }

    private static async Task<(bool Busy, int LogFrames, int CheckpointedFrames)> CheckpointAsync(SqliteConnection connection, string mode, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode})";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(0) != 0, reader.GetInt32(1), reader.GetInt32(2));
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
        /// <summary>
        /// The native connections whose limit is set: a pooled connection is opened again for every query, and the
        /// limit, unlike the checkpoint setting, has no native call, so it is set once per native connection.
        /// </summary>
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> Limited = [];

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
                if (Limited.TryAdd(handle, Limited) && SQLitePCL.raw.sqlite3_exec(handle, $"PRAGMA journal_size_limit={JournalSizeLimitBytes}") != SQLitePCL.raw.SQLITE_OK)
                {
                    throw new SqliteException($"Setting the journal size limit failed: {SQLitePCL.raw.sqlite3_errmsg(handle).utf8_to_string()}", SQLitePCL.raw.sqlite3_errcode(handle));
                }
            }
        }
    }
}
