using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Fengqiao.Kernel.Data;

/// <summary>
/// Inserts new rows of one entity type as multi-row <c>INSERT … VALUES (…), (…)</c> statements, straight from EF's model:
/// the same tables, columns and parameter conversions (<see cref="RelationalTypeMapping.CreateParameter"/>) that
/// SaveChanges would use, without its change tracking and per-row command building — which cost the intake writer more
/// CPU than the database's own work (docs/benchmarks.md, ADR 0022).
/// </summary>
/// <remarks>
/// Only plain tables are supported: no owned or table-split types, no shadow properties other than a store-generated
/// key. A store-generated integer key is left to the database (its value is not read back); any other key must be set
/// by the entity.
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
    public async Task InsertAsync(DbTransaction transaction, IReadOnlyList<object> rows, CancellationToken cancellationToken)
    {
        for (var start = 0; start < rows.Count; start += _rowsPerStatement)
        {
            var count = Math.Min(_rowsPerStatement, rows.Count - start);
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            var text = new StringBuilder(_prefix, _prefix.Length + (count * _columns.Length * 8));
            var n = 0;
            for (var row = 0; row < count; row++)
            {
                var entity = rows[start + row];
                text.Append(row == 0 ? "(" : ", (");
                for (var c = 0; c < _columns.Length; c++)
                {
                    var column = _columns[c];
                    var value = column.Getter.GetClrValueUsingContainingEntity(entity);
                    if (column.MustBeSet && (value is null || Equals(value, column.Property.Sentinel)))
                    {
                        throw new InvalidOperationException($"{entity.GetType().Name}.{column.Property.Name} must be set before the row is appended.");
                    }

                    var name = "@p" + n++;
                    command.Parameters.Add(column.Mapping.CreateParameter(command, name, value, column.Property.IsNullable));
                    if (c > 0)
                    {
                        text.Append(", ");
                    }

                    text.Append(name);
                }

                text.Append(')');
            }

            command.CommandText = text.ToString();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>An integer key the database numbers itself (SQLite's INTEGER PRIMARY KEY, a PostgreSQL identity column).</summary>
    private static bool IsStoreGeneratedKey(IProperty property) =>
        property.IsPrimaryKey() && property.ValueGenerated.HasFlag(ValueGenerated.OnAdd)
        && (Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType) is var clr
        && (clr == typeof(int) || clr == typeof(long) || clr == typeof(short));

    private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping, IClrPropertyGetter Getter, bool MustBeSet);
}
