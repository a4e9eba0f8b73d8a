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
/// multi-row <c>INSERT … VALUES (…), (…)</c> of fixed sizes in one batch on PostgreSQL): the same tables, columns and
/// parameter conversions (<see cref="RelationalTypeMapping.CreateParameter"/>) that SaveChanges would use, without its
/// change tracking and per-row command building, which cost the intake writer more CPU than the database's own work
/// (docs/benchmarks.md, ADR 0022).
/// </summary>
/// <remarks>
/// Only plain tables are supported: no owned or table-split types, no shadow properties. A store-generated integer key
/// is left to the database (its value is not read back); any other key must be set by the entity.
/// </remarks>
internal sealed class RowInserter
{
    /// <summary>
    /// The most rows in one PostgreSQL statement. Each power of two up to it is one prepared statement per table and
    /// connection; a larger batch is several statements of this size, in the same round trip.
    /// </summary>
    private const int MaxRowsPerStatement = 64;

    /// <summary>Below PostgreSQL's bound on parameters in one statement (65,535).</summary>
    private const int MaxParametersPerStatement = 30_000;

    private static readonly ConcurrentDictionary<(IModel, Type), RowInserter> Cache = new();

    private readonly string _prefix;
    private readonly Column[] _columns;
    private readonly int _largestChunk;
    private readonly ConcurrentDictionary<int, string> _chunkTexts = new();

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
        _largestChunk = 1 << System.Numerics.BitOperations.Log2((uint)Math.Clamp(MaxParametersPerStatement / _columns.Length, 1, MaxRowsPerStatement));
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

    /// <summary>
    /// SQLite: writes <paramref name="rows"/> (all of this inserter's type) with one prepared single-row statement,
    /// executed per row. SQLite looks a named parameter up by a linear scan of the statement's names, when parsing and
    /// again when binding, so a multi-row statement with thousands of parameters spent most of its time comparing names
    /// (18 % of the host's CPU in the intake profile); a row of a few dozen parameters costs nothing to look up, and the
    /// statement is parsed once per batch.
    /// </summary>
    public async Task InsertOneByOneAsync(DbTransaction transaction, IReadOnlyList<object> rows, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = _prefix + "(" + string.Join(", ", _columns.Select((_, i) => "@p" + i)) + ")";
        foreach (var entity in rows)
        {
            command.Parameters.Clear();
            for (var c = 0; c < _columns.Length; c++)
            {
                command.Parameters.Add(Parameter(command, entity, c, "@p" + c));
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// PostgreSQL: adds <paramref name="rows"/> to <paramref name="batch"/> as multi-row statements of 1, 2, 4 … rows
    /// (37 rows are 32 + 4 + 1), with positional parameters. The whole batch travels in one round trip, and since every
    /// statement text recurs, Npgsql prepares each once per connection (automatic preparation, see
    /// <see cref="KernelServiceCollectionExtensions.UseProvider"/>) and the server neither parses nor plans it again —
    /// a multi-row statement of whatever length the batch happened to have was a new text each time, parsed and planned
    /// in full.
    /// <paramref name="parameterSource"/> only creates parameters (EF's type mappings want a command).
    /// </summary>
    public void AddTo(DbBatch batch, DbCommand parameterSource, IReadOnlyList<object> rows)
    {
        var start = 0;
        while (start < rows.Count)
        {
            var count = _largestChunk;
            while (count > rows.Count - start)
            {
                count >>= 1;
            }

            var command = batch.CreateBatchCommand();
            command.CommandText = ChunkText(count);
            for (var row = 0; row < count; row++)
            {
                var entity = rows[start + row];
                for (var c = 0; c < _columns.Length; c++)
                {
                    command.Parameters.Add(Parameter(parameterSource, entity, c, ""));
                }
            }

            batch.BatchCommands.Add(command);
            start += count;
        }
    }

    /// <summary>The statement for <paramref name="count"/> rows (a power of two): <c>VALUES ($1, $2), ($3, $4)</c>.</summary>
    private string ChunkText(int count) => _chunkTexts.GetOrAdd(count, static (count, inserter) =>
    {
        var columns = inserter._columns.Length;
        var text = new StringBuilder(inserter._prefix, inserter._prefix.Length + (count * columns * 6));
        for (var row = 0; row < count; row++)
        {
            text.Append(row == 0 ? "(" : ", (");
            for (var c = 0; c < columns; c++)
            {
                text.Append(c == 0 ? "$" : ", $").Append((row * columns) + c + 1);
            }

            text.Append(')');
        }

        return text.ToString();
    }, this);

    /// <summary>Column <paramref name="c"/> of the row as a parameter, converted as SaveChanges converts it.</summary>
    private DbParameter Parameter(DbCommand source, object entity, int c, string name)
    {
        var column = _columns[c];
        var value = column.Getter.GetClrValueUsingContainingEntity(entity);
        if (column.MustBeSet && (value is null || Equals(value, column.Property.Sentinel)))
        {
            throw new InvalidOperationException($"{entity.GetType().Name}.{column.Property.Name} must be set before the row is appended.");
        }

        return column.Mapping.CreateParameter(source, name, value, column.Property.IsNullable);
    }

    /// <summary>An integer key the database numbers itself (SQLite's INTEGER PRIMARY KEY, a PostgreSQL identity column).</summary>
    private static bool IsStoreGeneratedKey(IProperty property) =>
        property.IsPrimaryKey() && property.ValueGenerated.HasFlag(ValueGenerated.OnAdd)
        && (Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType) is var clr
        && (clr == typeof(int) || clr == typeof(long) || clr == typeof(short));

    private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping, IClrPropertyGetter Getter, bool MustBeSet);
}
