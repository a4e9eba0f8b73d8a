using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Deadlines;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Intake;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Calendar;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Messaging;
using Fengqiao.Kernel.Time;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Fengqiao.Tests.Cases.CaseFixtures;

namespace Fengqiao.Tests.Cases;

/// <summary>
/// The append path (<see cref="FengqiaoDbContext.AppendAsync"/>) that intake's group commit writes through: its rows must
/// be stored exactly as SaveChanges stores them — every column, in the provider's own encoding — with audit entries in
/// the chain and events in the outbox, and a failure must leave nothing behind.
/// </summary>
public sealed class CaseAppendTests(CasesApp app) : IClassFixture<CasesApp>
{
    [Fact]
    public async Task A_context_tells_whether_a_transaction_is_open_on_it()
    {
        var answers = await app.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<FengqiaoDbContext>();
            var seen = new List<bool> { db.HasCurrentTransaction };
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                seen.Add(db.HasCurrentTransaction);
                await transaction.CommitAsync();
            }

            seen.Add(db.HasCurrentTransaction);

            // Joined: a transaction begun on the context's connection by someone else.
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            await using var joined = await connection.BeginTransactionAsync();
            await db.Database.UseTransactionAsync(joined);
            seen.Add(db.HasCurrentTransaction);
            await joined.RollbackAsync();
            return seen;
        });

        Assert.Equal([false, true, false, true], answers);
    }

    [Fact]
    public async Task A_report_made_inside_a_callers_transaction_is_written_in_it_and_rolls_back_with_it()
    {
        var (lon, lat) = await PointInAsync(app, OtherGrid);
        var tracking = await app.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<FengqiaoDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var receipt = await sp.GetRequiredService<ReportCase>().ReportAsync(
                new ReportRequest(null, "荆东社区东门外路灯不亮，晚上很黑", lon, lat, null, null, "P0101", true, null, null, null, null, null, null),
                CaseChannel.Resident, null, default);
            Assert.True(await db.Set<Case>().IgnoreQueryFilters().AnyAsync(c => c.TrackingCode == receipt.TrackingCode));
            await transaction.RollbackAsync();
            return receipt.TrackingCode;
        });

        Assert.False(await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().AnyAsync(c => c.TrackingCode == tracking)));

        // Nor does the node's duplicate index remember it: the same report again is not proposed as its duplicate.
        using var client = app.CreateClient();
        var again = await ReadAsync<ReportReceipt>(await ReportAsync(client, new { description = "荆东社区东门外路灯不亮，晚上很黑", longitude = lon, latitude = lat, categoryCode = "P0101", anonymous = true }));
        Assert.NotEqual(tracking, again.PossibleDuplicateTrackingCode);
    }

    [Fact]
    public async Task Appended_rows_are_stored_column_for_column_as_save_changes_stores_them_with_the_same_outbox_messages()
    {
        var (saved, appended) = (await FiledCaseAsync("楼道堆放杂物堵塞消防通道"), await FiledCaseAsync("楼道堆放杂物堵塞消防通道"));
        var savedEvents = saved.DomainEvents.Select(e => e.GetType().Name).ToList();
        Assert.NotEmpty(savedEvents);

        await app.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<FengqiaoDbContext>();
            db.Add(saved);
            return await db.SaveChangesAsync();
        });
        var events = appended.DomainEvents.ToList();
        appended.ClearDomainEvents();
        await app.AsSystemAsync(async sp =>
        {
            await sp.GetRequiredService<FengqiaoDbContext>().AppendAsync([appended, .. appended.Actions, .. appended.TierSteps], events, CancellationToken.None);
            return 0;
        });

        // Ids and the tracking code differ by construction; every other column must hold the same stored value.
        var savedRow = await RawRowAsync("cases", "Id", saved.Id);
        var appendedRow = await RawRowAsync("cases", "Id", appended.Id);
        Assert.Equal(Without(savedRow, "Id", "TrackingCode"), Without(appendedRow, "Id", "TrackingCode"));
        Assert.Equal(
            await ChildRowsAsync("case_actions", saved.Id),
            await ChildRowsAsync("case_actions", appended.Id));
        Assert.Equal(
            await ChildRowsAsync("case_tier_steps", saved.Id),
            await ChildRowsAsync("case_tier_steps", appended.Id));
        Assert.Equal(3, appended.Actions.Count); // reported, filed, dispatched

        // The case reads back through EF as the entity that was appended.
        var read = await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().AsNoTracking().Include(c => c.Actions).Include(c => c.TierSteps).SingleAsync(c => c.Id == appended.Id));
        Assert.Equal((appended.Status, appended.ReportedAt, appended.StageDueAt, appended.HolderUnitCode, appended.Title), (read.Status, read.ReportedAt, read.StageDueAt, read.HolderUnitCode, read.Title));
        Assert.Equal(appended.Actions.Select(a => (a.Id, a.Kind, a.At)), read.Actions.OrderBy(a => a.Sequence).Select(a => (a.Id, a.Kind, a.At)));

        // Each raised event is in the outbox once per handler, as SaveChanges would have put it.
        var registry = app.Services.GetRequiredService<DomainEventRegistry>();
        var expected = events.SelectMany(e => registry.ToOutbox(e, DateTimeOffset.UnixEpoch)).Select(m => (m.EventType, m.Handler, m.Payload)).Order().ToList();
        Assert.NotEmpty(expected);
        var payloads = expected.Select(m => m.Payload).Distinct().ToList();
        var stored = await app.WithDbAsync(db => db.Outbox.Where(m => payloads.Contains(m.Payload)).Select(m => new { m.EventType, m.Handler, m.Payload }).ToListAsync());
        Assert.Equal(expected, stored.Select(m => (m.EventType, m.Handler, m.Payload)).Order().ToList());
    }

    [Fact]
    public async Task A_failed_append_writes_none_of_its_rows_and_its_audit_entries_are_sealed_again_on_the_retry()
    {
        var first = await FiledCaseAsync("小区门口路灯不亮");
        var second = await FiledCaseAsync("小区门口路灯不亮");
        var key = "retry-" + Guid.NewGuid().ToString("N");
        await app.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<FengqiaoDbContext>();
            db.Add(first);
            db.Add(new IdempotencyRecord("user:test", key, new string('a', 64), first.Id, first.TrackingCode, first.ReportedAt));
            return await db.SaveChangesAsync();
        });

        // The second report reuses the key: the unique index refuses it, and with it the case and the audit entry.
        var entry = await app.AsSystemAsync(sp => Task.FromResult(sp.GetRequiredService<IAuditTrail>().Entry(ReportCase.Action, second.TrackingCode, second.UnitPath, "追加测试")));
        var failure = await Assert.ThrowsAsync<DbUpdateException>(() => app.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<FengqiaoDbContext>();
            await db.AppendAsync(
                [second, .. second.Actions, .. second.TierSteps, new IdempotencyRecord("user:test", key, new string('b', 64), second.Id, second.TrackingCode, second.ReportedAt), entry],
                [],
                CancellationToken.None);
            return 0;
        }));
        Assert.True(await app.AsSystemAsync(sp => Task.FromResult(sp.GetRequiredService<FengqiaoDbContext>().IsUniqueViolation<IdempotencyRecord>(failure, nameof(IdempotencyRecord.Caller), nameof(IdempotencyRecord.Key)))));
        Assert.False(await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().AnyAsync(c => c.Id == second.Id)));
        Assert.False(await app.WithDbAsync(db => db.Set<CaseAction>().AnyAsync(a => a.CaseId == second.Id)));
        Assert.False(await app.WithDbAsync(db => db.AuditEntries.IgnoreQueryFilters().AnyAsync(e => e.Target == second.TrackingCode)));
        Assert.Equal(0, entry.Sequence);

        // Appended again without the refused key, the entry takes the next number and the chain verifies.
        await app.AsSystemAsync(async sp =>
        {
            await sp.GetRequiredService<FengqiaoDbContext>().AppendAsync([second, .. second.Actions, .. second.TierSteps, entry], [], CancellationToken.None);
            return 0;
        });
        var last = await app.WithDbAsync(db => db.AuditEntries.IgnoreQueryFilters().MaxAsync(e => e.Sequence));
        Assert.Equal(last, entry.Sequence);
        Assert.True(await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().AnyAsync(c => c.Id == second.Id)));
        var verification = await app.AsSystemAsync(sp => sp.GetRequiredService<AuditChainVerifier>().VerifyAsync());
        Assert.True(verification.IsIntact, string.Join("; ", verification.Problems.Select(p => p.Description)));
    }

    [Fact]
    public async Task Appending_needs_a_context_that_tracks_nothing_and_a_row_with_a_store_numbered_key_gets_its_number()
    {
        var report = await FiledCaseAsync("垃圾桶满溢无人清运");
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<FengqiaoDbContext>();
            db.Add(new IdempotencyRecord("user:test", "tracked-" + Guid.NewGuid().ToString("N"), new string('c', 64), report.Id, report.TrackingCode, report.ReportedAt));
            await db.AppendAsync([report], [], CancellationToken.None);
            return 0;
        }));
        Assert.False(await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().AnyAsync(c => c.Id == report.Id)));

        var day = DateOnly.FromDateTime(ChinaTime.ToLocal(report.ReportedAt).DateTime);
        var before = await app.WithDbAsync(db => db.Set<Fengqiao.Cases.Indicators.Rollups.CaseIndicatorDirty>().Select(d => (long?)d.Id).MaxAsync()) ?? 0;
        await app.AsSystemAsync(async sp =>
        {
            await sp.GetRequiredService<FengqiaoDbContext>().AppendAsync(
                [report, .. report.Actions, .. report.TierSteps, new Fengqiao.Cases.Indicators.Rollups.CaseIndicatorDirty { UnitPath = report.UnitPath, DepartmentCode = "", Day = day }],
                [],
                CancellationToken.None);
            return 0;
        });
        var mark = await app.WithDbAsync(db => db.Set<Fengqiao.Cases.Indicators.Rollups.CaseIndicatorDirty>().Where(d => d.Id > before && d.UnitPath == report.UnitPath).ToListAsync());
        Assert.Contains(mark, d => d.Day == day && d.DepartmentCode == "");
    }

    [Fact]
    public async Task Rows_in_numbers_no_statement_size_matches_are_each_written_once_with_their_own_values()
    {
        // Three cases: 3 case rows (2 + 1), 9 timeline entries (8 + 1), 3 tier steps; and 100 roll-up marks
        // (64 + 32 + 4), more than one statement holds.
        var reports = new List<Case>();
        foreach (var title in new[] { "楼道堆放杂物堵塞消防通道", "小区门口共享单车乱停放", "垃圾桶满溢无人清运" })
        {
            reports.Add(await FiledCaseAsync(title));
        }

        var unit = "/test/append/" + Guid.NewGuid().ToString("N");
        var firstDay = new DateOnly(2026, 1, 1);
        var marks = Enumerable.Range(0, 100).Select(i => new Fengqiao.Cases.Indicators.Rollups.CaseIndicatorDirty { UnitPath = unit, DepartmentCode = "D" + i, Day = firstDay.AddDays(i) }).ToList();
        await app.AsSystemAsync(async sp =>
        {
            await sp.GetRequiredService<FengqiaoDbContext>().AppendAsync(
                [.. reports, .. reports.SelectMany(r => r.Actions), .. reports.SelectMany(r => r.TierSteps), .. marks], [], CancellationToken.None);
            return 0;
        });

        var ids = reports.Select(r => r.Id).ToList();
        var read = await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().AsNoTracking().Include(c => c.Actions).Include(c => c.TierSteps).Where(c => ids.Contains(c.Id)).ToListAsync());
        Assert.Equal(reports.Select(r => (r.Id, r.Title, r.TrackingCode)).Order(), read.Select(r => (r.Id, r.Title, r.TrackingCode)).Order());
        foreach (var report in reports)
        {
            var stored = read.Single(r => r.Id == report.Id);
            Assert.Equal(report.Actions.Select(a => (a.Id, a.Kind, a.Sequence)), stored.Actions.OrderBy(a => a.Sequence).Select(a => (a.Id, a.Kind, a.Sequence)));
            Assert.Equal(report.TierSteps.Select(t => t.Id), stored.TierSteps.Select(t => t.Id));
        }

        var storedMarks = await app.WithDbAsync(db => db.Set<Fengqiao.Cases.Indicators.Rollups.CaseIndicatorDirty>().Where(d => d.UnitPath == unit).Select(d => new { d.DepartmentCode, d.Day }).ToListAsync());
        Assert.Equal(marks.Select(m => (m.DepartmentCode, m.Day)).Order(), storedMarks.Select(m => (m.DepartmentCode, m.Day)).Order());
    }

    /// <summary>A report from a resident, filed under 乱堆乱放 and dispatched to the grid: a case, three timeline entries, one tier step.</summary>
    private Task<Case> FiledCaseAsync(string title) => app.AsSystemAsync(async sp =>
    {
        var db = sp.GetRequiredService<FengqiaoDbContext>();
        var calendar = await sp.GetRequiredService<WorkingCalendarProvider>().GetAsync();
        var version = await db.Set<CategoryVersion>().AsNoTracking().Where(v => v.CategoryCode == "E0102").OrderByDescending(v => v.Number).FirstAsync();
        var at = ChinaTime.At(new DateOnly(2026, 3, 4), new TimeOnly(9, 30)).ToUniversalTime();
        var clock = new StageClock(calendar, new DeadlineOptions(), at);
        var path = await db.Units.Where(u => u.Code == Grid).Select(u => u.Path).SingleAsync();
        var report = Case.Report(
            new NewCase(
                TrackingCodes.New(), CaseChannel.Resident, title, title + "，请尽快处理。", title + "，请尽快处理。", "宜城街道人民南路 8 号", 119.81, 31.36, false,
                path, Grid, Community, false, null, null, null, null, true, "{\"floor\":\"3\"}", CasePriority.Normal, "乱堆乱放", "E0102", 0.91, [], null, false),
            ActorStamp.Reporter(null, "居民"),
            clock);
        report.File(version, ActorStamp.System, clock, "自动立案：类别和位置已确定。");
        report.Dispatch(new HolderTarget(UnitLevel.Grid, Grid, null), "按派遣规则", ActorStamp.System, new StageClock(calendar, new DeadlineOptions(), at + TimeSpan.FromMinutes(1)));
        return report;
    });

    private Task<Dictionary<string, object?>> RawRowAsync(string table, string keyColumn, Guid key) => app.WithDbAsync(async db =>
        (await RawRowsAsync(db, $"SELECT * FROM {table} WHERE \"{keyColumn}\" = @key", key)).Single());

    /// <summary>The child rows of a case in sequence order, without their own id and the case id.</summary>
    private Task<List<string>> ChildRowsAsync(string table, Guid caseId) => app.WithDbAsync(async db =>
        (await RawRowsAsync(db, $"SELECT * FROM {table} WHERE \"CaseId\" = @key ORDER BY \"Sequence\"", caseId))
            .Select(row => string.Join("|", Without(row, "Id", "CaseId").Select(p => $"{p.Key}={Show(p.Value)}")))
            .ToList());

    /// <summary>Rows as the provider returns them (no EF conversion), so that a difference in stored encoding shows.</summary>
    private static async Task<List<Dictionary<string, object?>>> RawRowsAsync(FengqiaoDbContext db, string sql, Guid key)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = db.Model.FindEntityType(typeof(Case))!.FindProperty(nameof(Case.Id))!.GetRelationalTypeMapping().CreateParameter(command, "@key", key);
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        }

        return rows;
    }

    private static SortedDictionary<string, string> Without(Dictionary<string, object?> row, params string[] columns) =>
        new(row.Where(p => !columns.Contains(p.Key)).ToDictionary(p => p.Key, p => Show(p.Value)), StringComparer.Ordinal);

    private static string Show(object? value) => value switch
    {
        null => "NULL",
        byte[] bytes => "0x" + Convert.ToHexString(bytes),
        IFormattable formattable => value.GetType().Name + ":" + formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.GetType().Name + ":" + value,
    };
}
