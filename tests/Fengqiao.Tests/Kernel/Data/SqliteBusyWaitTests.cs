using Fengqiao.Kernel.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Tests.Kernel.Data;

/// <summary>
/// SQLite contexts wait inside SQLite for the write lock (up to the command timeout) instead of Microsoft.Data.Sqlite's
/// fixed 150 ms sleep per busy answer. SQLite-only by nature, so these tests use their own SQLite file on either run.
/// </summary>
public sealed class SqliteBusyWaitTests : IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"fq-busy-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Every_connection_the_context_opens_waits_for_the_write_lock_up_to_its_command_timeout()
    {
        await using var db = DesignTimeContext.Create(DatabaseProvider.Sqlite, $"Data Source={file};Default Timeout=7");

        await db.Database.OpenConnectionAsync();
        var first = await BusyTimeoutAsync(db);
        await db.Database.CloseConnectionAsync();

        // A pooled connection comes back as a new logical open: it is set again.
        await db.Database.OpenConnectionAsync();
        var again = await BusyTimeoutAsync(db);
        await db.Database.CloseConnectionAsync();

        Assert.Equal(7_000, first);
        Assert.Equal(7_000, again);
    }

    [Fact]
    public async Task A_writer_that_meets_a_held_write_lock_waits_for_it_and_then_commits()
    {
        await using var holder = DesignTimeContext.Create(DatabaseProvider.Sqlite, $"Data Source={file}");
        await holder.Database.ExecuteSqlRawAsync("CREATE TABLE notes (text TEXT NOT NULL)");
        await using var writer = DesignTimeContext.Create(DatabaseProvider.Sqlite, $"Data Source={file}");

        await using var held = await holder.Database.BeginTransactionAsync();
        await holder.Database.ExecuteSqlRawAsync("INSERT INTO notes VALUES ('先到')");
        // Microsoft.Data.Sqlite runs "async" commands synchronously: the waiting writer needs a thread of its own.
        var waiting = Task.Run(() => writer.Database.ExecuteSqlRawAsync("INSERT INTO notes VALUES ('后到')"));
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        await held.CommitAsync();
        await waiting;

        var texts = await holder.Database.SqlQueryRaw<string>("SELECT text AS \"Value\" FROM notes ORDER BY rowid").ToListAsync();
        Assert.Equal(["先到", "后到"], texts);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var path in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(path);
        }
    }

    private static async Task<long> BusyTimeoutAsync(FengqiaoDbContext db) =>
        (await db.Database.SqlQueryRaw<long>("SELECT timeout AS \"Value\" FROM pragma_busy_timeout").ToListAsync()).Single();
}
