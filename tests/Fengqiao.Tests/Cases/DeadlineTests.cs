using System.Net;
using System.Net.Http.Json;
using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Deadlines;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Intake;
using Fengqiao.Cases.Queries;
using Fengqiao.Cases.Workflow;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Fengqiao.Tests.Cases.CaseFixtures;

namespace Fengqiao.Tests.Cases;

/// <summary>
/// Working-time deadlines: an overdue case climbs one tier exactly once even when several nodes sweep at the same time;
/// extensions move the deadline, suspensions stop the clock; category changes apply to new cases only.
/// </summary>
public sealed class DeadlineTests(CasesApp app) : IClassFixture<CasesApp>
{
    [Fact]
    public async Task An_overdue_case_escalates_one_tier_exactly_once_when_two_nodes_sweep_together()
    {
        var id = await DispatchedToGridAsync("单元门口堆放的装修垃圾一直没人清理。");
        app.Time.Advance(TimeSpan.FromDays(10));
        try
        {
            var results = await Task.WhenAll(SweepAsync(), SweepAsync());
            var again = await SweepAsync();

            // Other tests' open cases in this database may escalate too; this case's record shows one escalation.
            Assert.True(results.Sum(r => r.Escalations) >= 1);
            Assert.Equal(0, again.Escalations);
            var c = await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().Include(x => x.TierSteps).SingleAsync(x => x.Id == id));
            Assert.Equal(1, c.EscalationCount);
            Assert.Equal((UnitLevel.Community, Community), (c.HolderLevel, c.HolderUnitCode));
            Assert.Equal(CaseStatus.Dispatched, c.Status);
            Assert.True(c.WasOverdue);
            Assert.Equal(["routed", "overdue-escalated"], c.TierSteps.OrderBy(s => s.Sequence).Select(s => s.How));
            var trackingCode = c.TrackingCode;
            Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "cases.deadline" && a.Target == trackingCode && a.Detail == "escalated")));

            // The community tier's own acceptance limit can breach again: the case then climbs to the street, once.
            app.Time.Advance(TimeSpan.FromDays(10));
            await Task.WhenAll(SweepAsync(), SweepAsync());
            var twice = await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().SingleAsync(x => x.Id == id));
            Assert.Equal((2, UnitLevel.Street, "320282001"), (twice.EscalationCount, twice.HolderLevel, twice.HolderUnitCode));
            app.Time.Advance(TimeSpan.FromDays(-10));

            using var community = await app.ClientForAsync("community");
            var visible = await ReadAsync<CaseDetail>(await community.GetAsync($"/api/v1/cases/{id}"));
            Assert.Equal(["routed", "overdue-escalated", "overdue-escalated"], visible.TierPath.Select(t => t.How));
        }
        finally
        {
            app.Time.Advance(TimeSpan.FromDays(-10));
        }
    }

    [Fact]
    public async Task A_stage_turning_due_soon_gets_a_yellow_card_once()
    {
        var id = await DispatchedToGridAsync("路边绿化带被人踩出一条小路，泥土裸露。");
        var due = await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().Where(c => c.Id == id).Select(c => new { c.StageDueSoonAt, c.StageDueAt }).SingleAsync());
        var shift = due.StageDueSoonAt!.Value - app.Time.GetUtcNow() + TimeSpan.FromSeconds(1);
        app.Time.Advance(shift);
        try
        {
            await SweepAsync();
            await SweepAsync();
            var c = await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().SingleAsync(x => x.Id == id));
            Assert.Equal(SupervisionCard.Yellow, c.Card);
            Assert.Equal(1, c.YellowCardCount);
            Assert.Equal(DeadlineState.DueSoon, c.DeadlineStateAt(app.Time.GetUtcNow()));
        }
        finally
        {
            app.Time.Advance(-shift);
        }
    }

    [Fact]
    public async Task An_approved_extension_moves_the_deadline_and_a_suspension_stops_the_clock_until_resumed()
    {
        var id = await DispatchedToGridAsync("小区道路一处路面破损需要修补。");
        using var grid = await app.ClientForAsync("grid");
        using var community = await app.ClientForAsync("community");
        var accepted = await ReadAsync<CaseStepResult>(await grid.PostAsJsonAsync($"/api/v1/cases/{id}/accept", new { }));
        var before = await DueAsync(id);

        var refused = await grid.PostAsJsonAsync($"/api/v1/cases/{id}/request-extension", new { amount = 2, unit = "WorkingDays" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        await ReadAsync<CaseStepResult>(await grid.PostAsJsonAsync($"/api/v1/cases/{id}/request-extension", new { amount = 2, unit = "WorkingDays", reason = "需等待材料到货。" }));
        Assert.Equal(HttpStatusCode.Forbidden, (await grid.PostAsJsonAsync($"/api/v1/cases/{id}/decide", new { approve = true })).StatusCode);
        await ReadAsync<CaseStepResult>(await community.PostAsJsonAsync($"/api/v1/cases/{id}/decide", new { approve = true, note = "同意延期。" }));
        var extended = await DueAsync(id);
        Assert.True(extended > before.AddHours(24), $"{before:O} → {extended:O}");

        await ReadAsync<CaseStepResult>(await grid.PostAsJsonAsync($"/api/v1/cases/{id}/request-suspension", new { note = "业主外出，无法入户施工。" }));
        var suspended = await ReadAsync<CaseStepResult>(await community.PostAsJsonAsync($"/api/v1/cases/{id}/decide", new { approve = true }));
        Assert.Equal(CaseStatus.Suspended, suspended.Status);
        Assert.Null(await DueOrNullAsync(id));

        var resumed = await ReadAsync<CaseStepResult>(await grid.PostAsJsonAsync($"/api/v1/cases/{id}/resume", new { version = suspended.Version }));
        Assert.Equal(CaseStatus.InProgress, resumed.Status);
        Assert.NotNull(await DueOrNullAsync(id));
        var c = await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().SingleAsync(x => x.Id == id));
        Assert.Equal((1, 1), (c.ExtensionCount, c.SuspensionCount));
        _ = accepted;
    }

    [Fact]
    public async Task A_holder_escalates_with_a_reason_and_the_upper_tier_may_hand_it_back_down()
    {
        var id = await DispatchedToGridAsync("邻居家空调外机滴水到楼下阳台。");
        using var grid = await app.ClientForAsync("grid");
        using var community = await app.ClientForAsync("community");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await grid.PostAsJsonAsync($"/api/v1/cases/{id}/escalate", new { })).StatusCode);
        var up = await ReadAsync<CaseStepResult>(await grid.PostAsJsonAsync($"/api/v1/cases/{id}/escalate", new { note = "需社区协调两户居民。" }));
        Assert.Equal((UnitLevel.Community, Community), (up.HolderLevel, up.HolderUnitCode));

        var down = await ReadAsync<CaseStepResult>(await community.PostAsJsonAsync($"/api/v1/cases/{id}/hand-down", new { tier = "Grid", reason = "已协调，由网格员跟进落实。" }));
        Assert.Equal((UnitLevel.Grid, Grid), (down.HolderLevel, down.HolderUnitCode));
        var detail = await ReadAsync<CaseDetail>(await community.GetAsync($"/api/v1/cases/{id}"));
        Assert.Equal(["routed", "escalated", "handed-down"], detail.TierPath.Select(t => t.How));
        Assert.Equal("需社区协调两户居民。", detail.TierPath[1].Reason);
    }

    [Fact]
    public async Task A_revised_category_applies_to_new_cases_while_filed_cases_keep_their_version()
    {
        var before = await DispatchedToGridAsync("公园里的绿地被倒了很多落叶和垃圾。", "E0106");
        using var admin = await app.ClientForAsync("admin");
        var current = await ReadAsync<CategoryDetail>(await admin.GetAsync("/api/v1/cases/categories/E0106"));

        var revised = await admin.PutAsJsonAsync("/api/v1/cases/categories/E0106", new
        {
            version = current.CurrentVersion,
            rules = new { disposalLimitAmount = 8, disposalLimitUnit = "WorkingHours", defaultTier = "Grid", priority = "Normal", isPublic = true, changeNote = "按新考核办法调整为 8 工作时" },
        });
        var stale = await admin.PutAsJsonAsync("/api/v1/cases/categories/E0106", new
        {
            version = current.CurrentVersion,
            rules = new { disposalLimitAmount = 9, disposalLimitUnit = "WorkingHours", defaultTier = "Grid" },
        });
        using var community = await app.ClientForAsync("community");
        var forbidden = await community.PutAsJsonAsync("/api/v1/cases/categories/E0106", new { rules = new { disposalLimitAmount = 1, disposalLimitUnit = "WorkingHours" } });

        Assert.Equal(HttpStatusCode.OK, revised.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        app.Services.GetRequiredService<CategoryCatalog>().Invalidate();
        var after = await DispatchedToGridAsync("广场绿地有人乱扔饮料瓶。", "E0106");
        var versions = await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().Where(c => c.Id == before || c.Id == after)
            .Join(db.Set<CategoryVersion>(), c => c.CategoryVersionId, v => v.Id, (c, v) => new { c.Id, v.Number }).ToListAsync());
        Assert.Equal(current.CurrentVersion, versions.Single(v => v.Id == before).Number);
        Assert.Equal(current.CurrentVersion + 1, versions.Single(v => v.Id == after).Number);
    }

    private async Task<SweepResult> SweepAsync()
    {
        await using var scope = app.Services.GetRequiredService<IServiceScopeFactory>().CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<DeadlineSweeper>().SweepAsync(CancellationToken.None);
    }

    private Task<DateTimeOffset> DueAsync(Guid id) => app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().Where(c => c.Id == id).Select(c => c.StageDueAt!.Value).SingleAsync());

    private Task<DateTimeOffset?> DueOrNullAsync(Guid id) => app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().Where(c => c.Id == id).Select(c => c.StageDueAt).SingleAsync());

    private async Task<Guid> DispatchedToGridAsync(string description, string category = "E0102")
    {
        var (lon, lat) = await PointInAsync(app, Grid);
        using var resident = app.CreateClient();
        var receipt = await ReadAsync<ReportReceipt>(await ReportAsync(resident, new { description = $"{description}（{Guid.NewGuid():N}）", longitude = lon, latitude = lat, categoryCode = category, anonymous = true }));
        Assert.Equal(CaseStatus.Dispatched, receipt.Status);
        return receipt.Id;
    }
}
