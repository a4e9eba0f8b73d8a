using System.Data;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Fengqiao.Cases.Domain;
using Fengqiao.Kernel.Calendar;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fengqiao.Cases.Indicators.Rollups;

/// <summary>
/// 指标日汇总 (ADR 0018): recomputes the roll-up rows of the buckets marked dirty, rebuilds them all, and sums them for
/// a unit subtree (or department) over a period, counting the still-dirty buckets live from <c>cases</c> — so the sum
/// is always exactly what a live aggregate over the same cases returns.
/// <para>
/// Exactness across web nodes: on PostgreSQL refreshers take one advisory lock and then work in ONE snapshot
/// (REPEATABLE READ): the marks they read, the cases they aggregate and the marks they delete are the same state, so a
/// change committed meanwhile keeps its mark for the next round. On SQLite they aggregate in a read snapshot and write
/// the results in a short write transaction, bucket by bucket only where no mark they saw has gone meanwhile
/// (<see cref="RefreshRoundOutsideWriteLockAsync"/>). Readers on PostgreSQL read marks and rows in one REPEATABLE READ
/// snapshot too.
/// </para>
/// </summary>
public sealed class IndicatorRollups(FengqiaoDbContext db, WorkingCalendarProvider calendars, IOptions<IndicatorRollupOptions> options, TimeProvider time)
{
    /// <summary>
    /// After each round a refresh rests this many times as long as the round took, so it works at most a quarter of the
    /// time: a round re-aggregates whole buckets (a busy day's thousands of cases), and run back to back the rounds took
    /// a core for half a second every refresh, in which intake's requests queued (p99 at 1,000 reports/s 480 ms with the
    /// refresh, 96 ms without it, docs/benchmarks.md).
    /// </summary>
    public const int RestPerRoundWorked = 3;

    /// <summary>Advisory lock shared by refresh and rebuild on every node ("FQINDIC").</summary>
    public const long LockKey = 0x4651_494E_4449_4300;

    /// <summary>Buckets recomputed in one transaction on PostgreSQL, where it blocks nobody.</summary>
    public const int BucketsPerRound = 500;

    /// <summary>
    /// Buckets recomputed in one transaction on SQLite: there it holds the database's only write lock, and every intake
    /// batch waits for it (500 buckets held it for hundreds of milliseconds: the p99 of intake at 1,000/s, docs/benchmarks.md).
    /// </summary>
    public const int SqliteBucketsPerRound = 25;

    /// <summary>
    /// Marks a SQLite round takes at most (counted when the refresh chose its buckets; at least one bucket a round): new
    /// cases are added inside the write transaction at about 11 µs a case of the write lock under load — 1,300 cases
    /// held it 10–17 ms, a round of 3,900 after a burst 84 ms — so this bounds a round after an import or a burst to
    /// about 55 ms. Steady rounds of 25 buckets stay well below it; 1,000 cut the rounds during the bench's maximum
    /// rate into twice as many, each waiting for the write lock, for more work in all (docs/benchmarks.md).
    /// </summary>
    public const int SqliteNewCasesPerRound = 5_000;

    /// <summary>Buckets recomputed by one refresh at most; the rest wait for the next.</summary>
    public const int MaxBucketsPerRefresh = 10_000;

    /// <summary>More dirty buckets than this in one scope and the whole scope is counted live instead.</summary>
    internal const int MaxLiveBuckets = 200;

    /// <summary>Cases backfilled per SaveChanges.</summary>
    private const int BackfillBatch = 500;

    /// <summary>
    /// Tests only: runs after a round has read its dirty buckets (some) and before it writes — on SQLite between its read
    /// snapshot and its write transaction, on PostgreSQL inside its one snapshot.
    /// </summary>
    internal Func<Task>? AfterDirtyBucketsRead { get; set; }

    /// <summary>Buckets per transaction: the configured number, else the provider's default.</summary>
    internal int RoundSize => options.Value.BucketsPerRound
        ?? (db.Provider == DatabaseProvider.Sqlite ? SqliteBucketsPerRound : BucketsPerRound);

    /// <summary>
    /// Recomputes the buckets marked dirty before this call began, oldest mark first, in rounds of <see cref="RoundSize"/>
    /// (one transaction each, so other writers get in between; on SQLite fewer when their marks are many, see
    /// <see cref="SqliteNewCasesPerRound"/>), at most <see cref="MaxBucketsPerRefresh"/> per call. The buckets are chosen
    /// once, with their marks then, and each round reads the marks of its own buckets only: rounds that grouped all
    /// marks, or read more buckets' marks than they took, made one refresh after a burst 14 s of work
    /// (docs/benchmarks.md). Marks made meanwhile in other buckets wait for the next refresh: under steady intake new
    /// marks keep coming, and chasing them kept the refresher running round after round without end (a third of the
    /// host's CPU at 1,300 reports/s).
    /// </summary>
    public async Task<RefreshOutcome> RefreshAsync(CancellationToken ct)
    {
        var pending = await MarkedBucketsAsync(MaxBucketsPerRefresh, long.MaxValue, ct);
        var most = db.Provider == DatabaseProvider.Sqlite ? options.Value.NewCasesPerRound ?? SqliteNewCasesPerRound : int.MaxValue;
        var (next, total, rounds, work) = (0, 0, 0, TimeSpan.Zero);
        while (next < pending.Count)
        {
            // The next buckets, up to the round's size and (by their marks when chosen) its new cases, at least one.
            var (taken, marks) = (0, 0L);
            while (next + taken < pending.Count && taken < RoundSize && (taken == 0 || marks + pending[next + taken].Marks <= most))
            {
                marks += pending[next + taken++].Marks;
            }

            var started = time.GetTimestamp();
            var done = await RefreshRoundAsync(pending.GetRange(next, taken), ct);
            var took = time.GetElapsedTime(started);
            (next, total, rounds, work) = (next + taken, total + done, rounds + 1, work + took);
            if (next < pending.Count)
            {
                await Task.Delay(took * RestPerRoundWorked, time, ct);
            }
        }

        return new RefreshOutcome(total, rounds, work);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> buckets with a mark up to <paramref name="upTo"/>, oldest mark first, recomputed and
    /// every mark the round saw in them cleared (in a bucket marked only by new cases, those up to its last mark when
    /// chosen); returns how many had marks.
    /// </summary>
    internal async Task<int> RefreshRoundAsync(int limit, CancellationToken ct, long upTo = long.MaxValue) =>
        await RefreshRoundAsync(await MarkedBucketsAsync(limit, upTo, ct), ct);

    /// <summary>The <paramref name="chosen"/> buckets recomputed (those still marked); returns how many were.</summary>
    private Task<int> RefreshRoundAsync(List<BucketKey> chosen, CancellationToken ct) =>
        db.Provider == DatabaseProvider.Sqlite ? RefreshRoundOutsideWriteLockAsync(chosen, ct) : RefreshRoundInOneSnapshotAsync(chosen, ct);

    /// <summary>PostgreSQL: one REPEATABLE READ transaction under the advisory lock; it blocks no writer.</summary>
    private Task<int> RefreshRoundInOneSnapshotAsync(List<BucketKey> chosen, CancellationToken ct) => ExclusivelyAsync(
        async () =>
        {
            var buckets = await DirtyBucketsAsync(chosen, ct);
            if (buckets.Count > 0 && AfterDirtyBucketsRead is { } meanwhile)
            {
                await meanwhile();
            }

            foreach (var bucket in buckets.Where(b => !b.OnlyNewCases))
            {
                await RecomputeAsync(bucket, ct);

                // Only the marks this snapshot saw: a mark committed after it (a newer change) stays.
                await MarksSeen(bucket).ExecuteDeleteAsync(ct);
            }

            await AddNewCasesAsync(buckets, ct);
            return buckets.Count;
        },
        ct);

    /// <summary>
    /// SQLite: a write transaction holds the database's only write lock, and aggregating a busy bucket (thousands of
    /// cases reported today) takes tens of milliseconds, which every intake batch would wait for. So the buckets to
    /// aggregate again are aggregated in a read snapshot (under WAL it blocks no writer), and only the results are
    /// written, in one short write transaction. Such a bucket is written only if every mark the snapshot saw is still
    /// there: SQLite commits one writer at a time and the marks' ids never repeat (AUTOINCREMENT), so later changes have
    /// larger ids and stay marked, while a refresher or rebuild that wrote the bucket meanwhile deleted at least its
    /// oldest mark — its row is then kept, and any change it did not see is still marked for the next round.
    /// Buckets marked only by new cases are added to inside the write transaction (<see cref="AddNewCasesAsync"/>).
    /// </summary>
    private async Task<int> RefreshRoundOutsideWriteLockAsync(List<BucketKey> chosen, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            List<DirtyBucket> buckets;
            var aggregated = new List<(DirtyBucket Bucket, CaseIndicatorDay Row)>();
            var connection = (Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection();
            await using (var read = connection.BeginTransaction(deferred: true))
            {
                await db.Database.UseTransactionAsync(read, ct);
                buckets = await DirtyBucketsAsync(chosen, ct);
                foreach (var bucket in buckets.Where(b => !b.OnlyNewCases))
                {
                    aggregated.Add((bucket, await AggregateAsync(bucket, ct)));
                }

                await db.Database.UseTransactionAsync(null, ct);
            }

            if (buckets.Count == 0)
            {
                return 0;
            }

            if (AfterDirtyBucketsRead is { } meanwhile)
            {
                await meanwhile();
            }

            await using var write = await db.Database.BeginTransactionAsync(ct);
            foreach (var (bucket, row) in aggregated)
            {
                if (await MarksSeen(bucket).CountAsync(ct) != bucket.Marks)
                {
                    continue;
                }

                await db.Set<CaseIndicatorDay>()
                    .Where(d => d.UnitPath == bucket.UnitPath && d.DepartmentCode == bucket.DepartmentCode && d.Day == bucket.Day)
                    .ExecuteDeleteAsync(ct);
                if (row.Reported > 0)
                {
                    db.Add(row);
                }

                await MarksSeen(bucket).ExecuteDeleteAsync(ct);
            }

            await AddNewCasesAsync(buckets, ct);
            await db.SaveChangesAsync(ct);
            await write.CommitAsync(ct);
            return buckets.Count;
        }
        finally
        {
            db.ChangeTracker.Clear();
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The oldest-marked buckets with a mark up to <paramref name="upTo"/>, with their number of marks then: a refresh's
    /// (or a test round's) choice.
    /// </summary>
    private Task<List<BucketKey>> MarkedBucketsAsync(int limit, long upTo, CancellationToken ct) =>
        db.Set<CaseIndicatorDirty>().AsNoTracking()
            .Where(d => d.Id <= upTo)
            .GroupBy(d => new { d.UnitPath, d.DepartmentCode, d.Day })
            .Select(g => new { g.Key.UnitPath, g.Key.DepartmentCode, g.Key.Day, First = g.Min(d => d.Id), Last = g.Max(d => d.Id), Marks = g.Count() })
            .OrderBy(b => b.First)
            .Take(limit)
            .Select(b => new BucketKey(b.UnitPath, b.DepartmentCode, b.Day, b.Marks, b.Last))
            .ToListAsync(ct);

    /// <summary>
    /// Those of the <paramref name="chosen"/> buckets that the round's snapshot sees marked, oldest mark first, each with
    /// the last id, the number and the kinds of ALL its marks: a round that aggregates a bucket again counts every case
    /// the snapshot holds, those reported after the refresh began included, so it must clear their marks too — left
    /// behind, a mark naming a new case would have the next refresh add that case to the row a second time. A bucket
    /// marked only by new cases instead takes its new cases up to its last mark when the refresh chose it: each mark adds
    /// one case, so the later ones can wait for the next refresh, and the SQLite round limit, counted at the choice, then
    /// bounds what the round adds under the write lock (after a burst, a round that added every mark its snapshot saw
    /// took 11,655 instead of at most 5,000 and held the lock for 208 ms; docs/benchmarks.md). The marks are found by
    /// their bucket index, bucket by bucket (the buckets as one parameter, as in <see cref="AddNewCasesAsync"/>).
    /// </summary>
    private async Task<List<DirtyBucket>> DirtyBucketsAsync(List<BucketKey> chosen, CancellationToken ct)
    {
        if (chosen.Count == 0)
        {
            return [];
        }

        var postgres = db.Provider == DatabaseProvider.PostgreSql;
        object[] keys = postgres
            ? [chosen.Select(k => k.UnitPath).ToArray(), chosen.Select(k => k.DepartmentCode).ToArray(), chosen.Select(k => k.Day).ToArray()]
            : [JsonSerializer.Serialize(chosen.Select(k => new object[] { k.UnitPath, k.DepartmentCode, k.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }))];
        var marked = await db.Database.SqlQueryRaw<MarkedBucket>(postgres ? MarkedPostgreSql : MarkedSqlite, keys).ToListAsync(ct);
        var lastWhenChosen = chosen.ToDictionary(k => (k.UnitPath, k.DepartmentCode, k.Day), k => k.Last);
        return marked.OrderBy(b => b.First)
            .Select(b => new DirtyBucket(
                b.UnitPath, b.DepartmentCode, b.Day,
                b.Changes == 0 ? Math.Min(b.Last, lastWhenChosen[(b.UnitPath, b.DepartmentCode, b.Day)]) : b.Last,
                (int)b.Marks, b.Changes == 0))
            .ToList();
    }

    private static readonly string MarkedSqlite = MarkedSql(
        "json_each({0}) AS r",
        """d."UnitPath" = r.value ->> 0 AND d."DepartmentCode" = r.value ->> 1 AND d."Day" = r.value ->> 2""");

    private static readonly string MarkedPostgreSql = MarkedSql(
        """unnest({0}, {1}, {2}) AS r("UnitPath", "DepartmentCode", "Day")""",
        """d."UnitPath" = r."UnitPath" AND d."DepartmentCode" = r."DepartmentCode" AND d."Day" = r."Day" """);

    /// <summary><see cref="DirtyBucketsAsync"/>'s query over the buckets <c>r</c> and their marks <c>d</c>.</summary>
    private static string MarkedSql(string buckets, string markInBucket) => $$"""
        SELECT d."UnitPath", d."DepartmentCode", d."Day", MIN(d."Id") AS "First", MAX(d."Id") AS "Last", COUNT(*) AS "Marks",
            COUNT(CASE WHEN d."CaseId" IS NULL THEN 1 END) AS "Changes"
        FROM {{buckets}} CROSS JOIN case_indicator_dirty AS d
        WHERE {{markInBucket}}
        GROUP BY d."UnitPath", d."DepartmentCode", d."Day"
        """;

    /// <summary>The marks of a bucket up to the last one its snapshot saw.</summary>
    private IQueryable<CaseIndicatorDirty> MarksSeen(DirtyBucket bucket) => db.Set<CaseIndicatorDirty>()
        .Where(d => d.UnitPath == bucket.UnitPath && d.DepartmentCode == bucket.DepartmentCode && d.Day == bucket.Day && d.Id <= bucket.Last);

    /// <summary>SQLite, in the round's read snapshot: the bucket's row as its cases give it now (Reported 0: no cases, no row).</summary>
    private async Task<CaseIndicatorDay> AggregateAsync(DirtyBucket bucket, CancellationToken ct)
    {
        var p = new SqlParameters();
        var (path, dept, date) = (p.Add(bucket.UnitPath), p.Add(bucket.DepartmentCode), p.Add(bucket.Day));
        var sql = $"""
            SELECT {path} AS "UnitPath", {dept} AS "DepartmentCode", {date} AS "Day", {IndicatorMeasures.Aggregates(db.Provider)}
            FROM cases AS c WHERE {BucketCondition(p, bucket.UnitPath, bucket.DepartmentCode, bucket.Day)}
            """;
        return (await db.Set<CaseIndicatorDay>().FromSqlRaw(sql, [.. p.Values]).AsNoTracking().ToListAsync(ct)).Single();
    }

    /// <summary>
    /// The new cases of the round's buckets marked only by new cases, added to their rows (or stored as their rows), and
    /// their marks deleted: two statements for all the buckets, inside the round's transaction (SQLite: its write
    /// transaction; PostgreSQL: its snapshot). Per bucket an aggregate, an upsert and a delete through EF made about 300
    /// statements a refresh under steady intake (docs/benchmarks.md). The buckets go as one parameter (SQLite: a JSON
    /// array for <c>json_each</c>; PostgreSQL: four arrays for <c>unnest</c>) with the last mark the round saw in each.
    /// <para>
    /// Exact without checking what the snapshot saw: under SQLite's write lock (or in PostgreSQL's snapshot under the
    /// advisory lock) a mark still there names a case no row counts yet — whoever counted it deleted its mark in the same
    /// transaction — and the statement counts just the cases whose marks are there. The marks drive the join, each case
    /// found by its key, and nothing else is asked of the cases: written as <c>c."Id" IN (marks)</c> SQLite scanned the
    /// whole bucket by its (UnitPath, ReportedAt) index, and with the bucket's condition on the cases PostgreSQL
    /// estimated one case and read the marks again for each (26 ms a bucket). The condition is not needed: a case named by
    /// a mark was inserted into that bucket, and a move out of it marks the bucket with a change in the same transaction.
    /// SQLite keeps a CROSS JOIN's order.
    /// </para>
    /// </summary>
    private Task AddNewCasesAsync(List<DirtyBucket> buckets, CancellationToken ct)
    {
        var onlyNew = buckets.Where(b => b.OnlyNewCases).ToList();
        if (onlyNew.Count == 0)
        {
            return Task.CompletedTask;
        }

        object[] round = db.Provider == DatabaseProvider.PostgreSql
            ? [onlyNew.Select(b => b.UnitPath).ToArray(), onlyNew.Select(b => b.DepartmentCode).ToArray(), onlyNew.Select(b => b.Day).ToArray(), onlyNew.Select(b => b.Last).ToArray()]
            : [JsonSerializer.Serialize(onlyNew.Select(b => new object[] { b.UnitPath, b.DepartmentCode, b.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), b.Last }))];
        return db.Database.ExecuteSqlRawAsync(db.Provider == DatabaseProvider.PostgreSql ? AddNewCasesPostgreSql : AddNewCasesSqlite, round, ct);
    }

    private static readonly string AddNewCasesSqlite = AddNewCasesSql(
        DatabaseProvider.Sqlite,
        "json_each({0}) AS r",
        """d."UnitPath" = r.value ->> 0 AND d."DepartmentCode" = r.value ->> 1 AND d."Day" = r.value ->> 2 AND d."Id" <= r.value ->> 3""");

    private static readonly string AddNewCasesPostgreSql = AddNewCasesSql(
        DatabaseProvider.PostgreSql,
        """unnest({0}, {1}, {2}, {3}) AS r("UnitPath", "DepartmentCode", "Day", "Last")""",
        """d."UnitPath" = r."UnitPath" AND d."DepartmentCode" = r."DepartmentCode" AND d."Day" = r."Day" AND d."Id" <= r."Last" """);

    /// <summary><see cref="AddNewCasesAsync"/>'s statements over the buckets <c>r</c> and the marks <c>d</c> of new cases in them.</summary>
    private static string AddNewCasesSql(DatabaseProvider provider, string round, string markInRound) => $$"""
        INSERT INTO case_indicator_days ("UnitPath", "DepartmentCode", "Day", {{IndicatorMeasures.ColumnList}})
        SELECT d."UnitPath", d."DepartmentCode", d."Day", {{IndicatorMeasures.Aggregates(provider)}}
        FROM {{round}} CROSS JOIN case_indicator_dirty AS d CROSS JOIN cases AS c
        WHERE {{markInRound}} AND d."CaseId" IS NOT NULL AND c."Id" = d."CaseId"
        GROUP BY d."UnitPath", d."DepartmentCode", d."Day"
        ON CONFLICT ("UnitPath", "Day", "DepartmentCode") DO UPDATE SET {{AddedColumns("excluded")}};
        DELETE FROM case_indicator_dirty WHERE "Id" IN (
            SELECT d."Id" FROM {{round}} CROSS JOIN case_indicator_dirty AS d WHERE {{markInRound}} AND d."CaseId" IS NOT NULL);
        """;

    /// <summary><c>"M" = case_indicator_days."M" + source."M"</c> for every measure.</summary>
    private static string AddedColumns(string source) =>
        string.Join(", ", IndicatorMeasures.All.Select(m => $"\"{m.Name}\" = case_indicator_days.\"{m.Name}\" + {source}.\"{m.Name}\""));

    /// <summary>
    /// Backfills the stage working times of cases stored before they were kept (<see cref="Case.BackfillWorkingTime"/>),
    /// then drops every roll-up row and mark and recomputes all buckets from <c>cases</c>; returns the row count.
    /// </summary>
    public async Task<int> RebuildAsync(CancellationToken ct)
    {
        await BackfillStageWorkingTimeAsync(ct);
        return await ExclusivelyAsync(
            async () =>
            {
                db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
                await db.Database.ExecuteSqlRawAsync(RebuildSql(db.Provider), ct);
                return await db.Set<CaseIndicatorDay>().CountAsync(ct);
            },
            ct);
    }

    /// <summary>
    /// Start-up: a database with cases not yet backfilled (stored before stage working times were kept), or with cases
    /// but no roll-ups (a new installation of this feature, a restore), is rebuilt.
    /// </summary>
    public async Task<bool> RebuildIfNeededAsync(CancellationToken ct)
    {
        var backfill = await db.Set<Case>().IgnoreQueryFilters().AnyAsync(c => c.StatusSince == null, ct);
        if (!backfill && (await db.Set<CaseIndicatorDay>().AnyAsync(ct) || !await db.Set<Case>().IgnoreQueryFilters().AnyAsync(ct)))
        {
            return false;
        }

        await RebuildAsync(ct);
        return true;
    }

    /// <summary>
    /// Gives every case without stage working times (<see cref="Case.StatusSince"/> null: stored before they were kept,
    /// or written past the application) the values the live path would have stored, by replaying its timeline with the
    /// current working calendar; batches of <see cref="BackfillBatch"/>, each its own transaction (the dirty marker
    /// marks their buckets; the rebuild that follows recomputes them anyway). Returns the number of cases backfilled.
    /// </summary>
    public async Task<int> BackfillStageWorkingTimeAsync(CancellationToken ct)
    {
        var calendar = await calendars.GetAsync(ct);
        var total = 0;
        while (true)
        {
            db.ChangeTracker.Clear();
            var batch = await db.Set<Case>().IgnoreQueryFilters().Where(c => c.StatusSince == null).OrderBy(c => c.Id).Take(BackfillBatch).ToListAsync(ct);
            if (batch.Count == 0)
            {
                return total;
            }

            var ids = batch.Select(c => c.Id).ToList();
            var timelines = (await db.Set<CaseAction>().IgnoreQueryFilters().AsNoTracking().Where(a => ids.Contains(a.CaseId))
                    .Select(a => new { a.CaseId, a.Sequence, a.At, a.StatusAfter }).ToListAsync(ct))
                .GroupBy(a => a.CaseId)
                .ToDictionary(g => g.Key, g => g.OrderBy(a => a.Sequence).Select(a => (a.At, a.StatusAfter)).ToList());
            foreach (var item in batch)
            {
                item.BackfillWorkingTime(timelines.GetValueOrDefault(item.Id) ?? [], calendar);
            }

            try
            {
                await db.SaveChangesAsync(ct);
                total += batch.Count;
            }
            catch (DbUpdateConcurrencyException)
            {
                // A case of the batch changed meanwhile (its step is in its timeline now): read the batch again.
            }
        }
    }

    /// <summary>
    /// The rebuild as one SQL batch, also run by the bench seeder after it writes cases past the change tracker
    /// (run it under <see cref="LockKey"/> on PostgreSQL).
    /// </summary>
    public static string RebuildSql(DatabaseProvider provider) => $"""
        DELETE FROM case_indicator_days;
        DELETE FROM case_indicator_dirty;
        INSERT INTO case_indicator_days ("UnitPath", "DepartmentCode", "Day", {IndicatorMeasures.ColumnList})
        SELECT c."UnitPath", COALESCE(c."AssignedDepartmentCode", ''), {IndicatorMeasures.ChinaDay(provider)},
            {IndicatorMeasures.Aggregates(provider)}
        FROM cases AS c
        GROUP BY 1, 2, 3;
        """;

    /// <summary>
    /// The measures of a unit subtree (and/or department) over [from, to): clean buckets from the roll-ups, dirty ones
    /// live. Null when the scope has so many dirty buckets that a live count of the whole scope is the better plan.
    /// Unit subtrees are wholly in the caller's reach (checked before), so no jurisdiction filter applies here.
    /// </summary>
    internal async Task<IndicatorTotals?> SumAsync(string? unitPath, string? department, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var p = new SqlParameters();
        var where = new StringBuilder($"r.\"Day\" >= {p.Add(from)} AND r.\"Day\" < {p.Add(to)}");
        if (unitPath is not null)
        {
            // A prefix as a range: paths hold digits and '/', compared byte-wise (C collation / BINARY).
            var next = unitPath[..^1] + (char)(unitPath[^1] + 1);
            where.Append(CultureInfo.InvariantCulture, $" AND r.\"UnitPath\" >= {p.Add(unitPath)} AND r.\"UnitPath\" < {p.Add(next)}");
        }

        if (department is not null)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND r.\"DepartmentCode\" = {p.Add(department)}");
        }

        // The usual case, one round trip: the clean sum and whether any bucket in scope is dirty, in one statement (one
        // snapshot). Nothing dirty: that sum is the answer.
        var cleanSql = $"""
            SELECT {IndicatorMeasures.RollupSums()},
                (SELECT COUNT(*) FROM (SELECT 1 FROM case_indicator_dirty AS r WHERE {where} LIMIT 1) AS x) AS "DirtyBuckets"
            FROM case_indicator_days AS r
            WHERE {where} AND NOT EXISTS (
                SELECT 1 FROM case_indicator_dirty AS d
                WHERE d."UnitPath" = r."UnitPath" AND d."Day" = r."Day" AND d."DepartmentCode" = r."DepartmentCode")
            """;
        var first = (await db.Database.SqlQueryRaw<RollupTotals>(cleanSql, [.. p.Values]).ToListAsync(ct)).Single();
        if (first.DirtyBuckets == 0)
        {
            return first;
        }

        // Some buckets are dirty: their keys, the clean sum and their live count, all in one snapshot.
        var postgres = db.Provider == DatabaseProvider.PostgreSql;
        await using var snapshot = postgres && db.Database.CurrentTransaction is null
            ? await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct)
            : null;
        var dirtySql = $"SELECT DISTINCT r.\"UnitPath\", r.\"DepartmentCode\", r.\"Day\" FROM case_indicator_dirty AS r WHERE {where} LIMIT {MaxLiveBuckets + 1}";
        var dirty = await db.Database.SqlQueryRaw<BucketKeyRow>(dirtySql, [.. p.Values]).ToListAsync(ct);
        if (dirty.Count > MaxLiveBuckets)
        {
            return null;
        }

        var clean = (await db.Database.SqlQueryRaw<RollupTotals>(cleanSql, [.. p.Values]).ToListAsync(ct)).Single();
        if (dirty.Count > 0)
        {
            var live = new SqlParameters();
            var buckets = dirty.Select(b => BucketCondition(live, b.UnitPath, b.DepartmentCode, b.Day));
            var liveSql = $"SELECT {IndicatorMeasures.Aggregates(db.Provider)}\nFROM cases AS c\nWHERE {string.Join("\n   OR ", buckets)}";
            clean.Plus((await db.Database.SqlQueryRaw<IndicatorTotals>(liveSql, [.. live.Values]).ToListAsync(ct)).Single());
        }

        if (snapshot is not null)
        {
            await snapshot.CommitAsync(ct);
        }

        return clean;
    }

    /// <summary>PostgreSQL, inside the round's snapshot: the bucket's row aggregated again from all its cases.</summary>
    private async Task RecomputeAsync(DirtyBucket bucket, CancellationToken ct)
    {
        var p = new SqlParameters();
        var (path, dept, date) = (p.Add(bucket.UnitPath), p.Add(bucket.DepartmentCode), p.Add(bucket.Day));
        var sql = $"""
            DELETE FROM case_indicator_days WHERE "UnitPath" = {path} AND "DepartmentCode" = {dept} AND "Day" = {date};
            INSERT INTO case_indicator_days ("UnitPath", "DepartmentCode", "Day", {IndicatorMeasures.ColumnList})
            SELECT {path}, {dept}, {date}, a.* FROM (
                SELECT {IndicatorMeasures.Aggregates(db.Provider)}
                FROM cases AS c WHERE {BucketCondition(p, bucket.UnitPath, bucket.DepartmentCode, bucket.Day)}) AS a
            WHERE a."Reported" > 0;
            """;
        await db.Database.ExecuteSqlRawAsync(sql, [.. p.Values], ct);
    }

    /// <summary>The cases of one bucket: its unit path, department ("" = none) and Shanghai day of report.</summary>
    private string BucketCondition(SqlParameters p, string unitPath, string department, DateOnly day)
    {
        var start = IndicatorMeasures.Instant(db.Provider, ChinaTime.At(day, TimeOnly.MinValue));
        var end = IndicatorMeasures.Instant(db.Provider, ChinaTime.At(day.AddDays(1), TimeOnly.MinValue));
        return $"(c.\"UnitPath\" = {p.Add(unitPath)} AND c.\"ReportedAt\" >= {p.Add(start)} AND c.\"ReportedAt\" < {p.Add(end)}"
            + $" AND COALESCE(c.\"AssignedDepartmentCode\", '') = {p.Add(department)})";
    }

    /// <summary>Runs <paramref name="work"/> as the only refresher (advisory lock) in one snapshot transaction.</summary>
    private async Task<T> ExclusivelyAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        var postgres = db.Provider == DatabaseProvider.PostgreSql;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (postgres)
            {
                // Taken before the transaction so that its snapshot starts after the previous holder committed.
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({LockKey})", ct);
            }

            try
            {
                await using var transaction = postgres
                    ? await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct)
                    : await db.Database.BeginTransactionAsync(ct);
                var result = await work();
                await transaction.CommitAsync(ct);
                return result;
            }
            finally
            {
                if (postgres)
                {
                    await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The clean buckets' sum and the number (0 or 1: "any") of dirty buckets in scope.</summary>
    private sealed class RollupTotals : IndicatorTotals
    {
        public long DirtyBuckets { get; set; }
    }

    /// <summary>What a refresh did: buckets brought up to date, rounds (transactions) and their time, rests excluded.</summary>
    public sealed record RefreshOutcome(int Buckets, int Rounds, TimeSpan Work);

    /// <summary>A dirty bucket as a round saw it; <paramref name="OnlyNewCases"/>: every mark it saw names a new case.</summary>
    private sealed record DirtyBucket(string UnitPath, string DepartmentCode, DateOnly Day, long Last, int Marks, bool OnlyNewCases);

    /// <summary>A bucket chosen for a refresh: unit path, department ("" = none), Shanghai day, and its marks and last mark then.</summary>
    private sealed record BucketKey(string UnitPath, string DepartmentCode, DateOnly Day, int Marks, long Last);

    /// <summary>A unit path, department and day as read by <see cref="SumAsync"/>.</summary>
    private sealed class BucketKeyRow
    {
        public string UnitPath { get; init; } = "";

        public string DepartmentCode { get; init; } = "";

        public DateOnly Day { get; init; }
    }

    /// <summary>A row of <see cref="MarkedSql"/>.</summary>
    private sealed class MarkedBucket
    {
        public string UnitPath { get; init; } = "";

        public string DepartmentCode { get; init; } = "";

        public DateOnly Day { get; init; }

        public long First { get; init; }

        public long Last { get; init; }

        public long Marks { get; init; }

        public long Changes { get; init; }
    }
}
