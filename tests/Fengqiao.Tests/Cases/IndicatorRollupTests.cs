using System.Text.Json;
using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Deadlines;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Indicators;
using Fengqiao.Cases.Indicators.Rollups;
using Fengqiao.Cases.Intake;
using Fengqiao.Kernel.Calendar;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Time;
using Fengqiao.Kernel.Units;
using Fengqiao.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Fengqiao.Tests.Cases.CaseFixtures;

namespace Fengqiao.Tests.Cases;

/// <summary>
/// 指标日汇总 (ADR 0018): the indicators a unit or department gets from the daily roll-ups are exactly what the live
/// aggregate over the cases returns — after a refresh, with buckets changed since (dirty), after a rebuild, and after
/// two refreshers ran at once. 48 cases over two grids and a community of 宜城街道 and a community of another street,
/// six Shanghai days with reports at 00:10 and 23:40 (the day boundary is 16:00 UTC), some assigned to 城管 "cg";
/// reported, rejected, filed late, suspended, reworked, closed on the spot and rated cases.
/// The refresher runs only when a test calls it.
/// </summary>
public sealed class IndicatorRollupTests(IndicatorRollupTests.RollupsApp app) : IClassFixture<IndicatorRollupTests.RollupsApp>
{
    private const string Street = "320282001";
    private const string County = "320282";
    private static readonly DateOnly FirstDay = new(2026, 4, 6);

    private static readonly (string Query, string User)[] Scopes =
    [
        ($"unit={Street}&from=2026-04-06&to=2026-04-13", "street"),
        ($"unit={Street}&from=2026-04-07&to=2026-04-08", "street"),
        ($"unit={Community}&from=2026-04-01&to=2026-05-01", "street"),
        ($"unit={Grid}&from=2026-04-06&to=2026-04-13", "street"),
        ($"unit={Street}&department=cg&from=2026-04-06&to=2026-04-13", "street"),
        ($"unit={County}&from=2026-04-06&to=2026-04-13", "supervisor"),
        ($"unit={County}&department=cg&from=2026-04-08&to=2026-04-10", "supervisor"),
    ];

    [Fact]
    public async Task After_a_refresh_every_scope_sums_clean_roll_ups_to_exactly_the_live_counts()
    {
        await RefreshAsync();
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<CaseIndicatorDirty>().CountAsync()));
        Assert.True(await app.WithDbAsync(db => db.Set<CaseIndicatorDay>().CountAsync()) > 20);

        await AssertEveryScopeMatchesLiveAsync();

        // The fixture is realistic enough to exercise every measure in the street's week.
        var week = await ViaApiAsync(Scopes[0]);
        Assert.Equal(36, week.Reported); // 12 of the 48 are in the other street
        Assert.True(week.Closing.Numerator > 0 && week.Rework.Numerator > 0 && week.Suspended > 0 && week.Hotline.Response.Numerator > 0);
        Assert.True(week.Satisfaction.Denominator > week.Satisfaction.Numerator);
        Assert.All(week.StageTimes, s => Assert.NotNull(s.AverageWorkingHours));
    }

    [Fact]
    public async Task A_case_changed_after_the_refresh_counts_at_once_in_its_old_and_new_buckets()
    {
        await RefreshAsync();
        var before = await ViaApiAsync(Scopes[0]);
        var beforeCg = await ViaApiAsync(Scopes[4]);

        var (moved, movedDay) = await app.AsSystemAsync(async services =>
        {
            var db = services.GetRequiredService<FengqiaoDbContext>();
            var clock = new StageClock(await services.GetRequiredService<WorkingCalendarProvider>().GetAsync(), new DeadlineOptions(), DateTimeOffset.UtcNow);
            var users = await db.Users.Where(u => u.UserName == "grid2" || u.UserName == "supervisor" || u.UserName == "street")
                .ToDictionaryAsync(u => u.UserName!, u => u.Id);
            var open = await db.Set<Case>().Include(c => c.TierSteps)
                .Where(c => c.Status == CaseStatus.Dispatched && c.UnitPath.StartsWith("/32/3202/320282/320282001/"))
                .OrderBy(c => c.TrackingCode).ToListAsync();

            // The fixture's week only: other tests of the class report cases today, outside the scopes compared here.
            open = open.Where(c => c.ReportedAt < ChinaTime.At(FirstDay.AddDays(7), TimeOnly.MinValue)).ToList();

            // Closed and rated: a grid case of 宜城街道.
            var close = open.First(c => c.AssignedDepartmentCode is null && c.HolderLevel == UnitLevel.Grid);
            var worker = new ActorStamp(users["grid2"], "赵网格", "grid-worker", close.HolderUnitCode!);
            close.Accept(worker, clock);
            close.RequestClose("已处理完毕。", worker, clock);
            close.Verify(true, "现场核实已处理。", new ActorStamp(users["supervisor"], "陈督办", "supervisor", County), clock);
            close.Rate(2, "处理太慢。", ActorStamp.Reporter(null, "居民"), clock);

            // Handed down from 城管 to the street: it leaves the "cg" bucket for the one without a department.
            var handDown = open.First(c => c.AssignedDepartmentCode == "cg");
            handDown.HandDown(new HolderTarget(UnitLevel.Street, Street, null), "属街道职责，下派处理。", new ActorStamp(users["street"], "周晓燕", "street-officer", Street), clock);
            await db.SaveChangesAsync();
            return (handDown.UnitPath, DateOnly.FromDateTime(ChinaTime.ToLocal(handDown.ReportedAt).DateTime));
        });

        var marks = await app.WithDbAsync(db => db.Set<CaseIndicatorDirty>().Where(d => d.UnitPath == moved && d.Day == movedDay && d.CaseId == null)
            .Select(d => d.DepartmentCode).Distinct().ToListAsync());
        Assert.Equal(["", "cg"], marks.Order().ToList());

        var after = await ViaApiAsync(Scopes[0]);
        var afterCg = await ViaApiAsync(Scopes[4]);
        Assert.Equal(before.Closing.Numerator + 1, after.Closing.Numerator);
        Assert.Equal(before.Satisfaction.Denominator + 1, after.Satisfaction.Denominator);
        Assert.Equal(before.Satisfaction.Numerator, after.Satisfaction.Numerator);
        Assert.Equal(beforeCg.Reported - 1, afterCg.Reported);
        await AssertEveryScopeMatchesLiveAsync();

        await RefreshAsync();
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<CaseIndicatorDirty>().CountAsync()));
        await AssertEveryScopeMatchesLiveAsync();
    }

    [Fact]
    public async Task A_report_written_by_intakes_group_commit_marks_its_bucket_and_counts_in_the_roll_ups_at_once()
    {
        await RefreshAsync();
        using var anonymous = app.CreateClient();
        var response = await ReportAsync(anonymous, new { description = "小区东门垃圾桶满溢，气味很大，请尽快清运。", unitCode = Grid, categoryCode = "E0102", anonymous = true });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var receipt = await ReadAsync<ReportReceipt>(response);

        // The intake writer appends without SaveChanges, so it adds the mark its interceptor would have added: one
        // naming the new case.
        var (path, day) = await BucketOfAsync(receipt.Id);
        Assert.True(await app.WithDbAsync(db => db.Set<CaseIndicatorDirty>().AnyAsync(d => d.UnitPath == path && d.Day == day && d.DepartmentCode == "" && d.CaseId == receipt.Id)));

        var scope = ($"unit={Grid}&from={day:yyyy-MM-dd}&to={day.AddDays(1):yyyy-MM-dd}", "street");
        Assert.True((await ViaApiAsync(scope)).Reported >= 1);
        await AssertEveryScopeMatchesLiveAsync([scope]);
    }

    [Fact]
    public async Task A_bucket_marked_only_by_new_cases_has_them_added_to_its_row_and_a_change_makes_it_aggregate_again()
    {
        await RefreshAsync();
        using var anonymous = app.CreateClient();
        var first = await ReadAsync<ReportReceipt>(await ReportAsync(anonymous, new { description = "健康路南段三盏路灯不亮，晚上很黑。", unitCode = Grid, categoryCode = "E0102", anonymous = true }));
        await RefreshAsync();
        var (path, day) = await BucketOfAsync(first.Id);
        var counted = await ReportedInAsync(path, day);

        // A count no case gives: a refresh that aggregated the bucket again would drop it, one that adds the new case keeps it.
        await app.WithDbAsync(db => db.Set<CaseIndicatorDay>().Where(d => d.UnitPath == path && d.DepartmentCode == "" && d.Day == day)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.Reported, d => d.Reported + 1000)));
        var second = await ReadAsync<ReportReceipt>(await ReportAsync(anonymous, new { description = "小区北门垃圾桶满溢，请尽快清运。", unitCode = Grid, categoryCode = "E0102", anonymous = true }));
        Assert.Equal((path, day), await BucketOfAsync(second.Id));
        await RefreshAsync();

        Assert.Equal(counted + 1000 + 1, await ReportedInAsync(path, day));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<CaseIndicatorDirty>().CountAsync()));

        // A change to a case already counted (a mark naming none) makes the next refresh aggregate the bucket again.
        await app.WithDbAsync(db =>
        {
            db.Set<CaseIndicatorDirty>().Add(new CaseIndicatorDirty { UnitPath = path, DepartmentCode = "", Day = day });
            return db.SaveChangesAsync();
        });
        await RefreshAsync();
        Assert.Equal(counted + 1, await ReportedInAsync(path, day));
        await AssertEveryScopeMatchesLiveAsync([($"unit={Grid}&from={day:yyyy-MM-dd}&to={day.AddDays(1):yyyy-MM-dd}", "street")]);
    }

    [Fact]
    public async Task New_cases_added_to_empty_and_to_existing_rows_give_the_rows_a_rebuild_gives()
    {
        await RefreshAsync();
        var expected = await RowsAsync();

        // Half the cases are added to rows that do not exist yet, then the other half to the rows the first half made.
        await app.WithDbAsync(db => db.Set<CaseIndicatorDay>().ExecuteDeleteAsync());
        Assert.True(await MarkCasesAsNewAsync(i => i % 2 == 0) > 20);
        await RefreshAsync();
        Assert.NotEqual(expected, await RowsAsync());
        await MarkCasesAsNewAsync(i => i % 2 == 1);
        await RefreshAsync();

        Assert.Equal(0, await app.WithDbAsync(db => db.Set<CaseIndicatorDirty>().CountAsync()));
        Assert.Equal(expected, await RowsAsync());
        await AssertEveryScopeMatchesLiveAsync();
    }

    [Fact]
    public async Task A_bucket_aggregated_again_clears_the_marks_of_new_cases_it_counted_even_those_after_the_refresh_began()
    {
        await RefreshAsync();
        var expected = await RowsAsync();
        var counted = await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.AssignedDepartmentCode == null).OrderBy(c => c.ReportedAt).Select(c => new { c.Id, c.UnitPath, c.ReportedAt }).FirstAsync());
        var (path, _, day) = CaseIndicatorDirtyMarker.Bucket(counted.UnitPath, null, counted.ReportedAt);

        // A change marks the bucket and a refresh begins (it takes the buckets marked so far); then, before its round
        // reads, a case is reported into the bucket — as here, where the case's insertion mark comes after the refresh's
        // last. The round aggregates the whole bucket, this case with it, so it must clear that case's mark too: left
        // behind, the next refresh would add the case to the row a second time.
        var upTo = await app.WithDbAsync(async db =>
        {
            var change = new CaseIndicatorDirty { UnitPath = path, DepartmentCode = "", Day = day };
            db.Set<CaseIndicatorDirty>().Add(change);
            await db.SaveChangesAsync();
            db.Set<CaseIndicatorDirty>().Add(new CaseIndicatorDirty { UnitPath = path, DepartmentCode = "", Day = day, CaseId = counted.Id });
            await db.SaveChangesAsync();
            return change.Id;
        });
        Assert.Equal(1, await app.AsSystemAsync(sp => sp.GetRequiredService<IndicatorRollups>().RefreshRoundAsync(10, CancellationToken.None, upTo)));
        await RefreshAsync();

        Assert.Equal(0, await app.WithDbAsync(db => db.Set<CaseIndicatorDirty>().CountAsync()));
        Assert.Equal(expected, await RowsAsync());
    }

    [Fact]
    public async Task A_rebuild_from_empty_roll_ups_gives_the_same_rows_and_indicators()
    {
        await RefreshAsync();
        var refreshed = await RowsAsync();

        await app.WithDbAsync(async db =>
        {
            await db.Set<CaseIndicatorDay>().ExecuteDeleteAsync();
            return 0;
        });
        var rebuilt = await app.AsSystemAsync(sp => sp.GetRequiredService<IndicatorRollups>().RebuildIfNeededAsync(CancellationToken.None));
        var again = await app.AsSystemAsync(sp => sp.GetRequiredService<IndicatorRollups>().RebuildIfNeededAsync(CancellationToken.None));

        Assert.True(rebuilt);
        Assert.False(again);
        Assert.Equal(refreshed, await RowsAsync());
        await AssertEveryScopeMatchesLiveAsync();
    }

    [Fact]
    public async Task A_rebuild_backfills_the_stage_working_times_of_cases_stored_before_they_were_kept()
    {
        await RefreshAsync();
        var refreshed = await RowsAsync();
        var stored = await StageTimesAsync();
        Assert.Contains(stored, c => c.Disposal > 0);

        // As after the StageWorkingTime migration: the new columns of the existing cases are NULL, and the roll-ups still
        // hold figures from before.
        await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().ExecuteUpdateAsync(u => u
            .SetProperty(c => c.StatusSince, (DateTimeOffset?)null)
            .SetProperty(c => c.FilingWorkingMicroseconds, (long?)null)
            .SetProperty(c => c.DispatchWorkingMicroseconds, (long?)null)
            .SetProperty(c => c.DisposalWorkingMicroseconds, (long?)null)
            .SetProperty(c => c.VerificationWorkingMicroseconds, (long?)null)));

        // A node's start sees cases to backfill even though roll-ups exist; the backfill replays each timeline.
        var rebuilt = await app.AsSystemAsync(sp => sp.GetRequiredService<IndicatorRollups>().RebuildIfNeededAsync(CancellationToken.None));
        var again = await app.AsSystemAsync(sp => sp.GetRequiredService<IndicatorRollups>().RebuildIfNeededAsync(CancellationToken.None));

        Assert.True(rebuilt);
        Assert.False(again);
        Assert.Equal(stored, await StageTimesAsync());
        Assert.Equal(refreshed, await RowsAsync());
        await AssertEveryScopeMatchesLiveAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Two_refreshers_at_once_leave_every_bucket_exact_and_no_mark_behind(bool marksNameNewCases)
    {
        await RefreshAsync();
        var expected = await RowsAsync();

        // Every bucket stale and marked (by changes, or by its cases as new), then two hosts' refreshers race in small rounds.
        if (marksNameNewCases)
        {
            await app.WithDbAsync(db => db.Set<CaseIndicatorDay>().ExecuteDeleteAsync());
            await MarkCasesAsNewAsync(_ => true);
        }
        else
        {
            await StaleEveryBucketAsync();
        }

        async Task<int> RefresherAsync()
        {
            await using var scope = app.Services.CreateAsyncScope();
            var rollups = scope.ServiceProvider.GetRequiredService<IndicatorRollups>();
            var total = 0;
            int done;
            do
            {
                done = await rollups.RefreshRoundAsync(3, CancellationToken.None);
                total += done;
            }
            while (done > 0);
            return total;
        }

        var counts = await Task.WhenAll(RefresherAsync(), RefresherAsync());

        Assert.Equal(expected.Count, counts.Sum());
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<CaseIndicatorDirty>().CountAsync()));
        Assert.Equal(expected, await RowsAsync());
        await AssertEveryScopeMatchesLiveAsync();
    }

    [Fact]
    public async Task A_refresh_with_more_dirty_buckets_than_one_round_recomputes_them_all_round_after_round()
    {
        await RefreshAsync();
        var expected = await RowsAsync();
        await StaleEveryBucketAsync();

        var outcome = await app.AsSystemAsync(sp => RollupsWith(sp, bucketsPerRound: 4).RefreshAsync(CancellationToken.None));
        var done = outcome.Buckets;

        Assert.True(expected.Count > 3 * 4, $"the fixture has {expected.Count} buckets: too few for several rounds");
        Assert.Equal(expected.Count, done);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<CaseIndicatorDirty>().CountAsync()));
        Assert.Equal(expected, await RowsAsync());
    }

    [Fact]
    public async Task A_refresh_under_steady_marking_recomputes_the_buckets_marked_before_it_began_and_ends()
    {
        await RefreshAsync();
        var expected = await RowsAsync();
        await StaleEveryBucketAsync();
        var first = await app.WithDbAsync(db => db.Set<CaseIndicatorDirty>().OrderBy(d => d.Id).Select(d => new { d.UnitPath, d.DepartmentCode, d.Day }).FirstAsync());
        var rounds = 0;

        // Rounds of one bucket, and during every round a case of the first bucket changes again, as under steady intake.
        var done = await app.AsSystemAsync(sp =>
        {
            var rollups = RollupsWith(sp, bucketsPerRound: 1);
            rollups.AfterDirtyBucketsRead = async () =>
            {
                rounds++;
                await app.WithDbAsync(db =>
                {
                    db.Set<CaseIndicatorDirty>().Add(new CaseIndicatorDirty { UnitPath = first.UnitPath, DepartmentCode = first.DepartmentCode, Day = first.Day });
                    return db.SaveChangesAsync();
                });
            };
            return rollups.RefreshAsync(CancellationToken.None);
        });

        Assert.Equal(expected.Count, done.Buckets);
        Assert.Equal(expected.Count, rounds);
        var left = await app.WithDbAsync(db => db.Set<CaseIndicatorDirty>().Select(d => new { d.UnitPath, d.DepartmentCode, d.Day }).ToListAsync());
        Assert.Equal(rounds, left.Count);
        Assert.All(left, mark => Assert.Equal(first, mark));
        Assert.Equal(expected, await RowsAsync());
        await AssertEveryScopeMatchesLiveAsync();
    }

    [Fact]
    public async Task Between_rounds_a_refresh_rests_three_times_as_long_as_the_round_took()
    {
        await RefreshAsync();
        var expected = await RowsAsync();
        await StaleEveryBucketAsync();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var starts = new System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset>();

        // Rounds of one bucket; each takes 100 ms on the refresher's clock, which otherwise moves in steps of 10 ms.
        var refresh = app.AsSystemAsync(sp =>
        {
            var rollups = RollupsWith(sp, bucketsPerRound: 1, time);
            rollups.AfterDirtyBucketsRead = () =>
            {
                starts.Enqueue(time.GetUtcNow());
                time.Advance(TimeSpan.FromMilliseconds(100));
                return Task.CompletedTask;
            };
            return rollups.RefreshAsync(CancellationToken.None);
        });
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!refresh.IsCompleted && waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Delay(1);
        }

        var outcome = await refresh;
        Assert.Equal(expected.Count, outcome.Buckets);
        Assert.Equal(expected, await RowsAsync());
        var gaps = starts.Zip(starts.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToList();
        Assert.Equal(expected.Count - 1, gaps.Count);
        Assert.All(gaps, gap => Assert.True(gap >= 400, $"{gap} ms from one round's start to the next: 100 ms of work, then at least 300 ms of rest"));

        // The outcome counts the rounds (one a bucket) and their work (at least 100 ms each), not the rests between them,
        // which take three quarters of the time from the first round to the last.
        Assert.Equal(expected.Count, outcome.Rounds);
        Assert.InRange(outcome.Work, TimeSpan.FromMilliseconds(100 * expected.Count), starts.Last() - starts.First());
    }

    [SqliteFact]
    public async Task On_sqlite_a_change_marked_after_the_rounds_snapshot_stays_marked_while_the_rest_is_written()
    {
        await RefreshAsync();
        var expected = await RowsAsync();
        await StaleEveryBucketAsync();
        var late = await app.WithDbAsync(db => db.Set<CaseIndicatorDirty>().OrderBy(d => d.Id).Select(d => new { d.UnitPath, d.DepartmentCode, d.Day }).FirstAsync());

        var done = await RefreshOnceAsync(async () => await app.WithDbAsync(db =>
        {
            // As the dirty marker does when a case of that bucket changes while the round aggregates.
            db.Set<CaseIndicatorDirty>().Add(new CaseIndicatorDirty { UnitPath = late.UnitPath, DepartmentCode = late.DepartmentCode, Day = late.Day });
            return db.SaveChangesAsync();
        }));

        Assert.Equal(expected.Count, done);
        var left = await app.WithDbAsync(db => db.Set<CaseIndicatorDirty>().Select(d => new { d.UnitPath, d.DepartmentCode, d.Day }).ToListAsync());
        Assert.Equal([late], left);
        Assert.Equal(expected, await RowsAsync());
        await AssertEveryScopeMatchesLiveAsync();
    }

    [SqliteFact]
    public async Task On_sqlite_a_bucket_another_refresher_wrote_after_the_rounds_snapshot_is_left_as_that_refresher_wrote_it()
    {
        await RefreshAsync();
        var expected = await RowsAsync();
        await StaleEveryBucketAsync();

        // The other refresher recomputes everything, then a case changes in one bucket after it: that bucket's row is
        // now older than its cases, and its new mark says so. The first round must neither write over nor unmark it.
        var marked = await RefreshOnceAsync(async () =>
        {
            Assert.Equal(expected.Count, await RefreshAsync());
            await app.WithDbAsync(async db =>
            {
                var row = await db.Set<CaseIndicatorDay>().OrderBy(d => d.UnitPath).ThenBy(d => d.Day).FirstAsync();
                await db.Set<CaseIndicatorDay>().Where(d => d.UnitPath == row.UnitPath && d.DepartmentCode == row.DepartmentCode && d.Day == row.Day)
                    .ExecuteUpdateAsync(u => u.SetProperty(d => d.Reported, d => d.Reported + 1000));
                db.Set<CaseIndicatorDirty>().Add(new CaseIndicatorDirty { UnitPath = row.UnitPath, DepartmentCode = row.DepartmentCode, Day = row.Day });
                return await db.SaveChangesAsync();
            });
        });

        Assert.Equal(expected.Count, marked);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<CaseIndicatorDirty>().CountAsync()));
        Assert.Single(await app.WithDbAsync(db => db.Set<CaseIndicatorDay>().Where(d => d.Reported >= 1000).ToListAsync()));
        await AssertEveryScopeMatchesLiveAsync();

        await RefreshAsync();
        Assert.Equal(expected, await RowsAsync());
    }

    [SqliteFact]
    public async Task On_sqlite_a_round_adds_new_cases_up_to_its_limit_and_the_next_rounds_take_the_rest()
    {
        await RefreshAsync();
        var expected = await RowsAsync();
        await app.WithDbAsync(db => db.Set<CaseIndicatorDay>().ExecuteDeleteAsync());
        await MarkCasesAsNewAsync(_ => true);

        // Every bucket has at least one new case, so with one new case a round each bucket is a round of its own,
        // although a round may take all of them.
        var outcome = await app.AsSystemAsync(sp => RollupsWith(sp, bucketsPerRound: 100, newCasesPerRound: 1).RefreshAsync(CancellationToken.None));

        Assert.True(expected.Count is > 3 and < 100, $"the fixture has {expected.Count} buckets");
        Assert.Equal(expected.Count, outcome.Buckets);
        Assert.Equal(expected.Count, outcome.Rounds);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<CaseIndicatorDirty>().CountAsync()));
        Assert.Equal(expected, await RowsAsync());
    }

    [Fact]
    public async Task A_refresh_adds_the_new_cases_marked_when_it_chose_its_buckets_and_leaves_later_ones_to_the_next()
    {
        await RefreshAsync();
        var expected = await RowsAsync();
        await app.WithDbAsync(db => db.Set<CaseIndicatorDay>().ExecuteDeleteAsync());
        await MarkCasesAsNewAsync(i => i % 2 == 0);
        var later = 0;

        // One bucket a round; after the first round's read the other half of the cases is reported (marked as new), so
        // the later rounds' snapshots see those marks in their buckets too, after the refresh chose them.
        var outcome = await app.AsSystemAsync(sp =>
        {
            var rollups = RollupsWith(sp, bucketsPerRound: 1);
            rollups.AfterDirtyBucketsRead = async () =>
            {
                if (later == 0)
                {
                    later = await MarkCasesAsNewAsync(i => i % 2 == 1);
                }
            };
            return rollups.RefreshAsync(CancellationToken.None);
        });

        Assert.True(outcome.Rounds > 3, $"the fixture gave {outcome.Rounds} rounds");
        Assert.True(later > 0);
        Assert.Equal(later, await app.WithDbAsync(db => db.Set<CaseIndicatorDirty>().CountAsync()));
        await RefreshAsync();
        Assert.Equal(expected, await RowsAsync());
        await AssertEveryScopeMatchesLiveAsync();
    }

    [SqliteFact]
    public async Task On_sqlite_new_cases_another_refresher_counted_after_the_rounds_snapshot_are_not_added_again()
    {
        await RefreshAsync();
        var expected = await RowsAsync();
        await app.WithDbAsync(db => db.Set<CaseIndicatorDay>().ExecuteDeleteAsync());
        await MarkCasesAsNewAsync(_ => true);
        (string UnitPath, string DepartmentCode, DateOnly Day) late = default;

        // Between the round's snapshot and its write another refresher adds every new case and clears their marks; then
        // one bucket's row goes and its cases are marked as new again, after the round's last mark, as if just reported.
        // The round must add none of the cases it saw (all counted now) and leave the later marks for the next refresh.
        var done = await RefreshOnceAsync(async () =>
        {
            Assert.Equal(expected.Count, await RefreshAsync());
            late = await app.WithDbAsync(async db =>
            {
                var row = await db.Set<CaseIndicatorDay>().AsNoTracking().OrderBy(d => d.UnitPath).ThenBy(d => d.Day).FirstAsync();
                await db.Set<CaseIndicatorDay>().Where(d => d.UnitPath == row.UnitPath && d.DepartmentCode == row.DepartmentCode && d.Day == row.Day)
                    .ExecuteDeleteAsync();
                return (row.UnitPath, row.DepartmentCode, row.Day);
            });
            await MarkCasesAsNewAsync(_ => true, bucket => bucket == late);
        });

        Assert.Equal(expected.Count, done);
        var left = await app.WithDbAsync(db => db.Set<CaseIndicatorDirty>().AsNoTracking().ToListAsync());
        Assert.NotEmpty(left);
        Assert.All(left, mark => Assert.Equal(late, (mark.UnitPath, mark.DepartmentCode, mark.Day)));
        Assert.Equal(expected.Count - 1, (await RowsAsync()).Count);
        await AssertEveryScopeMatchesLiveAsync();

        await RefreshAsync();
        Assert.Equal(expected, await RowsAsync());
    }

    /// <summary>
    /// The refresher of the scope <paramref name="sp"/> with rounds of <paramref name="bucketsPerRound"/> buckets (and on
    /// SQLite of <paramref name="newCasesPerRound"/> new cases, if given).
    /// </summary>
    private static IndicatorRollups RollupsWith(IServiceProvider sp, int bucketsPerRound, TimeProvider? time = null, int? newCasesPerRound = null) => new(
        sp.GetRequiredService<FengqiaoDbContext>(),
        sp.GetRequiredService<WorkingCalendarProvider>(),
        Options.Create(new IndicatorRollupOptions { BucketsPerRound = bucketsPerRound, NewCasesPerRound = newCasesPerRound }),
        time ?? TimeProvider.System);

    /// <summary>One round over every bucket on SQLite, with <paramref name="meanwhile"/> run between its snapshot and its write.</summary>
    private Task<int> RefreshOnceAsync(Func<Task> meanwhile) => app.AsSystemAsync(sp =>
    {
        var rollups = sp.GetRequiredService<IndicatorRollups>();
        rollups.AfterDirtyBucketsRead = meanwhile;
        return rollups.RefreshRoundAsync(IndicatorRollups.MaxBucketsPerRefresh, CancellationToken.None);
    });

    /// <summary>Every bucket stale: its row wiped and two marks left, as after changes no refresh has seen.</summary>
    private Task<int> StaleEveryBucketAsync() => app.WithDbAsync(async db =>
    {
        var keys = await db.Set<CaseIndicatorDay>().Select(d => new { d.UnitPath, d.DepartmentCode, d.Day }).ToListAsync();
        await db.Set<CaseIndicatorDay>().ExecuteDeleteAsync();
        db.Set<CaseIndicatorDirty>().AddRange(keys.SelectMany(k => Enumerable.Range(0, 2)
            .Select(_ => new CaseIndicatorDirty { UnitPath = k.UnitPath, DepartmentCode = k.DepartmentCode, Day = k.Day })));
        return await db.SaveChangesAsync();
    });

    /// <summary>
    /// Marks the cases <paramref name="which"/> picks (by their place in tracking-code order; only in the buckets
    /// <paramref name="inBucket"/> accepts, if given) as new in their buckets,
    /// as intake does for cases the roll-ups do not count yet; returns the number of marks.
    /// </summary>
    private Task<int> MarkCasesAsNewAsync(Func<int, bool> which, Func<(string UnitPath, string DepartmentCode, DateOnly Day), bool>? inBucket = null) => app.WithDbAsync(async db =>
    {
        var cases = await db.Set<Case>().IgnoreQueryFilters().AsNoTracking().OrderBy(c => c.TrackingCode)
            .Select(c => new { c.Id, c.UnitPath, c.AssignedDepartmentCode, c.ReportedAt }).ToListAsync();
        foreach (var item in cases.Where((_, i) => which(i)))
        {
            var (unitPath, department, day) = CaseIndicatorDirtyMarker.Bucket(item.UnitPath, item.AssignedDepartmentCode, item.ReportedAt);
            if (inBucket?.Invoke((unitPath, department, day)) == false)
            {
                continue;
            }

            db.Set<CaseIndicatorDirty>().Add(new CaseIndicatorDirty { UnitPath = unitPath, DepartmentCode = department, Day = day, CaseId = item.Id });
        }

        return await db.SaveChangesAsync();
    });

    private Task<(string UnitPath, DateOnly Day)> BucketOfAsync(Guid caseId) => app.WithDbAsync(async db =>
    {
        var stored = await db.Set<Case>().IgnoreQueryFilters().AsNoTracking().SingleAsync(c => c.Id == caseId);
        return (stored.UnitPath, DateOnly.FromDateTime(ChinaTime.ToLocal(stored.ReportedAt).DateTime));
    });

    private Task<int> ReportedInAsync(string unitPath, DateOnly day) => app.WithDbAsync(db =>
        db.Set<CaseIndicatorDay>().Where(d => d.UnitPath == unitPath && d.DepartmentCode == "" && d.Day == day).Select(d => d.Reported).SingleAsync());

    private Task<List<(Guid Id, DateTimeOffset? Since, long? Filing, long? Dispatch, long? Disposal, long? Verification)>> StageTimesAsync() =>
        app.WithDbAsync(async db => (await db.Set<Case>().IgnoreQueryFilters().AsNoTracking().OrderBy(c => c.TrackingCode)
                .Select(c => new { c.Id, c.StatusSince, c.FilingWorkingMicroseconds, c.DispatchWorkingMicroseconds, c.DisposalWorkingMicroseconds, c.VerificationWorkingMicroseconds })
                .ToListAsync())
            .Select(c => (c.Id, c.StatusSince, c.FilingWorkingMicroseconds, c.DispatchWorkingMicroseconds, c.DisposalWorkingMicroseconds, c.VerificationWorkingMicroseconds))
            .ToList());

    private async Task<int> RefreshAsync() => (await app.AsSystemAsync(sp => sp.GetRequiredService<IndicatorRollups>().RefreshAsync(CancellationToken.None))).Buckets;

    private Task<List<string>> RowsAsync() => app.WithDbAsync(async db =>
        (await db.Set<CaseIndicatorDay>().AsNoTracking().ToListAsync())
            .Select(r => JsonSerializer.Serialize(r))
            .Order(StringComparer.Ordinal)
            .ToList());

    /// <summary>Each scope through the API (roll-ups) against the calculator with roll-ups off (live), field by field.</summary>
    private async Task AssertEveryScopeMatchesLiveAsync(IEnumerable<(string Query, string User)>? scopes = null)
    {
        foreach (var scope in scopes ?? Scopes)
        {
            var viaRollups = await ViaApiAsync(scope);
            var parts = scope.Query.Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
            var live = await app.AsSystemAsync(sp => sp.GetRequiredService<IndicatorCalculator>().ComputeAsync(
                new IndicatorQuery(parts["unit"], parts.GetValueOrDefault("department"), null, DateOnly.Parse(parts["from"], System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(parts["to"], System.Globalization.CultureInfo.InvariantCulture)),
                useRollups: false,
                CancellationToken.None));
            Assert.Equal(Comparable(live), Comparable(viaRollups));
        }
    }

    private static string Comparable(IndicatorReport report) => JsonSerializer.Serialize(report with { ComputedAt = default }, Json);

    private async Task<IndicatorReport> ViaApiAsync((string Query, string User) scope)
    {
        using var client = await app.ClientForAsync(scope.User);
        return await ReadAsync<IndicatorReport>(await client.GetAsync($"/api/v1/cases/indicators?{scope.Query}"));
    }

    /// <summary>A fresh database with the cases; sweeper and refresher wait a day, so only the tests move them.</summary>
    public sealed class RollupsApp : FengqiaoApp
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await AsSystemAsync(async services =>
            {
                await new Cases(services).SeedAsync();
                return 0;
            });
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Cases:Deadlines:SweepInterval", "1.00:00:00");
            builder.UseSetting("Cases:Indicators:Rollups:RefreshInterval", "1.00:00:00");
        }
    }

    private sealed class Cases(IServiceProvider services)
    {
        private static readonly (string Path, string? Grid, string Community)[] Places =
        [
            ("/32/3202/320282/320282001/320282001001/320282001001001/", "320282001001001", "320282001001"),
            ("/32/3202/320282/320282001/320282001002/320282001002001/", "320282001002001", "320282001002"),
            ("/32/3202/320282/320282001/320282001001/", null, "320282001001"),
            ("/32/3202/320282/320282002/320282002001/", null, "320282002001"),
        ];

        private readonly FengqiaoDbContext _db = services.GetRequiredService<FengqiaoDbContext>();
        private WorkingCalendar _calendar = null!;
        private CategoryVersion _rubbish = null!;
        private Dictionary<string, Guid> _users = null!;

        public async Task SeedAsync()
        {
            _calendar = await services.GetRequiredService<WorkingCalendarProvider>().GetAsync();
            _rubbish = await _db.Set<CategoryVersion>().AsNoTracking().Where(v => v.CategoryCode == "E0102").OrderByDescending(v => v.Number).FirstAsync();
            _users = await _db.Users.Where(u => new[] { "grid", "grid2", "community", "street", "supervisor", "handler" }.Contains(u.UserName))
                .ToDictionaryAsync(u => u.UserName!, u => u.Id);
            var m = TimeSpan.FromMinutes(1);
            var cases = new List<Case>();
            for (var i = 0; i < 48; i++)
            {
                var (path, grid, community) = Places[i % 4];
                var day = FirstDay.AddDays(i / 8);
                var t = ChinaTime.At(day, i % 2 == 0 ? new TimeOnly(23, 40) : new TimeOnly(0, 10)).ToUniversalTime() + (i % 8 * m);
                var channel = (i % 3) switch { 0 => CaseChannel.Resident, 1 => CaseChannel.Hotline, _ => CaseChannel.GridPatrol };
                var path6 = i % 6;
                var department = (i % 5 == 0 || i % 7 == 0) && path6 is 1 or 2 or 5;
                var details = new NewCase(
                    TrackingCodes.New(), channel, $"垃圾堆放第{i + 1}起", "小区门口垃圾堆放，请尽快处理。", "小区门口垃圾堆放，请尽快处理。", "宜城街道", null, null, false,
                    path, grid, community, false, null, null, null, null, true, null, CasePriority.Normal, null, "E0102", 0, [], null, false);
                var c = Case.Report(details, ActorStamp.Reporter(null, "居民"), Clock(t));
                cases.Add(c);
                var holder = department ? new HolderTarget(UnitLevel.County, County, "cg")
                    : grid is not null ? new HolderTarget(UnitLevel.Grid, grid, null)
                    : new HolderTarget(UnitLevel.Community, community, null);
                var worker = department ? new ActorStamp(_users["handler"], "钱立新", "department-handler", County)
                    : grid is not null ? new ActorStamp(_users[grid == Grid ? "grid" : "grid2"], "王建国", "grid-worker", grid)
                    : new ActorStamp(_users["community"], "李文静", "community-worker", community);
                var officer = new ActorStamp(_users["community"], "李文静", "community-worker", community);
                var supervisor = new ActorStamp(_users["supervisor"], "陈督办", "supervisor", County);
                if (path6 == 0)
                {
                    if (grid is not null && i % 12 == 0)
                    {
                        c.CloseOnTheSpot(_rubbish, holder, "已当场处理。", worker, Clock(t + (12 * m)));
                    }

                    continue;
                }

                if (path6 == 3)
                {
                    c.Reject(RejectionReason.Invalid, "咨询类，已当场答复。", null, officer, Clock(t + (14 * m)));
                    continue;
                }

                // Filed late (over a day) for every fourth case, so 按时立案率 is not trivially 100 %.
                var filedAt = t + (i % 4 == 1 ? TimeSpan.FromHours(30) : 10 * m);
                c.File(_rubbish, officer, Clock(filedAt), null);
                c.Dispatch(holder, "按派遣规则", officer, Clock(filedAt + (5 * m)));
                if (path6 == 1)
                {
                    continue;
                }

                c.Accept(worker, Clock(filedAt + (20 * m) + (i * m)));
                if (path6 == 4)
                {
                    c.RequestApproval(ApprovalKind.Suspension, "权属不清，待街道确认。", null, worker, Clock(filedAt + (35 * m) + (i * m)));
                    c.DecideApproval(true, "同意挂起。", new ActorStamp(_users["street"], "周晓燕", "street-officer", Street), Clock(filedAt + (45 * m) + (i * m)));
                    continue;
                }

                var disposed = filedAt + TimeSpan.FromHours(1 + (i % 5 * 7));
                c.RequestClose("已清运。", worker, Clock(disposed));
                if (path6 == 5)
                {
                    c.Verify(false, "仍有残留。", supervisor, Clock(disposed + (30 * m)));
                    disposed += TimeSpan.FromHours(2);
                    c.RequestClose("已彻底清理。", worker, Clock(disposed));
                }

                c.Verify(true, "已清理。", supervisor, Clock(disposed + (30 * m) + (i * m)));
                c.Rate(i % 4 == 2 ? 5 : 2, null, ActorStamp.Reporter(null, "居民"), Clock(disposed + TimeSpan.FromHours(3)));
            }

            _db.Set<Case>().AddRange(cases);
            await _db.SaveChangesAsync();
        }

        private StageClock Clock(DateTimeOffset at) => new(_calendar, new DeadlineOptions(), at);
    }
}
