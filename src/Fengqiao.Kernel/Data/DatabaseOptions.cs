namespace Fengqiao.Kernel.Data;

/// <summary>Configuration section "Database".</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>For PostgreSQL, an Npgsql connection string; for SQLite, optional (defaults to a file in <see cref="DataDirectory"/>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Where the SQLite file lives; created on first start.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Apply pending migrations when the web host starts.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// SQLite: how often the web host copies the write-ahead log into the database file in the background
    /// (<see cref="SqliteCheckpointer"/>); 0 leaves it to SQLite's automatic checkpoint inside the committing write.
    /// </summary>
    public int SqliteCheckpointIntervalMilliseconds { get; set; } = 250;

    public string ResolveConnectionString()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            return ConnectionString;
        }

        if (Provider == DatabaseProvider.PostgreSql)
        {
            throw new InvalidOperationException("使用 PostgreSQL 时必须配置 Database:ConnectionString。");
        }

        Directory.CreateDirectory(DataDirectory);
        return $"Data Source={Path.Combine(DataDirectory, "fengqiao.db")}";
    }
}
