using Fengqiao.Kernel;
using Fengqiao.Kernel.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fengqiao.Tests.Kernel.Data;

/// <summary>
/// On SQLite the web host copies the write-ahead log into the database file in the background: a commit never does it
/// (before, the commit that pushed the log past 1,000 pages did, and every report waiting on that commit waited for
/// the disk). SQLite-only by nature, so these tests use their own SQLite file on either run.
/// </summary>
public sealed class SqliteCheckpointerTests : IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"fq-checkpoint-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task A_large_commit_stays_in_the_log_until_the_background_checkpoint_copies_all_of_it_into_the_database()
    {
        await using var services = Host(intervalMilliseconds: 100);
        var checkpointer = services.GetRequiredService<SqliteCheckpointer>();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FengqiaoDbContext>();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL");
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE notes (text TEXT NOT NULL)");

            // Some 6,700 pages (27 MB) in one commit, many times what makes SQLite checkpoint inside the commit by default.
            await db.Database.ExecuteSqlRawAsync(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) INSERT INTO notes SELECT '网格员巡查记录：' || i || printf('%.350c', '楼') FROM n");
            Assert.Equal(0, await AutomaticCheckpointPagesAsync(db));
        }

        var (database, log) = (new FileInfo(file).Length, new FileInfo(file + "-wal").Length);
        Assert.True(database < 1_000_000 && log > 6_000_000, $"after the commit: database {database} bytes, log {log} bytes");

        await checkpointer.StartAsync(default);
        try
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (new FileInfo(file).Length < 6_000_000 && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50);
            }
        }
        finally
        {
            await checkpointer.StopAsync(default);
        }

        Assert.True(new FileInfo(file).Length > 6_000_000, $"after the background checkpoint: database {new FileInfo(file).Length} bytes");
        var (frames, copied, restarted) = await checkpointer.CheckpointAsync(default);
        Assert.True(frames > 1_500, $"{frames} frames in the log");
        Assert.Equal(frames, copied);
        Assert.True(restarted); // nobody reads: the log, past the restart size, starts again
    }

    [Fact]
    public async Task Under_steady_reading_a_round_restarts_a_log_past_the_restart_size_so_the_next_commit_writes_from_its_start()
    {
        await using var writer = await LogOfNotesAsync();

        // Readers that began before the last commit and after it, as under steady load: each holds its place in the log.
        var earlier = await ReaderAsync();
        await WriteNotesAsync(writer, 1);
        var later = await ReaderAsync();

        var checkpointer = Checkpointer(restartWait: TimeSpan.FromSeconds(30));
        var round = Task.Run(() => checkpointer.CheckpointAsync(default));
        await Task.Delay(100);
        await earlier.DisposeAsync(); // the readers finish while the round waits for them
        await later.DisposeAsync();
        var (logFrames, copiedFrames, restarted) = await round;
        Assert.True(restarted);
        Assert.Equal(logFrames, copiedFrames);

        // Without the restart this commit would go on after the 1,000-odd frames before it (the readers kept SQLite from
        // starting the log again) — as the log grew to 4.4 GB under intake.
        await WriteNotesAsync(writer, 1);
        var (frames, _) = await LogAsync();
        Assert.InRange(frames, 1, 10);
    }

    [Fact]
    public async Task A_reader_that_outlasts_the_wait_makes_the_round_give_up_and_restarts_pause_for_a_second()
    {
        await using var writer = await LogOfNotesAsync();
        var reader = await ReaderAsync();
        await WriteNotesAsync(writer, 1);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var checkpointer = Checkpointer(restartWait: TimeSpan.FromMilliseconds(50), time);
        var first = await Task.Run(() => checkpointer.CheckpointAsync(default));
        Assert.False(first.Restarted);
        Assert.True(first.LogFrames > 1_000, $"{first.LogFrames} frames in the log");
        Assert.True(first.CheckpointedFrames < first.LogFrames, "the reader kept the last commit's frames out of the database");

        // The reader has gone and nothing would stop a restart now, but restarts pause for a second after one gave up.
        await reader.DisposeAsync();
        time.Advance(TimeSpan.FromMilliseconds(999));
        var second = await Task.Run(() => checkpointer.CheckpointAsync(default));
        Assert.Equal((first.LogFrames, first.LogFrames, false), second);

        time.Advance(TimeSpan.FromMilliseconds(1));
        var third = await Task.Run(() => checkpointer.CheckpointAsync(default));
        Assert.True(third.Restarted);
    }

    [Fact]
    public async Task A_log_file_grown_past_the_limit_while_no_restart_succeeded_is_cut_back_by_the_first_commit_after_a_restart()
    {
        await using var services = Host(intervalMilliseconds: 100);
        var checkpointer = services.GetRequiredService<SqliteCheckpointer>();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FengqiaoDbContext>();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL");
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE notes (text TEXT NOT NULL)");

        // Some 20,000 pages (80 MB) in one commit: the log a burst leaves behind while the restarts fail.
        await db.Database.ExecuteSqlRawAsync(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000) INSERT INTO notes SELECT '网格员巡查记录：' || i || printf('%.350c', '楼') FROM n");
        var grown = new FileInfo(file + "-wal").Length;
        Assert.True(grown > SqliteCheckpointer.JournalSizeLimitBytes, $"the log file after the burst: {grown} bytes");

        var (_, _, restarted) = await checkpointer.CheckpointAsync(default);
        Assert.True(restarted);
        Assert.Equal(grown, new FileInfo(file + "-wal").Length); // the restart alone leaves the file as it is

        await db.Database.ExecuteSqlRawAsync("INSERT INTO notes (text) VALUES ('网格员巡查记录：楼道灯已修好')");
        Assert.Equal(SqliteCheckpointer.JournalSizeLimitBytes, new FileInfo(file + "-wal").Length);
        Assert.Equal(60_001L, await db.Database.SqlQueryRaw<long>("SELECT count(*) AS Value FROM notes").SingleAsync());
    }

    [Fact]
    public async Task The_command_line_tool_and_a_zero_interval_keep_SQLite_s_own_checkpoints()
    {
        await using var tool = DesignTimeContext.Create(DatabaseProvider.Sqlite, $"Data Source={file}");
        Assert.Equal(1000, await AutomaticCheckpointPagesAsync(tool));

        await using var services = Host(intervalMilliseconds: 0);
        Assert.Null(services.GetService<SqliteCheckpointer>());
        Assert.DoesNotContain(services.GetServices<IHostedService>(), s => s is SqliteCheckpointer);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FengqiaoDbContext>();
        Assert.Equal(1000, await AutomaticCheckpointPagesAsync(db));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var path in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(path);
        }
    }

    /// <summary>A checkpointer over this test's file that restarts the log from 200 frames on, run by the test itself.</summary>
    private SqliteCheckpointer Checkpointer(TimeSpan restartWait, TimeProvider? time = null) => new(
        $"Data Source={file}", TimeSpan.FromHours(1), time ?? TimeProvider.System, NullLogger<SqliteCheckpointer>.Instance, restartAtFrames: 200, restartWait: restartWait);

    /// <summary>The writer's connection after a first commit of 3,000 notes: some 1,000 frames in the log.</summary>
    private async Task<SqliteConnection> LogOfNotesAsync()
    {
        var writer = await OpenAsync();
        await ExecuteAsync(writer, "PRAGMA journal_mode=WAL");
        await ExecuteAsync(writer, "CREATE TABLE notes (text TEXT NOT NULL)");
        await WriteNotesAsync(writer, 3000);
        return writer;
    }

    /// <summary>A connection as the host's are: no automatic checkpoint.</summary>
    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await ExecuteAsync(connection, "PRAGMA wal_autocheckpoint=0");
        return connection;
    }

    /// <summary>A connection in the middle of a read transaction, which ends when it is disposed.</summary>
    private async Task<Reader> ReaderAsync()
    {
        var connection = await OpenAsync();
        var transaction = connection.BeginTransaction(deferred: true);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*) FROM notes";
        Assert.True((long)(await command.ExecuteScalarAsync())! > 0);
        return new Reader(connection, transaction);
    }

    /// <summary>One commit of <paramref name="count"/> notes of about 1,100 bytes each, three to a page.</summary>
    private static Task WriteNotesAsync(SqliteConnection connection, int count) => ExecuteAsync(
        connection,
        $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count}) INSERT INTO notes SELECT '网格员巡查记录：' || i || printf('%.350c', '楼') FROM n");

    /// <summary>The log's frames and how many are in the database, by a passive checkpoint of a fresh connection.</summary>
    private async Task<(int Frames, int Copied)> LogAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt32(1), reader.GetInt32(2));
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>After how many pages of log a commit on the context's connection checkpoints (0: never).</summary>
    private static async Task<long> AutomaticCheckpointPagesAsync(DbContext db)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA wal_autocheckpoint";
            return (long)(await command.ExecuteScalarAsync())!;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed class Reader(SqliteConnection connection, SqliteTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    /// <summary>The kernel's services as the web host has them, over this test's SQLite file.</summary>
    private ServiceProvider Host(int intervalMilliseconds)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={file}",
            ["Database:SqliteCheckpointIntervalMilliseconds"] = intervalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddFengqiaoKernel(configuration, runOutboxWorker: true);
        return services.BuildServiceProvider();
    }
}
