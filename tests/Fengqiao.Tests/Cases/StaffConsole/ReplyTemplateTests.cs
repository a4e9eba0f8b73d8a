using System.Net;
using System.Net.Http.Json;
using Fengqiao.Cases.StaffConsole;
using static Fengqiao.Tests.Cases.CaseFixtures;
using static Fengqiao.Tests.Cases.StaffConsole.ConsoleFixtures;

namespace Fengqiao.Tests.Cases.StaffConsole;

/// <summary>常用回复: owned by a unit, inherited by the units below, invisible elsewhere; placeholders filled from the case.</summary>
public sealed class ReplyTemplateTests(StaffConsoleApp app) : IClassFixture<StaffConsoleApp>
{
    private const string Street = "320282001";      // 宜城街道
    private const string OtherStreet = "320282002"; // 屺亭街道

    [Fact]
    public async Task A_street_template_is_inherited_by_its_communities_and_grids_and_another_streets_is_invisible()
    {
        var tag = NewTag();
        using var street = await app.ClientForAsync("street");
        var ours = await CreateAsync(street, new { title = $"{tag} 已受理", text = "您反映的“{标题}”（查询码 {查询码}，{类别}）已受理，我们将尽快处理。" });
        Assert.Equal(Street, ours.UnitCode);
        Assert.True(ours.Editable);

        using var admin = await app.ClientForAsync("admin");
        var theirs = await CreateAsync(admin, new { title = $"{tag} 屺亭的回复", text = "屺亭街道已受理。", unitCode = OtherStreet });

        using var community = await app.ClientForAsync("community");
        var communityOwn = await CreateAsync(community, new { title = $"{tag} 社区回访", text = "社区已于{上报日期}接到反映，将上门回访。" });
        Assert.Equal(Community, communityOwn.UnitCode);

        var seenByCommunity = await ListAsync(community, tag);
        Assert.Equal(new[] { ours.Id, communityOwn.Id }.Order(), seenByCommunity.Select(t => t.Id).Order());
        Assert.False(seenByCommunity.Single(t => t.Id == ours.Id).Editable);   // inherited: used, not changed

        using var grid2 = await app.ClientForAsync("grid2");
        Assert.Equal([ours.Id], (await ListAsync(grid2, tag)).Select(t => t.Id));
        Assert.Equal(new[] { ours.Id, communityOwn.Id }.Order(), (await ListAsync(street, tag)).Select(t => t.Id).Order());

        // Another street's template: not listed, not editable, not deletable — not even shown to exist.
        Assert.DoesNotContain(await ListAsync(street, tag), t => t.Id == theirs.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await street.PutAsJsonAsync($"/api/v1/cases/reply-templates/{theirs.Id}", new { title = "改", text = "改" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await street.DeleteAsync($"/api/v1/cases/reply-templates/{theirs.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await community.DeleteAsync($"/api/v1/cases/reply-templates/{ours.Id}")).StatusCode);
        var creatingElsewhere = await street.PostAsJsonAsync("/api/v1/cases/reply-templates", new { title = $"{tag} 越权", text = "越权", unitCode = OtherStreet });
        Assert.Equal(HttpStatusCode.Forbidden, creatingElsewhere.StatusCode);

        // On a case in 茶东社区 the street's and the community's templates are offered, filled in.
        using var resident = app.CreateClient();
        var report = await ReportAsync(app, resident, Grid, $"{tag} 南门垃圾堆放", "E0102");
        var offered = await ReadAsync<List<RenderedReplyTemplate>>(await community.GetAsync($"/api/v1/cases/{report.Id}/reply-templates"));
        var filled = offered.Single(t => t.Id == ours.Id).Text;
        Assert.Equal($"您反映的“{tag} 南门垃圾堆放”（查询码 {report.TrackingCode}，暴露垃圾）已受理，我们将尽快处理。", filled);
        Assert.Contains(offered, t => t.Id == communityOwn.Id && t.Text.Contains('年', StringComparison.Ordinal) && !t.Text.Contains('{', StringComparison.Ordinal));
        Assert.DoesNotContain(offered, t => t.Id == theirs.Id);
    }

    [Fact]
    public async Task Bad_templates_are_refused_with_the_field_named_and_a_grid_worker_may_not_write_them()
    {
        var tag = NewTag();
        using var community = await app.ClientForAsync("community");
        foreach (var (body, field) in new (object Body, string Field)[]
        {
            (new { title = "", text = "内容" }, "title"),
            (new { title = new string('长', 51), text = "内容" }, "title"),
            (new { title = $"{tag} 空", text = "  " }, "text"),
            (new { title = $"{tag} 太长", text = new string('字', 1001) }, "text"),
            (new { title = $"{tag} 占位符", text = "您的{手机号}已登记" }, "text"),
            (new { title = $"{tag} 单位", text = "内容", unitCode = "999999" }, "unitCode"),
        })
        {
            var response = await community.PostAsJsonAsync("/api/v1/cases/reply-templates", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await JsonAsync(response);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field}: {problem}");
        }

        var first = await CreateAsync(community, new { title = $"{tag} 重名", text = "内容" });
        Assert.Equal(HttpStatusCode.BadRequest, (await community.PostAsJsonAsync("/api/v1/cases/reply-templates", new { title = $"{tag} 重名", text = "另一段" })).StatusCode);

        // A stale edit is a conflict, not an overwrite.
        var revised = await ReadAsync<ReplyTemplateView>(await community.PutAsJsonAsync($"/api/v1/cases/reply-templates/{first.Id}", new { title = $"{tag} 重名", text = "新内容", version = first.Version }));
        Assert.Equal(HttpStatusCode.Conflict, (await community.PutAsJsonAsync($"/api/v1/cases/reply-templates/{first.Id}", new { title = $"{tag} 重名", text = "旧内容", version = first.Version })).StatusCode);
        Assert.Equal("新内容", (await ListAsync(community, tag)).Single().Text);
        Assert.Equal(first.Version + 1, revised.Version);

        using var grid = await app.ClientForAsync("grid");
        Assert.Equal(HttpStatusCode.Forbidden, (await grid.PostAsJsonAsync("/api/v1/cases/reply-templates", new { title = $"{tag} 网格", text = "内容" })).StatusCode);
        Assert.Single(await ListAsync(grid, tag));   // but reads the community's
        Assert.Equal(HttpStatusCode.NoContent, (await community.DeleteAsync($"/api/v1/cases/reply-templates/{first.Id}")).StatusCode);
        Assert.Empty(await ListAsync(community, tag));
    }

    private static async Task<ReplyTemplateView> CreateAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/v1/cases/reply-templates", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await ReadAsync<ReplyTemplateView>(response);
    }

    private static async Task<List<ReplyTemplateView>> ListAsync(HttpClient client, string tag) =>
        [.. (await ReadAsync<List<ReplyTemplateView>>(await client.GetAsync("/api/v1/cases/reply-templates"))).Where(t => t.Title.StartsWith(tag, StringComparison.Ordinal))];
}
