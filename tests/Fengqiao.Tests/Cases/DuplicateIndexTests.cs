using Fengqiao.Cases.Intake;
using Fengqiao.Testing;
using Fengqiao.Tests.Cases.Classification;
using static Fengqiao.Tests.Cases.CaseFixtures;

namespace Fengqiao.Tests.Cases;

/// <summary>
/// The duplicate check (重复判断) compares cached text signatures of nearby open cases (docs/adr/0019): the signatures
/// give exactly the bigram similarity the check always used, and a node finds duplicates of cases it never saw (reported
/// through another node), whose texts it reads once.
/// </summary>
public sealed class DuplicateIndexTests
{
    [Theory]
    [InlineData("人民南路88号门口窨井盖缺失，晚上很危险。", "人民南路88号门口的窨井盖缺失了，太危险。")]
    [InlineData("小区广场舞音乐声音太大，影响休息。", "人民南路88号门口窨井盖缺失，晚上很危险。")]
    [InlineData("宜城街道茶东社区 3 号楼楼道堆放杂物，堵塞消防通道，楼道堆放杂物", "楼道堆放杂物")]
    [InlineData("！！！", "楼道堆放杂物")]
    public void Signature_similarity_is_the_jaccard_similarity_of_the_two_texts_bigram_sets(string a, string b)
    {
        var expected = Jaccard(Bigrams(a), Bigrams(b));

        var actual = DuplicateSignatures.Similarity(DuplicateSignatures.Of(a), DuplicateSignatures.Of(b));

        Assert.Equal(expected, actual, 12);
        Assert.Equal(Bigrams(a).Order(), DuplicateSignatures.Of(a));
    }

    [Fact]
    public void A_similarity_asked_for_with_a_floor_is_exact_when_it_reaches_the_floor_and_minus_one_when_it_does_not()
    {
        // Real messages, and their halves and quarters: similarities from none to all.
        var texts = LabelledData.All.Take(12)
            .SelectMany(e => new[] { e.Title + e.Text, e.Text[..(e.Text.Length / 2)], e.Title + e.Text[..(e.Text.Length / 4)] })
            .Select(DuplicateSignatures.Of)
            .ToList();
        var reached = 0;
        foreach (var x in texts)
        {
            foreach (var y in texts)
            {
                var exact = DuplicateSignatures.Similarity(x, y);
                foreach (var floor in new[] { 0.05, 0.25, 0.5, 0.75, exact })
                {
                    var answer = DuplicateSignatures.Similarity(x, y, floor);

                    Assert.Equal(exact >= floor ? exact : -1, answer);
                    reached += exact >= floor && floor > 0.05 ? 1 : 0;
                }
            }
        }

        Assert.InRange(reached, 100, int.MaxValue); // the pairs cover both sides of the floors

        // Exactly on the floor: three shared bigrams of six.
        Assert.Equal(0.5, DuplicateSignatures.Similarity([1, 2, 3], [1, 2, 3, 4, 5, 6], 0.5));
        Assert.Equal(-1, DuplicateSignatures.Similarity([1, 2, 3], [1, 2, 3, 4, 5, 6], 0.5000001));
        Assert.Equal(-1, DuplicateSignatures.Similarity([], [1, 2], 0.25));
    }

    [Fact]
    public async Task A_report_on_a_second_node_is_flagged_as_a_duplicate_of_a_case_reported_through_the_first()
    {
        await OnTwoNodesAsync(async (first, second, lon, lat) =>
        {
            var tag = Guid.NewGuid().ToString("N")[..6];

            using var onFirst = first.CreateClient();
            var original = await ReadAsync<ReportReceipt>(await ReportAsync(onFirst, new { description = $"荆东社区东门外人行道上的井盖缺失了，晚上很危险 {tag}", longitude = lon, latitude = lat, categoryCode = "P0101", anonymous = true }));
            using var onSecond = second.CreateClient();
            var repeat = await ReadAsync<ReportReceipt>(await ReportAsync(onSecond, new { description = $"荆东社区东门外人行道的井盖缺失，晚上走路很危险 {tag}", longitude = lon + 0.0001, latitude = lat, categoryCode = "P0101", anonymous = true }));
            var unrelated = await ReadAsync<ReportReceipt>(await ReportAsync(onSecond, new { description = $"小区广场舞音乐声音太大，晚上影响休息 {tag}", longitude = lon + 0.0001, latitude = lat, categoryCode = "P0101", anonymous = true }));

            Assert.Null(original.PossibleDuplicateTrackingCode);
            Assert.Equal(original.TrackingCode, repeat.PossibleDuplicateTrackingCode);
            Assert.True(repeat.NeedsTriage);
            Assert.Null(unrelated.PossibleDuplicateTrackingCode);
        });
    }

    [Fact]
    public void Looking_signatures_up_does_not_push_the_nodes_recent_reports_out_of_the_cache()
    {
        var signatures = new DuplicateSignatures(new FixedOptions(new IntakeOptions { DuplicateSignatureCacheSize = 10 }));
        var ids = Enumerable.Range(0, 8).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in ids)
        {
            signatures.Remember(id, DuplicateSignatures.Of("楼道堆放杂物"));
        }

        // A busy area: every report looks up every nearby case, old and new.
        for (var report = 0; report < 100; report++)
        {
            foreach (var id in ids)
            {
                Assert.True(signatures.TryGet(id, out _));
            }
        }

        // Only later insertions age a signature out: after half the size more, the oldest generation is gone.
        foreach (var _ in Enumerable.Range(0, 5))
        {
            signatures.Remember(Guid.NewGuid(), DuplicateSignatures.Of("小区广场舞音乐声音太大"));
        }

        Assert.False(signatures.TryGet(ids[0], out _));
        Assert.True(signatures.TryGet(ids[7], out _));
    }

    [Fact]
    public async Task A_more_similar_case_the_node_has_not_read_yet_wins_over_the_similar_cases_it_has_cached()
    {
        await OnTwoNodesAsync(async (first, second, lon, lat) =>
        {
            var tag = Guid.NewGuid().ToString("N")[..6];
            var text = $"荆东社区东门外人行道上的井盖缺失了，晚上很危险 {tag}";

            using var onSecond = second.CreateClient();
            using var onFirst = first.CreateClient();
            // Cached by the second node (its own report), somewhat similar, nearest.
            var similar = await ReadAsync<ReportReceipt>(await ReportAsync(onSecond, new { description = $"荆东社区东门外的井盖缺失 {tag}", longitude = lon, latitude = lat, categoryCode = "P0101", anonymous = true }));
            // Reported through the first node: the second has never read it. Same text, a little farther away.
            var same = await ReadAsync<ReportReceipt>(await ReportAsync(onFirst, new { description = text, longitude = lon + 0.0003, latitude = lat, categoryCode = "P0101", anonymous = true }));

            var repeat = await ReadAsync<ReportReceipt>(await ReportAsync(onSecond, new { description = text, longitude = lon, latitude = lat, categoryCode = "P0101", anonymous = true }));

            Assert.InRange(DuplicateFinder.Similarity($"荆东社区东门外的井盖缺失 {tag}", text), 0.25, 0.99);
            Assert.Equal(similar.TrackingCode, same.PossibleDuplicateTrackingCode);
            Assert.Equal(same.TrackingCode, repeat.PossibleDuplicateTrackingCode);
        });
    }

    [Fact]
    public async Task Among_equally_similar_cases_at_the_same_distance_the_most_recent_is_proposed()
    {
        var database = await TestDatabase.CreateAsync();
        try
        {
            await using var app = new NodeApp(database);
            await app.InitializeAsync();
            var (lon, lat) = await PointInAsync(app, OtherGrid);
            var body = new { description = $"宜城街道茶东社区3号楼楼道堆放杂物，堵塞消防通道 {Guid.NewGuid():N}", longitude = lon, latitude = lat, categoryCode = "P0101", anonymous = true };
            using var client = app.CreateClient();

            var earlier = await ReadAsync<ReportReceipt>(await ReportAsync(client, body));
            var later = await ReadAsync<ReportReceipt>(await ReportAsync(client, body));
            var third = await ReadAsync<ReportReceipt>(await ReportAsync(client, body));

            Assert.Equal(earlier.TrackingCode, later.PossibleDuplicateTrackingCode);
            Assert.Equal(later.TrackingCode, third.PossibleDuplicateTrackingCode);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    /// <summary>Two web nodes over one fresh database, and a point in the demo grid 2.</summary>
    private static async Task OnTwoNodesAsync(Func<FengqiaoApp, FengqiaoApp, double, double, Task> test)
    {
        var database = await TestDatabase.CreateAsync();
        try
        {
            await using var first = new NodeApp(database);
            await first.InitializeAsync();
            await using var second = new NodeApp(database);
            await second.InitializeAsync();
            var (lon, lat) = await PointInAsync(first, OtherGrid);
            await test(first, second, lon, lat);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    private static HashSet<int> Bigrams(string text)
    {
        var set = new HashSet<int>();
        var letters = text.Where(char.IsLetterOrDigit).ToArray();
        for (var i = 1; i < letters.Length; i++)
        {
            set.Add((letters[i - 1] << 16) | letters[i]);
        }

        return set;
    }

    private static double Jaccard(HashSet<int> x, HashSet<int> y) =>
        x.Count == 0 || y.Count == 0 ? 0 : (double)x.Intersect(y).Count() / x.Union(y).Count();

    private sealed class FixedOptions(IntakeOptions value) : Microsoft.Extensions.Options.IOptionsMonitor<IntakeOptions>
    {
        public IntakeOptions CurrentValue => value;

        public IntakeOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<IntakeOptions, string?> listener) => null;
    }

    /// <summary>One web node of several over the same database.</summary>
    private sealed class NodeApp(TestDatabase database) : FengqiaoApp(database)
    {
        // Each check reads what other nodes wrote since the last (RecentCaseIndex); by default that is once a second.
        protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
        {
            ["Cases:Intake:DuplicateIndexRefreshMilliseconds"] = "0",
        };
    }
}
