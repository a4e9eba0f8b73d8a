using System.Net;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Intake;
using Fengqiao.Cases.Points;
using Fengqiao.Cases.Workflow;
using Fengqiao.Mediation.Disputes;
using Fengqiao.Tests.Platform;
using Microsoft.EntityFrameworkCore;
using static Fengqiao.Tests.Cases.CaseFixtures;

namespace Fengqiao.Tests.Cases;

/// <summary>
/// Rules that intake's speed work introduced (docs/benchmarks.md): a step is queued in the outbox only for the handlers
/// that act on it (the rule each handler's <c>Wants</c> states), and a unit looked up by code is cached per node for a
/// bounded time (<see cref="IntakeOptions.UnitCacheSeconds"/>).
/// </summary>
public sealed class IntakeSpeedRulesTests(CasesApp app) : IClassFixture<CasesApp>
{
    [Fact]
    public async Task An_auto_dispatched_resident_report_queues_only_the_dispatch_notice_and_the_holder_is_told()
    {
        var (lon, lat) = await PointInAsync(app, Grid);
        using var client = app.CreateClient();
        var marker = Guid.NewGuid().ToString("N")[..8];

        var response = await ReportAsync(client, new
        {
            title = $"小区东门路灯不亮 {marker}",
            description = $"宜城街道茶东社区东门口的两盏路灯已经一个星期不亮了，晚上出入很不安全（{marker}）。",
            longitude = lon,
            latitude = lat,
            categoryCode = "E0102",
            anonymous = true,
        });
        var receipt = await ReadAsync<ReportReceipt>(response);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotNull(receipt.HolderTier); // filed and dispatched without a person
        var id = receipt.Id.ToString();
        var queued = await app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.Payload.Contains(id)).Select(m => new { m.Handler, m.Payload }).ToListAsync());
        // A resident's report earns no points: nothing is queued for the points handler (only informants' clues are).
        var only = Assert.Single(queued);
        Assert.Equal(typeof(NotifyCaseHolders).FullName, only.Handler);
        Assert.Contains("\"kind\":\"dispatch\"", only.Payload);

        await app.DrainOutboxAsync();

        var key = $"case:{receipt.Id:N}:dispatch:";
        Assert.NotEmpty(await app.WithDbAsync(db => db.Inbox.AsNoTracking().Where(i => i.SourceKey.StartsWith(key)).ToListAsync()));
        Assert.All(await app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.Payload.Contains(id)).ToListAsync()), m => Assert.NotNull(m.ProcessedAt));
    }

    [Fact]
    public async Task Reports_dispatched_to_two_grids_in_one_outbox_round_each_reach_their_own_grid_worker_once()
    {
        using var client = app.CreateClient();
        var receipts = new List<ReportReceipt>();
        // Texts with nothing in common: at one point, similar reports would wait in triage as possible duplicates.
        foreach (var (grid, title, text) in new[]
        {
            (Grid, "窨井盖松动", "3 号楼前窨井盖松动，踩上去会晃，夜里看不清"),
            (Grid, "单车堵消防通道", "共享单车把幼儿园后门的消防通道堵死了"),
            (OtherGrid, "河边护栏倒塌", "河边护栏有一段倒了，孩子放学经过很危险"),
        })
        {
            var (lon, lat) = await PointInAsync(app, grid);
            receipts.Add(await ReadAsync<ReportReceipt>(await ReportAsync(client, new
            {
                title,
                description = text,
                longitude = lon,
                latitude = lat,
                categoryCode = "E0102",
                anonymous = true,
            })));
        }

        Assert.All(receipts, r => Assert.NotNull(r.HolderTier)); // all three filed and dispatched without a person
        await app.DrainOutboxAsync();
        // Delivered again as one round (a node that died before recording the outcome): nobody is told twice.
        var ids = receipts.Select(r => r.Id.ToString()).ToList();
        var reset = await app.WithDbAsync(db => db.Outbox
            .Where(m => m.Handler == typeof(NotifyCaseHolders).FullName && (m.Payload.Contains(ids[0]) || m.Payload.Contains(ids[1]) || m.Payload.Contains(ids[2])))
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.ProcessedAt, (DateTimeOffset?)null)));
        await app.DrainOutboxAsync();

        Assert.Equal(3, reset);
        var gridWorker = await UserIdAsync("grid");
        var otherGridWorker = await UserIdAsync("grid2");
        var notices = await app.WithDbAsync(db => db.Inbox.AsNoTracking().Where(i => i.Title.StartsWith("新派遣案件")).ToListAsync());
        foreach (var (receipt, holder, other) in new[] { (receipts[0], gridWorker, otherGridWorker), (receipts[1], gridWorker, otherGridWorker), (receipts[2], otherGridWorker, gridWorker) })
        {
            var mine = notices.Where(i => i.SourceKey.StartsWith($"case:{receipt.Id:N}:dispatch:")).ToList();
            Assert.Single(mine, i => i.UserId == holder && i.Title == $"新派遣案件 {receipt.TrackingCode}" && i.Link == $"/cases/{receipt.Id}");
            Assert.DoesNotContain(mine, i => i.UserId == other);
        }
    }

    [Fact]
    public async Task An_informants_clue_also_queues_the_filing_points_and_earns_them()
    {
        var (lon, lat) = await PointInAsync(app, Grid);
        using var informant = await app.ClientForAsync("informant");
        var marker = Guid.NewGuid().ToString("N")[..8];

        var receipt = await ReadAsync<ReportReceipt>(await ReportAsync(informant, new
        {
            title = $"茶东社区围墙开裂 {marker}",
            description = $"茶东社区北侧围墙出现一条长约两米的裂缝，旁边是孩子放学的必经之路（{marker}）。",
            longitude = lon,
            latitude = lat,
            categoryCode = "E0102",
        }, path: "/api/v1/cases?channel=Informant"));
        var id = receipt.Id.ToString();
        var queued = await app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.Payload.Contains(id)).Select(m => new { m.Handler, m.Payload }).ToListAsync());

        // (The informant, a known reporter, is also told of the public steps: more notices than for an anonymous report.)
        Assert.Single(queued, m => m.Handler == typeof(NotifyCaseHolders).FullName && m.Payload.Contains("\"kind\":\"dispatch\""));
        Assert.Single(queued, m => m.Handler == typeof(AwardInformantPoints).FullName && m.Payload.Contains("\"kind\":\"file\"") && m.Payload.Contains("\"channel\":\"Informant\""));
        Assert.DoesNotContain(queued, m => m.Handler == typeof(TakeInEscalatedEvent).FullName);

        await app.DrainOutboxAsync();
        var mine = await ReadAsync<MyPoints>(await informant.GetAsync("/api/v1/cases/points/mine"));
        Assert.Contains(mine.History, e => e.TrackingCode == receipt.TrackingCode && e.Points > 0);
    }

    [Fact]
    public void A_step_written_before_the_channel_was_recorded_is_still_queued_for_points()
    {
        // Outbox rows of older versions carry no channel: the points handler must still look at the case itself.
        var old = new Fengqiao.Cases.Contracts.CaseStepTaken(Guid.NewGuid(), "FQ0000000001", CaseActionKinds.File, "Dispatched", "E0102", "/32/", null, null, null, null, null, DateTimeOffset.UnixEpoch);
        var resident = old with { Channel = nameof(CaseChannel.Resident) };

        Assert.True(AwardInformantPoints.Wants(old));
        Assert.False(AwardInformantPoints.Wants(resident));
        Assert.True(AwardInformantPoints.Wants(resident with { Channel = nameof(CaseChannel.Informant) }));
        Assert.False(AwardInformantPoints.Wants(resident with { Channel = nameof(CaseChannel.Informant), Kind = CaseActionKinds.Accept }));
    }

    [Fact]
    public async Task A_unit_retired_after_intake_looked_it_up_is_refused_once_the_cache_window_has_passed()
    {
        using var client = app.CreateClient();
        object Report(string where) => new
        {
            title = "健身器材损坏",
            description = $"荆东社区第一网格{where}的健身器材扶手断了，老人锻炼时容易受伤，请尽快维修。",
            unitCode = OtherGrid,
            categoryCode = "E0102",
            anonymous = true,
        };

        var first = await ReportAsync(client, Report("小广场"));
        await RetireAsync(true);
        HttpResponseMessage withinWindow, afterWindow;
        try
        {
            withinWindow = await ReportAsync(client, Report("3 号楼旁"));
            app.Time.Advance(TimeSpan.FromSeconds(31)); // past Cases:Intake:UnitCacheSeconds (30 by default)
            afterWindow = await ReportAsync(client, Report("5 号楼旁"));
        }
        finally
        {
            // The other tests of this host report in this grid: it comes back, and the node's cache forgets its retirement.
            await RetireAsync(false);
            app.Time.Advance(TimeSpan.FromSeconds(31));
        }

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, withinWindow.StatusCode); // the node's entry is at most 30 s old: still used
        var problem = await Problem.ReadAsync(afterWindow, HttpStatusCode.BadRequest);
        Assert.Contains("不是有效的社区或网格编码", problem.Errors!["unitCode"][0]);
        Assert.Equal(2, await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().CountAsync(c => c.GridCode == OtherGrid && c.Title == "健身器材损坏")));
    }

    private Task<int> RetireAsync(bool retired) =>
        app.WithDbAsync(db => db.Units.IgnoreQueryFilters().Where(u => u.Code == OtherGrid).ExecuteUpdateAsync(set => set.SetProperty(u => u.IsRetired, retired)));

    private Task<Guid> UserIdAsync(string userName) =>
        app.WithDbAsync(db => db.Users.AsNoTracking().Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());
}
