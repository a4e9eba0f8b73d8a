using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Fengqiao.Bench.Load;

/// <summary>
/// <c>Fengqiao.Bench raw-insert --provider sqlite|postgres --connection-string CS</c>: the physical limit for intake —
/// the same rows the pipeline wrote (one case, one audit entry, one outbox message per report; copied from rows the
/// intake run left in the database, with fresh keys) inserted with parameterised statements straight into the same
/// tables and indexes, 100 reports per transaction, on one connection, for the given number of seconds. SQLite runs
/// in-process, so each row is one prepared statement re-executed; PostgreSQL gets each transaction's rows in one round
/// trip (an ADO.NET batch), as the intake writer sends them — one round trip per row would measure the loopback's
/// latency, not the database.
/// </summary>
internal static class RawInsert
{
    private static readonly string[] Tables = ["cases", "audit_log", "outbox"];

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Args.Parse(args);
        var postgres = options.Get("provider", "sqlite") == "postgres";
        var seconds = double.Parse(options.Get("seconds", "20"), System.Globalization.CultureInfo.InvariantCulture);
        var perTransaction = int.Parse(options.Get("batch", "100"), System.Globalization.CultureInfo.InvariantCulture);
        await using var connection = await OpenAsync(postgres, options.Get("connection-string", ""));

        var templates = new List<Template>();
        foreach (var table in Tables)
        {
            templates.Add(await TemplateAsync(connection, table, postgres));
        }

        var commands = templates.Select(t => t.Prepare(connection, postgres)).ToList();
        var sequence = await MaxAsync(connection, "audit_log", "Sequence") + 1;
        var written = 0;
        var cpuFrom = LoadAverage.OwnCpuMs;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            if (connection is NpgsqlConnection npgsql)
            {
                await using var batch = npgsql.CreateBatch();
                batch.Transaction = (NpgsqlTransaction)transaction;
                for (var i = 0; i < perTransaction; i++)
                {
                    foreach (var template in templates)
                    {
                        var command = template.BatchCommand();
                        template.Fill(command.Parameters, sequence, written);
                        batch.BatchCommands.Add(command);
                    }

                    sequence++;
                    written++;
                }

                await batch.ExecuteNonQueryAsync();
            }
            else
            {
                for (var i = 0; i < perTransaction; i++)
                {
                    for (var t = 0; t < templates.Count; t++)
                    {
                        var command = commands[t];
                        command.Transaction = transaction;
                        templates[t].Fill(command.Parameters, sequence, written);
                        await command.ExecuteNonQueryAsync();
                    }

                    sequence++;
                    written++;
                }
            }

            await transaction.CommitAsync();
        }

        var elapsed = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"RESULT raw-insert-{perTransaction}: {written} reports (case + audit entry + outbox message) in {elapsed:F1} s = {written / elapsed:F0}/s; "
            + $"load {LoadAverage.Now}; CPU {(LoadAverage.OwnCpuMs - cpuFrom) / written:F3} ms/report (client side only)");
        return 0;
    }

    private static async Task<DbConnection> OpenAsync(bool postgres, string connectionString)
    {
        if (postgres)
        {
            // The batch's statements repeat every transaction: prepared once (Npgsql's automatic preparation), as the
            // SQLite path prepares its commands, so that both limits are measured without per-statement parsing.
            var builder = new NpgsqlDataSourceBuilder(connectionString);
            builder.ConnectionStringBuilder.MaxAutoPrepare = Math.Max(builder.ConnectionStringBuilder.MaxAutoPrepare, 16);
            builder.UseNetTopologySuite();
            var source = builder.Build();
            return await source.OpenConnectionAsync();
        }

        var sqlite = new SqliteConnection(connectionString);
        await sqlite.OpenAsync();
        await using var pragma = sqlite.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;";
        await pragma.ExecuteNonQueryAsync();
        return sqlite;
    }

    private static async Task<long> MaxAsync(DbConnection connection, string table, string column)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COALESCE(MAX(\"{column}\"), 0) FROM \"{table}\"";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<Template> TemplateAsync(DbConnection connection, string table, bool postgres)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\" LIMIT 1";
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException($"{table} is empty: run the intake benchmark first.");
        }

        var columns = Enumerable.Range(0, reader.FieldCount)
            .Select(i => new Column(reader.GetName(i), reader.IsDBNull(i) ? null : reader.GetValue(i), postgres ? reader.GetDataTypeName(i) : null))
            .ToList();
        return new Template(table, columns);
    }

    private sealed record Column(string Name, object? Value, string? PgType);

    private sealed record Template(string Table, List<Column> Columns)
    {
        private string Sql => $"INSERT INTO \"{Table}\" ({string.Join(", ", Columns.Select(c => $"\"{c.Name}\""))}) VALUES ({string.Join(", ", Columns.Select((_, i) => "@p" + i))})";

        public DbCommand Prepare(DbConnection connection, bool postgres)
        {
            var command = connection.CreateCommand();
            command.CommandText = Sql;
            for (var i = 0; i < Columns.Count; i++)
            {
                DbParameter parameter = postgres ? new NpgsqlParameter { DataTypeName = Columns[i].PgType } : command.CreateParameter();
                parameter.ParameterName = "@p" + i;
                parameter.Value = Columns[i].Value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            return command;
        }

        /// <summary>One row's statement for a PostgreSQL batch, with the template's values.</summary>
        public NpgsqlBatchCommand BatchCommand()
        {
            var command = new NpgsqlBatchCommand(Sql);
            for (var i = 0; i < Columns.Count; i++)
            {
                command.Parameters.Add(new NpgsqlParameter { ParameterName = "@p" + i, DataTypeName = Columns[i].PgType, Value = Columns[i].Value ?? DBNull.Value });
            }

            return command;
        }

        /// <summary>Fresh keys and unique values: new ids, the next audit sequence, a unique tracking code.</summary>
        public void Fill(DbParameterCollection parameters, long sequence, int n)
        {
            for (var i = 0; i < Columns.Count; i++)
            {
                var column = Columns[i];
                object? value = column.Name switch
                {
                    "Id" when column.Value is Guid => Guid.CreateVersion7(),
                    "Id" when column.Value is string => Guid.CreateVersion7().ToString(),
                    "Id" when column.Value is long or int => sequence,
                    "Sequence" when Table == "audit_log" => sequence,
                    // Unique by construction: random codes of this length collided within a 200,000-row run. "U" is
                    // outside the tracking-code alphabet, so no report's code can be the same.
                    "TrackingCode" => "U" + sequence.ToString("X", System.Globalization.CultureInfo.InvariantCulture).PadLeft(((string)column.Value!).Length - 1, '0'),
                    "Hash" => Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"),
                    _ => null,
                };
                if (value is not null)
                {
                    parameters[i].Value = value;
                }
            }
        }
    }
}
