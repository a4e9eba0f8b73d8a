using Fengqiao.Testing;

namespace Fengqiao.Tests;

/// <summary>
/// A test of behaviour only SQLite has (its single write lock, its id order): reported as skipped, with the reason, on
/// the PostgreSQL run (FENGQIAO_TEST_DB=postgres).
/// </summary>
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        if (TestDatabase.UsesPostgres)
        {
            Skip = "SQLite-only behaviour; this run uses PostgreSQL.";
        }
    }
}
