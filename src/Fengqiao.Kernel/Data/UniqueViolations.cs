using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Fengqiao.Kernel.Data;

/// <summary>
/// Recognises a unique-index violation raised by the database, on either provider, so that a rule enforced by a
/// unique index reads the same as when the code's own check caught it (e.g. two simultaneous requests that both
/// passed the check).
/// </summary>
public static class UniqueViolations
{
    /// <summary>SQLITE_CONSTRAINT_UNIQUE.</summary>
    private const int SqliteUniqueConstraint = 2067;

    /// <summary>
    /// Whether <paramref name="exception"/> was raised by the unique index of <typeparamref name="TEntity"/> over
    /// exactly <paramref name="properties"/> (property names, in index order).
    /// </summary>
    public static bool IsUniqueViolation<TEntity>(this DbContext db, DbUpdateException exception, params string[] properties)
    {
        var entity = db.Model.FindEntityType(typeof(TEntity)) ?? throw new ArgumentException($"{typeof(TEntity).Name} is not mapped.", nameof(TEntity));
        var index = entity.GetIndexes().SingleOrDefault(i => i.IsUnique && i.Properties.Select(p => p.Name).SequenceEqual(properties))
            ?? throw new ArgumentException($"{typeof(TEntity).Name} has no unique index on ({string.Join(", ", properties)}).", nameof(properties));
        return exception.InnerException switch
        {
            PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation && postgres.ConstraintName == index.GetDatabaseName(),
            SqliteException sqlite => sqlite.SqliteExtendedErrorCode == SqliteUniqueConstraint && sqlite.Message.Contains(SqliteColumns(entity, index), StringComparison.Ordinal),
            _ => false,
        };
    }

    /// <summary>SQLite names the columns, not the index: "UNIQUE constraint failed: organisations.UnitId, organisations.RoleSlot".</summary>
    private static string SqliteColumns(IEntityType entity, IIndex index)
    {
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        return "UNIQUE constraint failed: " + string.Join(", ", index.Properties.Select(p => $"{table.Name}.{p.GetColumnName(table)}"));
    }
}
