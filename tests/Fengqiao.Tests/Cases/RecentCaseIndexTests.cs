using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Deadlines;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Intake;
using Fengqiao.Kernel.Calendar;
using Fengqiao.Kernel.Data;
using Fengqiao.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Fengqiao.Tests.Cases.CaseFixtures;

namespace Fengqiao.Tests.Cases;

/// <summary>
/// Each node's index of recent open cases (近期未结事件索引, docs/adr/0023) gives the duplicate check exactly the
/// candidates the database query gives, learns what other nodes report and close, and hands a check it cannot answer
/// exactly back to the query.
/// </summary>
public sealed class RecentCaseIndexTests
{
    [Fact]
    public async Task The_index_gives_the_same_candidates_as_the_database_query()
    {
        var database = await TestDatabase.CreateAsync();
        try
        {
            // Half the reports come through another node; this one learns of them in one late refresh, so they enter its
            // map cells out of report-time order.
            // Reports wait to be filed (no automatic dispatch), so a person can still reject them.
            await using var app = new NodeApp(database, refreshMilliseconds: 600_000, autoDispatch: false);
            await app.InitializeAsync();
            await using var other = new NodeApp(database, refreshMilliseconds: 0, autoDispatch: false);
            await other.InitializeAsync();
            var (lon, lat) = await PointInAsync(app, OtherGrid);
            using var onThis = app.CreateClient();
            using var onOther = other.CreateClient();
            var random = new Random(20261127);
            var codes = new List<string>();
            for (var i = 0; i < 36; i++)
            {
                // Within about 250 m of the point: some inside the 150 m radius, some in the box's corners, some outside.
                var body = new
                {
                    description = $"第{i}号：荆东社区楼道堆放杂物，堵塞消防通道，请尽快清理",
                    longitude = lon + ((random.NextDouble() - 0.5) * 0.005),
                    latitude = lat + ((random.NextDouble() - 0.5) * 0.004),
                    categoryCode = (i % 3) switch { 0 => "P0101", 1 => "E0101", _ => null },
                    anonymous = true,
                };
                codes.Add((await ReadAsync<ReportReceipt>(await ReportAsync(i % 2 == 0 ? onThis : onOther, body))).TrackingCode);
            }

            // Some are closed meanwhile (rejected): on this node, and on the other, which this one learns from the refresh.
            await RejectAsync(app, [.. codes.Where((_, i) => i % 10 == 2)]);
            await RejectAsync(other, [.. codes.Where((_, i) => i % 10 == 7)]);

            // The whole window, and windows starting at the 13th and the 25th report.
            var starts = new List<DateTimeOffset?> { null };
            foreach (var k in new[] { 12, 24 })
            {
                starts.Add(await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().Where(c => c.TrackingCode == codes[k]).Select(c => c.ReportedAt).SingleAsync()));
            }

            foreach (var since in starts)
            {
                foreach (var related in new[] { null, "P01", "E01" })
                {
                    var (fromIndex, fromQuery) = await CandidatesAsync(app, lon, lat, related, refreshAfter: TimeSpan.FromMinutes(15), since);

                    Assert.NotNull(fromIndex);
                    Assert.NotEmpty(fromQuery);
                    AssertSameCandidates(fromQuery, fromIndex);
                }
            }
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_case_closed_through_another_node_is_no_longer_proposed_once_the_index_has_refreshed()
    {
        var database = await TestDatabase.CreateAsync();
        try
        {
            // Reports wait to be filed (no automatic dispatch), so a person can still reject them.
            await using var first = new NodeApp(database, refreshMilliseconds: 0, autoDispatch: false);
            await first.InitializeAsync();
            await using var second = new NodeApp(database, refreshMilliseconds: 0, autoDispatch: false);
            await second.InitializeAsync();
            var (lon, lat) = await PointInAsync(first, OtherGrid);
            var body = new { description = $"荆东社区东门外人行道上的井盖缺失了，晚上很危险 {Guid.NewGuid():N}", longitude = lon, latitude = lat, categoryCode = "P0101", anonymous = true };
            using var onFirst = first.CreateClient();
            using var onSecond = second.CreateClient();

            var original = await ReadAsync<ReportReceipt>(await ReportAsync(onFirst, body));
            var repeat = await ReadAsync<ReportReceipt>(await ReportAsync(onSecond, body));
            await RejectAsync(first, [original.TrackingCode, repeat.TrackingCode]);
            var afterwards = await ReadAsync<ReportReceipt>(await ReportAsync(onSecond, body));

            Assert.Equal(original.TrackingCode, repeat.PossibleDuplicateTrackingCode);
            Assert.Null(afterwards.PossibleDuplicateTrackingCode);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_case_rejected_on_this_node_leaves_its_index_when_the_rejection_commits_not_before(bool commit)
    {
        // No refresh during the test: what the index knows, it learned from this node's own commits.
        await OnOneNodeAsync(async (app, report) =>
        {
            var original = await report();
            await RejectAsync(app, [original.TrackingCode], commit);
            var again = await report();

            Assert.Equal(commit ? null : original.TrackingCode, again.PossibleDuplicateTrackingCode);
        });
    }

    [Fact]
    public async Task With_the_index_off_a_node_remembers_none_of_its_closings()
    {
        await OnOneNodeAsync(
            async (app, report) =>
            {
                var original = await report();
                await RejectAsync(app, [original.TrackingCode]);

                Assert.Equal(0, app.Services.GetRequiredService<RecentCaseIndex>().RememberedClosings);
            },
            capacity: 0);
    }

    [Fact]
    public async Task A_refresh_that_read_a_case_before_this_node_rejected_it_does_not_bring_it_back()
    {
        await OnOneNodeAsync(async (app, report) =>
        {
            var original = await report();
            var open = await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().Where(c => c.Id == original.Id).Select(c => new { c.Status, c.Version }).SingleAsync());

            await RejectAsync(app, [original.TrackingCode]);

            // The refresh's read raced the rejection: it saw the case still open (its row as it was), and applies that
            // after the rejection's commit reached the index.
            async Task<int> SetAsync(CaseStatus status, long version) => await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters()
                .Where(c => c.Id == original.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, status).SetProperty(c => c.Version, version)));
            var rejected = await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().Where(c => c.Id == original.Id).Select(c => new { c.Status, c.Version }).SingleAsync());
            await SetAsync(open.Status, open.Version);
            await RefreshAsync(app, TimeSpan.FromMinutes(15));
            await SetAsync(rejected.Status, rejected.Version);

            var again = await report();

            Assert.Equal(CaseStatus.Rejected, rejected.Status);
            Assert.True(rejected.Version > open.Version);
            Assert.Null(again.PossibleDuplicateTrackingCode);
            Assert.Equal(1, app.Services.GetRequiredService<RecentCaseIndex>().RememberedClosings);
        });
    }

    [Fact]
    public async Task A_check_reaching_past_what_a_full_index_holds_is_answered_by_the_database()
    {
        var database = await TestDatabase.CreateAsync();
        try
        {
            await using var app = new NodeApp(database, refreshMilliseconds: 60_000, capacity: 2);
            await app.InitializeAsync();
            var (lon, lat) = await PointInAsync(app, OtherGrid);
            var (otherLon, otherLat) = await PointInAsync(app, Grid);
            using var client = app.CreateClient();
            var body = new { description = $"荆东社区东门外人行道上的井盖缺失了，晚上很危险 {Guid.NewGuid():N}", longitude = lon, latitude = lat, categoryCode = "P0101", anonymous = true };

            var original = await ReadAsync<ReportReceipt>(await ReportAsync(client, body));
            for (var i = 0; i < 3; i++)
            {
                // Elsewhere: they push the original out of the two-entry index.
                await ReadAsync<ReportReceipt>(await ReportAsync(client, new { description = $"茶东社区{i}号楼前路灯不亮", longitude = otherLon, latitude = otherLat, categoryCode = "P0101", anonymous = true }));
            }

            var repeat = await ReadAsync<ReportReceipt>(await ReportAsync(client, body));

            Assert.Equal(2, app.Services.GetRequiredService<RecentCaseIndex>().Count);
            Assert.Equal(original.TrackingCode, repeat.PossibleDuplicateTrackingCode);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Around_a_busy_point_the_index_gives_the_query_s_newest_candidates_across_its_map_cells()
    {
        var database = await TestDatabase.CreateAsync();
        try
        {
            await using var app = new NodeApp(database, refreshMilliseconds: 600_000, autoDispatch: false);
            await app.InitializeAsync();
            var (lon, lat) = await PointInAsync(app, OtherGrid);

            // 600 reports of the last two days within about 200 m of the point, written before the index first loads:
            // about 300 lie within the 150 m radius, more than the 200 a check compares, spread over several map cells.
            var random = new Random(20261128);
            var reports = await app.AsSystemAsync(async services =>
            {
                var db = services.GetRequiredService<FengqiaoDbContext>();
                var calendar = await services.GetRequiredService<WorkingCalendarProvider>().GetAsync();
                var now = (await services.GetRequiredService<CaseClock>().NowAsync(default)).Now;
                var written = new List<Case>();
                for (var i = 0; i < 600; i++)
                {
                    var (x, y) = (lon + ((random.NextDouble() - 0.5) * 0.004), lat + ((random.NextDouble() - 0.5) * 0.0034));
                    var details = new NewCase(
                        TrackingCodes.New(), CaseChannel.Resident, $"第{i}号：楼道堆放杂物", "荆东社区楼道堆放杂物，堵塞消防通道。", "荆东社区楼道堆放杂物，堵塞消防通道。",
                        null, x, y, false, "/32/3202/320282/320282001/320282001002/320282001002001/", OtherGrid, "320282001002", false, null,
                        null, null, null, true, null, CasePriority.Normal, null, null, 0, [], null, false);
                    written.Add(Case.Report(details, ActorStamp.Reporter(null, "居民"), new StageClock(calendar, new DeadlineOptions(), now.AddMinutes(-random.Next(1, 48 * 60)))));
                }

                db.Set<Case>().AddRange(written);
                await db.SaveChangesAsync();
                return written;
            });

            var (fromIndex, fromQuery) = await CandidatesAsync(app, lon, lat, related: null, refreshAfter: TimeSpan.Zero);

            Assert.NotNull(fromIndex);
            AssertSameCandidates(fromQuery, fromIndex);
            var chosen = fromQuery.Select(c => c.Id).ToHashSet();
            var leftOut = reports.Where(r => !chosen.Contains(r.Id) && DuplicateFinder.DistanceMetres(lon, lat, r.Longitude!.Value, r.Latitude!.Value) <= 150).ToList();
            Assert.NotEmpty(leftOut); // the cap bites
            Assert.All(leftOut, r => Assert.True(r.ReportedAt <= fromQuery.Min(c => c.ReportedAt), "an older case was compared instead of a newer one"));
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_filed_case_is_a_candidate_only_for_reports_of_a_related_category_also_after_a_person_recategorises_it()
    {
        var database = await TestDatabase.CreateAsync();
        try
        {
            // Automatic dispatch on: a located report with a category is filed under it at once.
            await using var app = new NodeApp(database, refreshMilliseconds: 600_000, autoDispatch: true);
            await app.InitializeAsync();
            var (lon, lat) = await PointInAsync(app, OtherGrid);
            using var client = app.CreateClient();
            string[] problems = ["人行道井盖缺失，晚上很危险", "广场舞音乐声音太大影响休息", "路灯不亮已经三天了", "小区门口垃圾无人清运", "消防栓漏水严重", "邻居装修噪音扰民", "窨井盖破损需要更换", "楼下餐馆油烟直排"];
            var codes = new List<string>();
            for (var i = 0; i < problems.Length; i++)
            {
                var category = i % 2 == 0 ? "P0101" : "E0101";
                var filed = await ReadAsync<ReportReceipt>(await ReportAsync(client, new { description = problems[i], longitude = lon + (i * 0.0002), latitude = lat, categoryCode = category, anonymous = true }));
                Assert.False(filed.NeedsTriage);
                codes.Add(filed.TrackingCode);
            }

            // The first (a city-parts case, P0101) is moved by a person to a social-governance category (E0101).
            var moved = codes[0];
            var before = await CandidatesAsync(app, lon, lat, "P01", TimeSpan.Zero);
            await app.AsSystemAsync(async services =>
            {
                var db = services.GetRequiredService<FengqiaoDbContext>();
                var clock = await services.GetRequiredService<CaseClock>().NowAsync(default);
                var version = await db.Set<CategoryVersion>().Where(v => v.CategoryCode == "E0101").OrderByDescending(v => v.Number).FirstAsync();
                var report = await db.Set<Case>().IgnoreQueryFilters().SingleAsync(c => c.TrackingCode == moved);
                report.Recategorise(version, ActorStamp.System, clock);
                await db.SaveChangesAsync();
                return 0;
            });

            Assert.Contains(before.FromIndex!, c => c.TrackingCode == moved);
            foreach (var related in new[] { null, "P01", "E01", "E", "E0101" })
            {
                var (fromIndex, fromQuery) = await CandidatesAsync(app, lon, lat, related, TimeSpan.Zero);

                Assert.NotNull(fromIndex);
                AssertSameCandidates(fromQuery, fromIndex);
                Assert.Equal(related switch { null => 8, "P01" => 3, _ => 5 }, fromIndex.Count);
                Assert.Equal(related is not "P01", fromIndex.Any(c => c.TrackingCode == moved));
            }
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    /// <summary>The same cases at the same distances; the index gives them newest first, the query nearest first.</summary>
    private static void AssertSameCandidates(IReadOnlyList<NearbyCase> fromQuery, IReadOnlyList<NearbyCase>? fromIndex) =>
        Assert.Equal(
            fromQuery.Select(c => (c.Id, c.TrackingCode, c.DistanceMetres)).OrderBy(c => c.Id),
            fromIndex!.Select(c => (c.Id, c.TrackingCode, c.DistanceMetres)).OrderBy(c => c.Id));

    /// <summary>
    /// The candidates from the node's index and from the query, for the 72-hour window or one starting at
    /// <paramref name="windowStart"/>; the index refreshes as if <paramref name="refreshAfter"/> had passed.
    /// </summary>
    private static async Task<(IReadOnlyList<NearbyCase>? FromIndex, IReadOnlyList<NearbyCase> FromQuery)> CandidatesAsync(
        FengqiaoApp app, double lon, double lat, string? related, TimeSpan refreshAfter, DateTimeOffset? windowStart = null)
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<FengqiaoDbContext>();
        var now = (await services.GetRequiredService<CaseClock>().NowAsync(default)).Now;
        var since = windowStart ?? now.AddHours(-72);
        var index = services.GetRequiredService<RecentCaseIndex>();
        await index.EnsureCurrentAsync(db, now + refreshAfter, default);
        var fromIndex = index.Candidates(lon, lat, since, 150, related);
        var fromQuery = await services.GetRequiredService<DuplicateFinder>().QueryCandidatesAsync(lon, lat, since, 150, related, default);
        return (fromIndex, fromQuery);
    }

    /// <summary>
    /// One node on a fresh database, without refreshes during the test and without automatic dispatch (a person can
    /// still reject a report); <c>report</c> files the same manhole report again each time it is called.
    /// </summary>
    private static async Task OnOneNodeAsync(Func<NodeApp, Func<Task<ReportReceipt>>, Task> test, int capacity = 200_000)
    {
        var database = await TestDatabase.CreateAsync();
        try
        {
            await using var app = new NodeApp(database, refreshMilliseconds: 600_000, capacity: capacity, autoDispatch: false);
            await app.InitializeAsync();
            var (lon, lat) = await PointInAsync(app, OtherGrid);
            var body = new { description = $"荆东社区东门外人行道上的井盖缺失了，晚上很危险 {Guid.NewGuid():N}", longitude = lon, latitude = lat, categoryCode = "P0101", anonymous = true };
            using var client = app.CreateClient();
            await test(app, async () => await ReadAsync<ReportReceipt>(await ReportAsync(client, body)));
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    /// <summary>The node's index refreshed as if <paramref name="after"/> had passed since now.</summary>
    private static async Task RefreshAsync(FengqiaoApp app, TimeSpan after)
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var now = (await services.GetRequiredService<CaseClock>().NowAsync(default)).Now;
        await services.GetRequiredService<RecentCaseIndex>().EnsureCurrentAsync(services.GetRequiredService<FengqiaoDbContext>(), now + after, default);
    }

    /// <summary>Rejects the cases as invalid, as a person in the triage queue would (in the domain, through the context).</summary>
    private static async Task RejectAsync(FengqiaoApp app, IReadOnlyList<string> trackingCodes, bool commit = true)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FengqiaoDbContext>();
        var clock = await scope.ServiceProvider.GetRequiredService<CaseClock>().NowAsync(default);
        await using var transaction = await db.Database.BeginTransactionAsync();
        foreach (var report in await db.Set<Case>().IgnoreQueryFilters().Where(c => trackingCodes.Contains(c.TrackingCode)).ToListAsync())
        {
            report.Reject(RejectionReason.Invalid, "测试：无效上报", null, ActorStamp.System, clock);
        }

        await db.SaveChangesAsync();
        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }
    }

    private sealed class NodeApp(TestDatabase database, int refreshMilliseconds, int capacity = 200_000, bool autoDispatch = true) : FengqiaoApp(database)
    {
        protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
        {
            ["Cases:Intake:AutoDispatch"] = autoDispatch ? "true" : "false",
            ["Cases:Intake:DuplicateIndexRefreshMilliseconds"] = refreshMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cases:Intake:DuplicateIndexCapacity"] = capacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
