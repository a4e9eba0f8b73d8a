using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Fengqiao.Kernel.Data;

/// <summary>
/// Inserts new rows of one entity type straight from EF's model (one prepared statement executed per row on SQLite,
/// multi-row <c>INSERT … VALUES (…), (…)</c> on PostgreSQL): the same tables, columns and parameter conversions
/// (<see cref="RelationalTypeMapping.CreateParameter"/>) that SaveChanges would use, without its change tracking and
/// per-row command building, which cost the intake writer more CPU than the database's own work (docs/benchmarks.md,
/// ADR 0022).
/// </summary>
/// <remarks>
/// Only plain tables are supported: no owned or table-split types, no shadow properties. A store-generated integer key
/// is left to the database (its value is not read back); any other key must be set by the entity.
/// </remarks>
internal sealed class RowInserter
{
    /// <summary>Below both providers' bound on parameters in one statement (SQLite 32,766, PostgreSQL 65,535).</summary>
    private const int MaxParametersPerStatement = 30_000;

    private static readonly ConcurrentDictionary<(IModel, Type), RowInserter> Cache = new();

    private readonly string _prefix;
    private readonly Column[] _columns;
    private readonly int _rowsPerStatement;

    private RowInserter(IEntityType type, ISqlGenerationHelper sql)
    {
        if (type.IsOwned() || type.GetTableName() is null || type.BaseType is not null || type.GetDerivedTypes().Any())
        {
            throw new NotSupportedException($"{type.DisplayName()} is not a plain table; append it through SaveChanges.");
        }

        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var columns = new List<Column>();
        foreach (var property in type.GetProperties())
        {
            if (IsStoreGeneratedKey(property) || property.GetComputedColumnSql() is not null)
            {
                continue;
            }

            if (property.IsShadowProperty())
            {
                throw new NotSupportedException($"{type.DisplayName()}.{property.Name} is a shadow property; append it through SaveChanges.");
            }

            columns.Add(new Column(
                property,
                sql.DelimitIdentifier(property.GetColumnName(table)!),
                property.GetRelationalTypeMapping(),
                property.GetGetter(),
                property.IsPrimaryKey() && property.ValueGenerated != ValueGenerated.Never));
        }

        _columns = [.. columns];
        _rowsPerStatement = Math.Max(1, MaxParametersPerStatement / _columns.Length);
        _prefix = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", _columns.Select(c => c.Name))}) VALUES ";
    }

    public static RowInserter For(DbContext db, Type clrType)
    {
        var model = db.Model;
        return Cache.GetOrAdd((model, clrType), static (key, db) =>
        {
            var type = key.Item1.FindEntityType(key.Item2) ?? throw new ArgumentException($"{key.Item2.Name} is not mapped.", nameof(clrType));
            return new RowInserter(type, db.GetService<ISqlGenerationHelper>());
        }, db);
    }

    /// <summary>Writes <paramref name="rows"/> (all of this inserter's type) on the connection of <paramref name="transaction"/>.</summary>
    public Task InsertAsync(DbTransaction transaction, IReadOnlyList<object> rows, bool oneRowPerStatement, CancellationToken cancellationToken) =>
        oneRowPerStatement ? InsertOneByOneAsync(transaction, rows, cancellationToken) : InsertManyAsync(transaction, rows, cancellationToken);

    /// <summary>
    /// SQLite: one prepared single-row statement, executed per row. SQLite looks a named parameter up by a linear scan of
    /// the statement's names, when parsing and again when binding, so a multi-row statement with thousands of parameters
    /// spent most of its time comparing names (18 % of the host's CPU in the intake profile); a row of a few dozen
    /// parameters costs nothing to look up, and the statement is parsed once per batch.
    /// </summary>
    private async Task InsertOneByOneAsync(DbTransaction transaction, IReadOnlyList<object> rows, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = _prefix + "(" + string.Join(", ", _columns.Select((_, i) => "@p" + i)) + ")";
        foreach (var entity in rows)
        {
            command.Parameters.Clear();
            AddParameters(command, entity, 0);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>PostgreSQL: one multi-row statement per table (up to the parameter bound), one round trip.</summary>
    private async Task InsertManyAsync(DbTransaction transaction, IReadOnlyList<object> rows, CancellationToken cancellationToken)
    {
        for (var start = 0; start < rows.Count; start += _rowsPerStatement)
        {
            var count = Math.Min(_rowsPerStatement, rows.Count - start);
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            var text = new StringBuilder(_prefix, _prefix.Length + (count * _columns.Length * 8));
            for (var row = 0; row < count; row++)
            {
                text.Append(row == 0 ? "(" : ", (");
                var first = row * _columns.Length;
                for (var c = 0; c < _columns.Length; c++)
                {
                    text.Append(c == 0 ? "@p" : ", @p").Append(first + c);
                }

                text.Append(')');
                AddParameters(command, rows[start + row], first);
            }

            command.CommandText = text.ToString();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>The row's values as parameters @p{first}…, converted as SaveChanges converts them.</summary>
    private void AddParameters(DbCommand command, object entity, int first)
    {
        for (var c = 0; c < _columns.Length; c++)
        {
            var column = _columns[c];
            var value = column.Getter.GetClrValueUsingContainingEntity(entity);
            if (column.MustBeSet && (value is null || Equals(value, column.Property.Sentinel)))
            {
                throw new InvalidOperationException($"{entity.GetType().Name}.{column.Property.Name} must be set before the row is appended.");
            }

            command.Parameters.Add(column.Mapping.CreateParameter(command, "@p" + (first + c), value, column.Property.IsNullable));
        }
    }

    /// <summary>An integer key the database numbers itself (SQLite's INTEGER PRIMARY KEY, a PostgreSQL identity column).</summary>
    private static bool IsStoreGeneratedKey(IProperty property) =>
        property.IsPrimaryKey() && property.ValueGenerated.HasFlag(ValueGenerated.OnAdd)
        && (Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType) is var clr
        && (clr == typeof(int) || clr == typeof(long) || clr == typeof(short));

    private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping, IClrPropertyGetter Getter, bool MustBeSet);
}
