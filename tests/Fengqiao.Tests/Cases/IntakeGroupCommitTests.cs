using System.Net;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Intake;
using Fengqiao.Kernel.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Fengqiao.Tests.Cases.CaseFixtures;

namespace Fengqiao.Tests.Cases;

/// <summary>
/// Group commit (批量提交) of intake: concurrent reports are written in one transaction by <see cref="IntakeWriter"/>.
/// Every receipt must still name exactly one stored case, the audit chain must stay unbroken, and a report that cannot
/// be written (an idempotency key used twice in one batch) must affect only itself.
/// </summary>
public sealed class IntakeGroupCommitTests(CasesApp app) : IClassFixture<CasesApp>
{
    [Fact]
    public async Task A_concurrent_burst_of_reports_gives_each_receipt_exactly_one_case_and_an_audit_chain_that_verifies()
    {
        var (lon, lat) = await PointInAsync(app, Grid);
        var (lon2, lat2) = await PointInAsync(app, OtherGrid);
        using var client = app.CreateClient();
        var texts = new[] { "路灯不亮，晚上走路看不清", "井盖松动，车辆经过咣当响", "垃圾桶满了没人清运", "人行道砖块破损翘起", "小区门口占道经营" };

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => ReportAsync(client, new
        {
            title = texts[i % texts.Length],
            description = $"{texts[i % texts.Length]}，位置在人民南路{i + 1}号附近，已经持续好几天了，请尽快处理。",
            longitude = i % 2 == 0 ? lon : lon2,
            latitude = i % 2 == 0 ? lat : lat2,
            categoryCode = "E0102",
            anonymous = true,
        })));
        var receipts = await Task.WhenAll(responses.Select(ReadAsync<ReportReceipt>));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(40, receipts.Select(r => r.TrackingCode).Distinct().Count());
        var ids = receipts.Select(r => r.Id).ToList();
        var codes = receipts.Select(r => r.TrackingCode).ToList();
        var stored = await app.WithDbAsync(db => db.Set<Case>().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.TrackingCode }).ToListAsync());
        Assert.Equal(40, stored.Count);
        Assert.All(receipts, r => Assert.Single(stored, s => s.Id == r.Id && s.TrackingCode == r.TrackingCode));

        // One audit entry and one timeline start per report, and the chain over all of them verifies.
        var audited = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == ReportCase.Action && codes.Contains(e.Target)).Select(e => e.Target).ToListAsync());
        Assert.Equal(codes.Order(StringComparer.Ordinal), audited.Order(StringComparer.Ordinal));
        var timelines = await app.WithDbAsync(db => db.Set<CaseAction>().Where(a => ids.Contains(a.CaseId) && a.Sequence == 1).CountAsync());
        Assert.Equal(40, timelines);
        var verification = await app.AsSystemAsync(sp => sp.GetRequiredService<AuditChainVerifier>().VerifyAsync());
        Assert.True(verification.IsIntact, string.Join("; ", verification.Problems.Select(p => p.Description)));
    }

    [Fact]
    public async Task Retries_with_one_idempotency_key_inside_one_batch_make_one_case_and_the_other_reports_of_the_batch_are_written()
    {
        var (lon, lat) = await PointInAsync(app, Grid);
        using var client = app.CreateClient();
        var writer = app.Services.GetRequiredService<IntakeWriter>();
        var retried = new
        {
            title = "楼道堆放杂物",
            description = "3号楼2单元楼道里堆满了纸箱和旧家具，堵住了消防通道，存在火灾隐患。",
            longitude = lon,
            latitude = lat,
            categoryCode = "E0102",
            anonymous = true,
        };
        var key = "burst-" + Guid.NewGuid().ToString("N");

        Task<HttpResponseMessage>[] sent;
        using (writer.Hold())
        {
            sent =
            [
                .. Enumerable.Range(0, 3).Select(_ => ReportAsync(client, retried, key)),
                .. Enumerable.Range(0, 3).Select(i => ReportAsync(client, retried with { description = $"{retried.description}（另一处：{i + 5}号楼）" })),
            ];
            await WaitUntilQueuedAsync(writer, sent, 6);
        }

        var responses = await Task.WhenAll(sent);
        var receipts = await Task.WhenAll(responses.Select(ReadAsync<ReportReceipt>));

        var keyed = receipts.Take(3).ToList();
        Assert.Single(keyed.Select(r => r.Id).Distinct());
        Assert.Single(keyed, r => !r.Replayed);
        Assert.Equal(2, keyed.Count(r => r.Replayed));
        var others = receipts.Skip(3).ToList();
        Assert.Equal(3, others.Select(r => r.Id).Distinct().Count());
        Assert.DoesNotContain(keyed[0].Id, others.Select(r => r.Id));

        var ids = receipts.Select(r => r.Id).Distinct().ToList();
        var stored = await app.WithDbAsync(db => db.Set<Case>().CountAsync(c => ids.Contains(c.Id)));
        Assert.Equal(4, stored);
        var keyRecords = await app.WithDbAsync(db => db.Set<IdempotencyRecord>().CountAsync(r => r.Key == key));
        Assert.Equal(1, keyRecords);
        var verification = await app.AsSystemAsync(sp => sp.GetRequiredService<AuditChainVerifier>().VerifyAsync());
        Assert.True(verification.IsIntact, string.Join("; ", verification.Problems.Select(p => p.Description)));
    }

    [Fact]
    public async Task One_idempotency_key_with_two_bodies_in_one_batch_writes_the_first_and_refuses_the_other_as_a_conflict()
    {
        var (lon, lat) = await PointInAsync(app, Grid);
        using var client = app.CreateClient();
        var writer = app.Services.GetRequiredService<IntakeWriter>();
        var key = "clash-" + Guid.NewGuid().ToString("N");
        var first = new { title = "路面坑洼", description = "人民南路与解放路交叉口东侧路面有一个大坑，下雨积水，电动车容易摔倒。", longitude = lon, latitude = lat, categoryCode = "E0102", anonymous = true };
        var second = first with { description = "人民南路与解放路交叉口西侧路灯杆倾斜，随时可能倒下，请尽快处理。" };

        Task<HttpResponseMessage>[] sent;
        using (writer.Hold())
        {
            sent = [ReportAsync(client, first, key), ReportAsync(client, second, key)];
            await WaitUntilQueuedAsync(writer, sent, 2);
        }

        var responses = await Task.WhenAll(sent);

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var refused = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
        Assert.Contains("Idempotency-Key", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var written = await app.WithDbAsync(db => db.Set<IdempotencyRecord>().Where(r => r.Key == key).Select(r => r.CaseId).ToListAsync());
        var caseId = Assert.Single(written);
        var cases = await app.WithDbAsync(db => db.Set<Case>().CountAsync(c => c.Id == caseId));
        Assert.Equal(1, cases);
    }

    /// <summary>Waits (without a time limit that could fail the test) until the writer holds the expected reports.</summary>
    private static async Task WaitUntilQueuedAsync(IntakeWriter writer, Task<HttpResponseMessage>[] sent, int expected)
    {
        while (writer.Queued < expected)
        {
            // A request that was answered before reaching the writer (e.g. refused) would never be queued.
            var answered = sent.FirstOrDefault(t => t.IsCompleted);
            if (answered is not null)
            {
                var response = await answered;
                Assert.Fail($"answered before the batch: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(10);
        }
    }
}
