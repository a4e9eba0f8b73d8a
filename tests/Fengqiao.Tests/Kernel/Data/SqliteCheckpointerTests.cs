using Fengqiao.Kernel;
using Fengqiao.Kernel.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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

            // About 8 MB in one commit: some 2,000 pages, twice what makes SQLite checkpoint inside the commit by default.
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
        var (frames, copied) = await checkpointer.CheckpointAsync(default);
        Assert.True(frames > 1_500, $"{frames} frames in the log");
        Assert.Equal(frames, copied);
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
