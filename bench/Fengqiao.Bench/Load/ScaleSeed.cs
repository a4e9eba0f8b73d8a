using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Fengqiao.Bench.Load;

/// <summary>
/// <c>Fengqiao.Bench scale-seed --provider sqlite|postgres --connection-string CS --count 1000000 [--offset N]</c>: writes N realistic
/// cases straight into <c>cases</c> for the queue and indicator benchmark (issue 4, "Speed", second bullet). One case the
/// host wrote (a report posted by bench/scale.sh) is the template for every column; the seeder varies what the queues
/// and indicators read: unit path, grid/community/holder codes, channel, status mix, stage and deadlines, the workflow
/// timestamps, on-time flags, rating and resolving tier, over the demo county's grids and the last 3 years.
/// SQLite: multi-row INSERT (10 rows a statement) in 50,000-row transactions with the secondary indexes dropped and
/// rebuilt afterwards; PostgreSQL: binary COPY.
/// Prints <c>STREET code</c>: the street with the most cases, the one whose queue and indicators are timed.
/// </summary>
internal static class ScaleSeed
{
    /// <summary>The built-in calendar: seeded cases carry the stage working times the application would have stored.</summary>
    private static readonly Fengqiao.Kernel.Calendar.WorkingCalendar Calendar = Fengqiao.Kernel.Calendar.WorkingCalendar.FromOptions(
        new Fengqiao.Kernel.Calendar.WorkingTimeOptions(), Fengqiao.Kernel.Calendar.StatutoryHolidaySeed.Days());

    // Microsoft.Data.Sqlite binds by name and sqlite3_bind_parameter_index is a linear search: the cost of one statement
    // grows with the square of its parameter count, so 10 rows (about 900 parameters) a statement is faster than 100.
    private const int RowsPerStatement = 10;
    private const int RowsPerTransaction = 50_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Args.Parse(args);
        var postgres = options.Get("provider", "sqlite") == "postgres";
        var count = int.Parse(options.Get("count", "1000000"), CultureInfo.InvariantCulture);
        var offset = int.Parse(options.Get("offset", "0"), CultureInfo.InvariantCulture);
        var now = DateTimeOffset.UtcNow;
        await using var connection = await OpenAsync(postgres, options.Get("connection-string", ""));

        var template = await TemplateAsync(connection, postgres);
        var grids = await GridsAsync(connection);
        if (grids.Count == 0)
        {
            throw new InvalidOperationException("no grid units: seed the demo first.");
        }

        var random = new Random(20261126 + offset);
        var watch = Stopwatch.StartNew();
        if (postgres)
        {
            await CopyAsync((NpgsqlConnection)connection, template, grids, offset, count, now, random);
        }
        else
        {
            await InsertAsync((SqliteConnection)connection, template, grids, offset, count, now, random);
        }

        var elapsed = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"RESULT scale-seed: {count} cases over {grids.Count} grids in {elapsed:F1} s = {count / elapsed:F0}/s; load {LoadAverage.Now}");
        await AnalyseAsync(connection, postgres);
        await RebuildIndicatorRollupsAsync(connection, postgres);
        var street = grids.GroupBy(g => g.Street).OrderByDescending(g => g.Count()).First().Key;
        Console.WriteLine($"STREET {street}");
        return 0;
    }

    private static async Task<DbConnection> OpenAsync(bool postgres, string connectionString)
    {
        if (postgres)
        {
            var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            return connection;
        }

        var sqlite = new SqliteConnection(connectionString);
        await sqlite.OpenAsync();
        await using var pragma = sqlite.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -200000;";
        await pragma.ExecuteNonQueryAsync();
        return sqlite;
    }

    private static async Task AnalyseAsync(DbConnection connection, bool postgres)
    {
        await using var command = connection.CreateCommand();
        command.CommandTimeout = 600;
        command.CommandText = postgres ? "VACUUM ANALYZE cases" : "ANALYZE";
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The rows went past the change tracker, so no roll-up bucket was marked: rebuild the indicator roll-ups (ADR 0018)
    /// as <c>fengqiao indicators rebuild</c> does, under the refreshers' lock.
    /// </summary>
    private static async Task RebuildIndicatorRollupsAsync(DbConnection connection, bool postgres)
    {
        var watch = Stopwatch.StartNew();
        var provider = postgres ? Kernel.Data.DatabaseProvider.PostgreSql : Kernel.Data.DatabaseProvider.Sqlite;
        await using var command = connection.CreateCommand();
        command.CommandTimeout = 1800;
        if (postgres)
        {
            command.CommandText = $"SELECT pg_advisory_lock({Cases.Indicators.Rollups.IndicatorRollups.LockKey})";
            await command.ExecuteNonQueryAsync();
        }

        await using (var transaction = await connection.BeginTransactionAsync(postgres ? System.Data.IsolationLevel.RepeatableRead : System.Data.IsolationLevel.Unspecified))
        {
            command.Transaction = transaction;
            command.CommandText = Cases.Indicators.Rollups.IndicatorRollups.RebuildSql(provider);
            await command.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        command.Transaction = null;
        if (postgres)
        {
            command.CommandText = $"SELECT pg_advisory_unlock({Cases.Indicators.Rollups.IndicatorRollups.LockKey}); ANALYZE case_indicator_days";
            await command.ExecuteNonQueryAsync();
        }
        else
        {
            command.CommandText = "ANALYZE case_indicator_days";
            await command.ExecuteNonQueryAsync();
        }

        command.CommandText = "SELECT COUNT(*) FROM case_indicator_days";
        var rows = Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        Console.WriteLine($"RESULT scale-seed: indicator roll-ups rebuilt in {watch.Elapsed.TotalSeconds:F1} s ({rows} rows)");
    }

    private static async Task<List<Grid>> GridsAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT \"Code\", \"Path\" FROM units WHERE \"Level\" = {(int)Kernel.Units.UnitLevel.Grid} ORDER BY \"Code\"";
        await using var reader = await command.ExecuteReaderAsync();
        var grids = new List<Grid>();
        while (await reader.ReadAsync())
        {
            var path = reader.GetString(1);
            var codes = path.Trim('/').Split('/');
            grids.Add(new Grid(reader.GetString(0), path, codes[^2], codes[^3]));
        }

        return grids;
    }

    private static async Task<List<Column>> TemplateAsync(DbConnection connection, bool postgres)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM cases LIMIT 1";
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException("cases is empty: post one report first (bench/scale.sh does).");
        }

        return [.. Enumerable.Range(0, reader.FieldCount)
            .Select(i => new Column(reader.GetName(i), reader.IsDBNull(i) ? null : reader.GetValue(i), postgres ? reader.GetDataTypeName(i) : null))];
    }

    private static async Task InsertAsync(SqliteConnection connection, List<Column> columns, List<Grid> grids, int offset, int count, DateTimeOffset now, Random random)
    {
        var names = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        var sql = new StringBuilder($"INSERT INTO cases ({names}) VALUES ");
        for (var r = 0; r < RowsPerStatement; r++)
        {
            sql.Append(r == 0 ? "(" : ", (").Append(string.Join(", ", columns.Select((_, i) => $"@p{r}_{i}"))).Append(')');
        }

        await using var command = connection.CreateCommand();
        command.CommandText = sql.ToString();
        for (var r = 0; r < RowsPerStatement; r++)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                command.Parameters.Add(new SqliteParameter($"@p{r}_{i}", DBNull.Value));
            }
        }

        // Bulk load: the secondary indexes are dropped and rebuilt after the load (one sort each instead of a million
        // random B-tree inserts, which fell under 1,000 rows/s past 200,000 cases).
        var indexes = new List<(string Name, string Sql)>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases' AND sql IS NOT NULL";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in indexes)
        {
            await using var drop = connection.CreateCommand();
            drop.CommandText = $"DROP INDEX \"{name}\"";
            await drop.ExecuteNonQueryAsync();
        }

        command.Prepare();
        var written = 0;
        while (written < count)
        {
            await using var transaction = connection.BeginTransaction();
            command.Transaction = transaction;
            for (var n = 0; n < RowsPerTransaction / RowsPerStatement && written < count; n++)
            {
                for (var r = 0; r < RowsPerStatement; r++)
                {
                    var row = Row(columns, grids, now, random, offset + written + r, postgres: false);
                    for (var i = 0; i < columns.Count; i++)
                    {
                        command.Parameters[(r * columns.Count) + i].Value = row[i] ?? DBNull.Value;
                    }
                }

                await command.ExecuteNonQueryAsync();
                written += RowsPerStatement;
            }

            await transaction.CommitAsync();
        }

        foreach (var (_, index) in indexes)
        {
            await using var create = connection.CreateCommand();
            create.CommandTimeout = 600;
            create.CommandText = index;
            await create.ExecuteNonQueryAsync();
        }
    }

    private static async Task CopyAsync(NpgsqlConnection connection, List<Column> columns, List<Grid> grids, int offset, int count, DateTimeOffset now, Random random)
    {
        var names = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        await using var importer = await connection.BeginBinaryImportAsync($"COPY cases ({names}) FROM STDIN (FORMAT BINARY)");
        for (var n = 0; n < count; n++)
        {
            var row = Row(columns, grids, now, random, offset + n, postgres: true);
            await importer.StartRowAsync();
            for (var i = 0; i < columns.Count; i++)
            {
                if (row[i] is null)
                {
                    await importer.WriteNullAsync();
                }
                else
                {
                    await importer.WriteAsync(row[i], columns[i].PgType!);
                }
            }
        }

        await importer.CompleteAsync();
    }

    /// <summary>
    /// One case. The status mix follows the case's age: reports older than a month are mostly closed (about 85 %),
    /// some rejected (7 %), a few still open or suspended; the last month holds the live queues.
    /// </summary>
    private static object?[] Row(List<Column> columns, List<Grid> grids, DateTimeOffset now, Random random, int n, bool postgres)
    {
        var grid = grids[random.Next(grids.Count)];
        var ageHours = Math.Pow(random.NextDouble(), 1.3) * 3 * 365 * 24; // more recent cases than old ones
        var reported = now.AddHours(-ageHours);
        var roll = random.NextDouble();
        int status;
        if (ageHours > 30 * 24)
        {
            status = roll < 0.85 ? 7 : roll < 0.92 ? 2 : roll < 0.93 ? 8 : roll < 0.95 ? 5 : roll < 0.97 ? 6 : 4;
        }
        else
        {
            status = roll < 0.35 ? 7 : roll < 0.40 ? 2 : roll < 0.50 ? 1 : roll < 0.58 ? 3 : roll < 0.68 ? 4 : roll < 0.88 ? 5 : roll < 0.97 ? 6 : 8;
        }

        var filed = status is 1 or 2 ? (DateTimeOffset?)null : reported.AddHours(0.5 + (random.NextDouble() * 20));
        var dispatched = status is 1 or 2 or 3 || filed is null ? (DateTimeOffset?)null : filed.Value.AddHours(0.2 + (random.NextDouble() * 8));
        var disposed = status is 6 or 7 && dispatched is not null ? dispatched.Value.AddHours(2 + (random.NextDouble() * 96)) : (DateTimeOffset?)null;
        var closed = status == 7 && disposed is not null ? disposed.Value.AddHours(1 + (random.NextDouble() * 24)) : (DateTimeOffset?)null;
        var stage = status switch { 1 => 1, 3 => 2, 4 => 3, 5 => 4, 6 => 5, _ => 9 }; // 9 = CaseStage.None
        var stageStart = closed ?? disposed ?? dispatched ?? filed ?? reported;
        var stageDue = stage == 9 ? (DateTimeOffset?)null : stageStart.AddHours(stage == 4 ? 72 : 24);

        // The steady state of a live system: the deadline sweep has already carded every breach (red when overdue,
        // yellow when due soon), so the host's sweeper finds nothing to do and does not write during the measurement.
        var card = stageDue is null || status == 8 ? 0 : stageDue < now ? 2 : stageDue.Value.AddHours(-4) <= now ? 1 : 0;
        var holderRoll = random.NextDouble();
        var (holder, holderLevel) = holderRoll < 0.6 ? (grid.Code, 6) : holderRoll < 0.9 ? (grid.Community, 5) : (grid.Street, 4);
        var channel = random.Next(10) switch { < 5 => 1, < 7 => 2, < 9 => 3, _ => 4 };
        var rating = closed is not null && random.NextDouble() < 0.6 ? (int?)(random.NextDouble() < 0.85 ? random.Next(4, 6) : random.Next(1, 4)) : null;
        object? Instant(DateTimeOffset? value) => value is null ? null : postgres ? value.Value : (value.Value.UtcTicks / 1000) << 11;
        static long Working(DateTimeOffset? from, DateTimeOffset? to) =>
            from is { } f && to is { } t ? Cases.Indicators.StageWorkingTime.Microseconds(Cases.Indicators.StageWorkingTime.Between(Calendar, f, t)) : 0;

        var row = new object?[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            row[i] = columns[i].Name switch
            {
                "Id" => postgres ? Guid.CreateVersion7(reported) : Guid.CreateVersion7(reported).ToString().ToUpperInvariant(),
                "TrackingCode" => "S" + n.ToString("D9", CultureInfo.InvariantCulture),
                "UnitPath" => grid.Path,
                "GridCode" => grid.Code,
                "CommunityCode" => grid.Community,
                "HolderUnitCode" => dispatched is null ? null : holder,
                "HolderLevel" => dispatched is null ? null : holderLevel,
                "AssignedDepartmentCode" or "CoordinatorUnitCode" or "PossibleDuplicateOfId" or "MergedIntoId" or "PendingApproval" or "AcceptedByUserId" or "DisposedByUserId" or "ReporterUserId" => null,
                "Channel" => channel,
                "Status" => status,
                "Stage" => stage,
                "StageNumber" => stage,
                "StageStartedAt" => Instant(stageStart),
                "StageDueAt" => Instant(stageDue),
                "StageDueSoonAt" => Instant(stageDue?.AddHours(-4)),
                "ReportedAt" => Instant(reported),
                "UpdatedAt" => Instant(stageStart),
                "FiledAt" => Instant(filed),
                "FirstDispatchedAt" => Instant(dispatched),
                "DisposedAt" => Instant(disposed),
                "ClosedAt" => Instant(closed),
                "FiledOnTime" => filed is null ? null : random.NextDouble() < 0.95,
                "DisposedOnTime" => disposed is null ? null : random.NextDouble() < 0.9,
                "ClosedOnTime" => closed is null ? null : random.NextDouble() < 0.88,
                "Rating" => rating,
                "RatedAt" => rating is null ? null : Instant(closed!.Value.AddHours(12)),
                "ResolvedLevel" => closed is null ? null : holderLevel,
                "ResolvedUnitCode" => closed is null ? null : holder,
                "RejectionReason" => status == 2 ? 1 : null,
                "TriageReasons" => status == 1 && random.NextDouble() < 0.3 ? "LowConfidence" : null,
                "ReturnCount" => dispatched is not null && random.NextDouble() < 0.05 ? 1 : 0,
                "ReworkCount" => closed is not null && random.NextDouble() < 0.04 ? 1 : 0,
                "SuspendedRemaining" => status == 8 ? TimeSpan.FromHours(20) : null,
                "Card" => card,
                "WasOverdue" => card == 2,
                "RedCardCount" => card == 2 ? 1 : 0,
                "YellowCardCount" => card >= 1 ? 1 : 0,
                "Version" => 1L,
                "StatusSince" => Instant(stageStart),
                "FilingWorkingMicroseconds" => Working(reported, filed),
                "DispatchWorkingMicroseconds" => Working(filed, dispatched),
                "DisposalWorkingMicroseconds" => Working(dispatched, disposed),
                "VerificationWorkingMicroseconds" => Working(disposed, closed),
                _ => columns[i].Value,
            };
        }

        return row;
    }

    private sealed record Column(string Name, object? Value, string? PgType);

    private sealed record Grid(string Code, string Path, string Community, string Street);
}
