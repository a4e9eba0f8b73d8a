using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fengqiao.Cases.Contracts;
using Fengqiao.Cases.Coordination;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Intake;
using Fengqiao.Cases.Queries;
using Fengqiao.Cases.Workflow;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;
using static Fengqiao.Tests.Cases.CaseFixtures;

namespace Fengqiao.Tests.Cases;

/// <summary>
/// 协办案件: the console list of cases a unit is involved in without holding them (<c>GET /cases/involved</c>), and the
/// notices that make coordination reach people — the involved unit's staff when their unit is added, and the coordinating
/// owner's dispatchers when a reply arrives on a case that nobody holds. Cases lie in 荆东社区 (320282001002) and involve
/// 茶东社区 (320282001001, the demo "community"); 宜城街道 coordinates them.
/// </summary>
public sealed class CoordinationQueueTests(CasesApp app) : IClassFixture<CasesApp>
{
    [Fact]
    public async Task The_involved_community_lists_the_case_with_its_holder_deadline_and_reply_state_and_nobody_else_lists_it()
    {
        var (id, code, version) = await CoordinatedCases.CreateAsync(app, "交界处消防通道被占", "两社区交界的小区消防通道被几辆私家车长期占用，消防车进不去。");
        var (lon, lat) = await PointInAsync(app, Grid);
        using var resident = app.CreateClient();
        var own = await ReadAsync<ReportReceipt>(await ReportAsync(resident, new { title = "茶东社区内路面坑洼", description = "社区主干道上有个大坑，下雨积水，电动车容易摔倒。", longitude = lon, latitude = lat, categoryCode = "E0102" }));
        using var community = await app.ClientForAsync("community");

        var before = await ListAsync(community);
        var row = Assert.Single(before.Items, c => c.Id == id);
        Assert.Equal((code, "交界处消防通道被占", CaseStatus.Dispatched), (row.TrackingCode, row.Title, row.Status));
        Assert.Equal((UnitLevel.Street, CoordinatedCases.Street, "宜城街道", CoordinatedCases.Street), (row.HolderLevel!.Value, row.HolderUnitCode, row.HolderUnitName, row.CoordinatorUnitCode));
        Assert.Equal("茶东社区", Assert.Single(row.InvolvedUnits));
        Assert.Equal(DeadlineState.Normal, row.DeadlineState);
        Assert.NotNull(row.DueAt);
        Assert.False(row.Replied);
        Assert.Null(row.LastRepliedAt);
        Assert.DoesNotContain(before.Items, c => c.Id == own.Id); // it lies in the community: the ordinary queues hold it

        await ReadAsync<CaseStepResult>(await community.PostAsJsonAsync($"/api/v1/cases/{id}/coordination-replies", new { version, note = "茶东社区已联系车主挪车，并在通道口加装了禁停标志。" }));
        var after = Assert.Single((await ListAsync(community)).Items, c => c.Id == id);
        Assert.True(after.Replied);
        Assert.NotNull(after.LastRepliedAt);

        // The street coordinates and holds it, the county reaches it directly: it is in their ordinary queues, not here.
        // The grid below the involved community and a department handler do not reach the involvement at all.
        foreach (var user in new[] { "street", "supervisor", "grid", "handler", "admin" })
        {
            using var client = await app.ClientForAsync(user);
            Assert.DoesNotContain((await ListAsync(client, "includeClosed=true")).Items, c => c.Id == id);
        }
    }

    [Fact]
    public async Task A_closed_case_leaves_the_list_unless_closed_cases_are_asked_for()
    {
        var (id, _, version) = await CoordinatedCases.CreateAsync(app, "交界处行道树倒伏", "昨夜大风吹倒了两社区交界处的一棵行道树，压住了半条人行道。");
        using var community = await app.ClientForAsync("community");
        var openBefore = (await ListAsync(community)).Total;

        using var street = await app.ClientForAsync("street");
        using var grid2 = await app.ClientForAsync("grid2");
        var accepted = await ReadAsync<CaseStepResult>(await street.PostAsJsonAsync($"/api/v1/cases/{id}/accept", new { version }));
        var disposed = await ReadAsync<CaseStepResult>(await street.PostAsJsonAsync($"/api/v1/cases/{id}/request-close", new { version = accepted.Version, note = "街道园林所已清走倒伏的树木。" }));
        await ReadAsync<CaseStepResult>(await grid2.PostAsJsonAsync($"/api/v1/cases/{id}/verify", new { version = disposed.Version, passed = true, note = "现场核查，人行道已通行。" }));

        var openOnly = await ListAsync(community);
        var all = await ListAsync(community, "includeClosed=true");

        Assert.DoesNotContain(openOnly.Items, c => c.Id == id);
        Assert.Equal(CaseStatus.Closed, Assert.Single(all.Items, c => c.Id == id).Status);
        Assert.Equal(openBefore - 1, openOnly.Total);
        Assert.True(all.Total > openOnly.Total);
        Assert.All(openOnly.Items, c => Assert.NotEqual(CaseStatus.Closed, c.Status));
    }

    [Fact]
    public async Task Pages_split_the_list_without_overlap_open_cases_by_earliest_deadline()
    {
        for (var i = 0; i < 3; i++)
        {
            await CoordinatedCases.CreateAsync(app, $"交界处路灯不亮（{i + 1} 号杆）", $"两社区交界处第 {i + 1} 号路灯杆的灯不亮已经一周，晚上行人看不清路。");
        }

        using var community = await app.ClientForAsync("community");
        var everything = await ListAsync(community, "pageSize=200");
        var first = await ListAsync(community, "page=1&pageSize=2");
        var second = await ListAsync(community, "page=2&pageSize=2");

        Assert.True(everything.Total >= 3);
        Assert.Equal((2, 1, 2, everything.Total), (first.Items.Count, first.Page, first.PageSize, first.Total));
        Assert.Equal(Math.Min(2, everything.Total - 2), second.Items.Count);
        Assert.Empty(first.Items.Select(c => c.Id).Intersect(second.Items.Select(c => c.Id)));
        Assert.Equal(everything.Items.Take(4).Select(c => c.Id), first.Items.Concat(second.Items).Select(c => c.Id));
        var due = everything.Items.Select(c => c.DueAt!.Value).ToList();
        Assert.Equal(due.Order(), due);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=-3", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=201", "pageSize")]
    public async Task Impossible_paging_is_a_400_problem_naming_the_field(string query, string field)
    {
        using var community = await app.ClientForAsync("community");

        var response = await community.GetAsync($"/api/v1/cases/involved?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        Assert.Contains("页", errors.GetProperty(field)[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("page=abc")]
    [InlineData("pageSize=1.5")]
    [InlineData("includeClosed=maybe")]
    public async Task Paging_that_is_not_a_number_is_a_400_problem(string query)
    {
        using var community = await app.ClientForAsync("community");

        var response = await community.GetAsync($"/api/v1/cases/involved?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Residents_and_anonymous_callers_get_no_list()
    {
        using var resident = await app.ClientForAsync("resident");
        using var anonymous = app.CreateClient();

        Assert.Equal(HttpStatusCode.Forbidden, (await resident.GetAsync("/api/v1/cases/involved")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/cases/involved")).StatusCode);
    }

    [Fact]
    public async Task Adding_a_unit_tells_that_units_case_staff_but_not_its_mediator_nor_the_grid_below_it()
    {
        var (id, code, _) = await CoordinatedCases.CreateAsync(app, "交界处污水外溢", "两社区交界处的污水井往外冒水，气味很大，已经两天了。");
        var caseId = id.ToString();
        var queued = await app.WithDbAsync(db => db.Outbox.AsNoTracking()
            .Where(m => m.Handler == typeof(NotifyCoordination).FullName && m.Payload.Contains(caseId)).Select(m => m.Payload).ToListAsync());

        await app.DrainOutboxAsync();

        // The step names the units it added: their staff are found without guessing which involvement rows it wrote.
        var step = JsonSerializer.Deserialize<CaseStepTaken>(Assert.Single(queued), JsonSerializerOptions.Web)!;
        Assert.Equal(CaseActionKinds.Coordinate, step.Kind);
        Assert.Equal([Community], step.AddedUnitCodes!);

        var title = $"案件 {code} 涉及本单位，请协办";
        Assert.Contains(await InboxTitlesAsync("community"), t => t == title);
        Assert.DoesNotContain(await InboxTitlesAsync("mediator"), t => t == title);
        Assert.DoesNotContain(await InboxTitlesAsync("grid"), t => t == title);
        Assert.DoesNotContain(await InboxTitlesAsync("street"), t => t == title);
    }

    [Fact]
    public async Task A_reply_on_a_case_nobody_holds_reaches_the_coordinating_streets_dispatchers_and_the_list_says_it_awaits_dispatch()
    {
        var (id, code, version) = await CoordinatedCases.CreateAsync(app, "交界处占道经营", "两社区交界的路口每天早上有十几个流动摊贩占道卖菜，车辆无法通行。");
        using var street = await app.ClientForAsync("street");
        var returned = await ReadAsync<CaseStepResult>(await street.PostAsJsonAsync($"/api/v1/cases/{id}/return", new { version, note = "占道经营应由城管执法中队处置，街道派遣有误，退回重新派遣。" }));
        Assert.Equal((CaseStatus.Filed, (string?)null), (returned.Status, returned.HolderUnitCode));
        await app.DrainOutboxAsync();

        using var community = await app.ClientForAsync("community");
        var listed = Assert.Single((await ListAsync(community)).Items, c => c.Id == id);
        var reply = await ReadAsync<CaseStepResult>(await community.PostAsJsonAsync($"/api/v1/cases/{id}/coordination-replies", new
        {
            version = returned.Version,
            note = "茶东社区一侧的摊贩已登记，共 12 户，可配合城管引导到农贸市场经营。",
        }));
        await app.DrainOutboxAsync();

        Assert.Equal((CaseStatus.Filed, (UnitLevel?)null, (string?)null), (listed.Status, listed.HolderLevel, listed.HolderUnitCode));
        Assert.Equal((CaseStatus.Filed, returned.Version + 1), (reply.Status, reply.Version));
        var title = $"案件 {code} 有新的协办反馈（待派遣）";
        Assert.Single(await InboxTitlesAsync("street"), t => t == title);
        Assert.DoesNotContain(await InboxTitlesAsync("supervisor"), t => t == title); // the street, nearest with dispatchers, is told
        Assert.DoesNotContain(await InboxTitlesAsync("community"), t => t.Contains(code, StringComparison.Ordinal) && t.Contains("反馈", StringComparison.Ordinal));
        var holderNotice = $"案件 {code} 有新的协办反馈";
        Assert.DoesNotContain(await InboxTitlesAsync("street"), t => t == holderNotice);

        // A second delivery of the same step tells nobody twice.
        await app.DrainOutboxAsync();
        Assert.Single(await InboxTitlesAsync("street"), t => t == title);
    }

    private static async Task<InvolvedCasePage> ListAsync(HttpClient client, string query = "") =>
        await ReadAsync<InvolvedCasePage>(await client.GetAsync($"/api/v1/cases/involved?{query}"));

    private async Task<List<string>> InboxTitlesAsync(string user)
    {
        using var client = await app.ClientForAsync(user);
        var inbox = await JsonAsync(await client.GetAsync("/api/v1/inbox?take=200"));
        return [.. inbox.EnumerateArray().Select(m => m.GetProperty("title").GetString()!)];
    }

}

/// <summary>
/// When the coordinating street has nobody who can dispatch (its only officer's account is disabled), a reply on a case
/// nobody holds goes to the nearest unit above with dispatchers: the county's supervisor. Its own host, because the
/// demo street officer stays disabled.
/// </summary>
public sealed class CoordinationReplyWithoutDispatchersTests(CasesApp app) : IClassFixture<CasesApp>
{
    [Fact]
    public async Task A_reply_on_an_unheld_case_goes_to_the_nearest_unit_above_the_coordinator_that_has_dispatchers()
    {
        var (id, code, version) = await CoordinatedCases.CreateAsync(app, "交界处路面塌陷", "两社区交界的人行道塌了一个半米宽的坑，已经有老人差点摔进去。");
        using var street = await app.ClientForAsync("street");
        var returned = await ReadAsync<CaseStepResult>(await street.PostAsJsonAsync($"/api/v1/cases/{id}/return", new { version, note = "路面塌陷应由市政部门处置，退回重新派遣。" }));
        using var admin = await app.ClientForAsync("admin");
        var users = await JsonAsync(await admin.GetAsync("/api/v1/users?search=street"));
        var streetId = users.EnumerateArray().Single(u => u.GetProperty("userName").GetString() == "street").GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/users/{streetId}/disable", null)).StatusCode);

        using var community = await app.ClientForAsync("community");
        await ReadAsync<CaseStepResult>(await community.PostAsJsonAsync($"/api/v1/cases/{id}/coordination-replies", new { version = returned.Version, note = "茶东社区已在塌陷处设置围挡和警示牌。" }));
        await app.DrainOutboxAsync();

        var title = $"案件 {code} 有新的协办反馈（待派遣）";
        using var supervisor = await app.ClientForAsync("supervisor");
        var inbox = await JsonAsync(await supervisor.GetAsync("/api/v1/inbox?take=200"));
        Assert.Single(inbox.EnumerateArray(), m => m.GetProperty("title").GetString() == title);
        var streetNotices = await app.WithDbAsync(db => db.Inbox.CountAsync(i => i.UserId == streetId && i.Title == title));
        Assert.Equal(0, streetNotices);
    }
}

/// <summary>Cases touching two communities, made over HTTP like a resident and a street officer would.</summary>
internal static class CoordinatedCases
{
    public const string Street = "320282001";

    /// <summary>A case in 荆东社区's grid that also involves 茶东社区, coordinated (and held) by the street.</summary>
    public static async Task<(Guid Id, string Code, long Version)> CreateAsync(CasesApp app, string title, string description)
    {
        var (lon, lat) = await PointInAsync(app, OtherGrid);
        using var resident = app.CreateClient();
        var receipt = await ReadAsync<ReportReceipt>(await ReportAsync(resident, new { title, description, longitude = lon, latitude = lat, categoryCode = "E0102" }));
        using var street = await app.ClientForAsync("street");
        var detail = await ReadAsync<CaseDetail>(await street.GetAsync($"/api/v1/cases/{receipt.Id}"));
        var version = detail.Summary.Version;
        if (detail.Summary.Status == CaseStatus.Reported)
        {
            // Held back for a person (e.g. as a possible duplicate of an earlier case here): filed by the street.
            version = (await ReadAsync<CaseStepResult>(await street.PostAsJsonAsync($"/api/v1/cases/{receipt.Id}/file", new { version, categoryCode = "E0102" }))).Version;
        }

        var moved = await ReadAsync<CaseStepResult>(await street.PostAsJsonAsync($"/api/v1/cases/{receipt.Id}/involve", new
        {
            version,
            unitCodes = new[] { Community },
            reason = "问题位于两社区交界处，需要两边共同处理。",
        }));
        Assert.Equal((UnitLevel.Street, Street), (moved.HolderLevel!.Value, moved.HolderUnitCode));
        return (receipt.Id, receipt.TrackingCode, moved.Version);
    }
}
