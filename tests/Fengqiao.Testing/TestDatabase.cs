using Npgsql;

namespace Fengqiao.Testing;

/// <summary>
/// A throw-away database for one test host: a SQLite file in a temporary folder, or — when FENGQIAO_TEST_DB=postgres —
/// a fresh PostgreSQL database on the server named by FENGQIAO_TEST_PG, dropped afterwards.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _directory;
    private readonly string? _adminConnection;
    private readonly string? _databaseName;

    private TestDatabase(string provider, string connectionString, string? directory, string? adminConnection, string? databaseName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _directory = directory;
        _adminConnection = adminConnection;
        _databaseName = databaseName;
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    public static bool UsesPostgres =>
        string.Equals(Environment.GetEnvironmentVariable("FENGQIAO_TEST_DB"), "postgres", StringComparison.OrdinalIgnoreCase);

    public static async Task<TestDatabase> CreateAsync()
    {
        if (!UsesPostgres)
        {
            var directory = Path.Combine(Path.GetTempPath(), "fengqiao-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            return new TestDatabase("Sqlite", $"Data Source={Path.Combine(directory, "fengqiao.db")}", directory, null, null);
        }

        var admin = Environment.GetEnvironmentVariable("FENGQIAO_TEST_PG")
            ?? "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres";
        var name = "fq_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase("PostgreSql", builder.ConnectionString, null, admin, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_directory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by a finalising connection; the temp folder is cleaned by the OS.
            }
        }

        if (_adminConnection is not null && _databaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_adminConnection);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
