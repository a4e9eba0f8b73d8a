using System.Net;
using System.Net.Http.Json;
using Fengqiao.Cases.Coordination;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Intake;
using Fengqiao.Cases.Queries;
using Fengqiao.Cases.Workflow;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;
using static Fengqiao.Tests.Cases.CaseFixtures;

namespace Fengqiao.Tests.Cases;

/// <summary>
/// 协办反馈: a case in 荆东社区 (320282001002) also involves 茶东社区 (320282001001) and is coordinated by 宜城街道. The
/// involved community's staff record their part on the timeline, attributed to their community, audited, and the holder
/// is told; bad text, a stale view, a closed case and callers who are not the involved unit's staff are refused and
/// nothing is written.
/// </summary>
public sealed class CoordinationReplyTests(CasesApp app) : IClassFixture<CasesApp>
{
    private const string Street = "320282001";

    [Fact]
    public async Task Staff_of_an_involved_community_reply_on_the_timeline_under_their_community_and_the_holder_is_notified()
    {
        var (id, code, version) = await CoordinatedCaseAsync("两社区交界处路灯不亮", "健康路与人民路交界处的三盏路灯已经一周不亮，晚上行人看不清路面，两个社区都说归对方管。");
        using var community = await app.ClientForAsync("community");
        var seen = await ReadAsync<CaseDetail>(await community.GetAsync($"/api/v1/cases/{id}"));
        var photos = await community.GetAsync($"/api/v1/cases/{id}/photos"); // the case page reads them too

        var reply = await ReadAsync<CaseStepResult>(await community.PostAsJsonAsync($"/api/v1/cases/{id}/coordination-replies", new
        {
            version,
            note = "  茶东社区一侧的两盏路灯已报修，供电所答复周五前更换灯泡。  ",
        }));

        Assert.True(seen.Allowed.CoordinationReply);
        Assert.Equal(HttpStatusCode.OK, photos.StatusCode);
        Assert.False(seen.Allowed.Accept || seen.Allowed.Progress || seen.Allowed.RequestClose || seen.Allowed.Dispatch);
        Assert.Equal((CaseStatus.Dispatched, version + 1, UnitLevel.Street, Street), (reply.Status, reply.Version, reply.HolderLevel!.Value, reply.HolderUnitCode));

        using var street = await app.ClientForAsync("street");
        var holderView = await ReadAsync<CaseDetail>(await street.GetAsync($"/api/v1/cases/{id}"));
        var entry = holderView.Timeline[^1];
        Assert.Equal(CaseActionKinds.CoordinationReply, entry.Kind);
        Assert.Equal("茶东社区一侧的两盏路灯已报修，供电所答复周五前更换灯泡。", entry.Note);
        Assert.Equal(("community", "community-worker", Community), (entry.ActorName, entry.ActorRole, entry.ActorUnitCode));
        Assert.Null(entry.PublicNote);
        Assert.Equal(CaseStatus.Dispatched, holderView.Summary.Status);
        Assert.False(holderView.Allowed.CoordinationReply); // the holder acts through the workflow
        Assert.True(holderView.Allowed.Accept);

        var audited = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == ReplyToCoordination.Action && e.Target == code).ToListAsync());
        var record = Assert.Single(audited);
        Assert.Equal((AuditOutcome.Succeeded, "community"), (record.Outcome, record.ActorName));
        Assert.Contains(Community, record.Detail, StringComparison.Ordinal);

        await app.DrainOutboxAsync();
        var inbox = await JsonAsync(await street.GetAsync("/api/v1/inbox?take=200"));
        Assert.Contains(inbox.EnumerateArray(), m => m.GetProperty("title").GetString() == $"案件 {code} 有新的协办反馈");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task An_empty_reply_is_refused_with_the_field_named_and_nothing_is_written(string? note)
    {
        var (id, _, version) = await CoordinatedCaseAsync("交界处井盖松动", "两社区交界的人行道上有个井盖松动，踩上去会翻。");
        using var community = await app.ClientForAsync("community");

        var response = await community.PostAsJsonAsync($"/api/v1/cases/{id}/coordination-replies", new { version, note });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("协办反馈", (await JsonAsync(response)).GetProperty("errors").GetProperty("note")[0].GetString(), StringComparison.Ordinal);
        await AssertUnchangedAsync(id, version);
    }

    [Fact]
    public async Task A_reply_longer_than_a_timeline_note_is_refused_and_one_at_the_limit_is_kept_whole()
    {
        var (id, _, version) = await CoordinatedCaseAsync("交界处违章搭建", "两个社区交界处的空地上有人搭了彩钢棚，占用消防通道。");
        using var community = await app.ClientForAsync("community");

        var tooLong = await community.PostAsJsonAsync($"/api/v1/cases/{id}/coordination-replies", new { version, note = new string('查', ReplyToCoordination.MaxNoteLength + 1) });
        await AssertUnchangedAsync(id, version);
        var atLimit = await ReadAsync<CaseStepResult>(await community.PostAsJsonAsync($"/api/v1/cases/{id}/coordination-replies", new { version, note = new string('查', ReplyToCoordination.MaxNoteLength) }));

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains($"1–{ReplyToCoordination.MaxNoteLength}", (await JsonAsync(tooLong)).GetProperty("errors").GetProperty("note")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(version + 1, atLimit.Version);
        var stored = await app.WithDbAsync(db => db.Set<CaseAction>().AsNoTracking().Where(a => a.CaseId == id && a.Kind == CaseActionKinds.CoordinationReply).Select(a => a.Note).SingleAsync());
        Assert.Equal(ReplyToCoordination.MaxNoteLength, stored!.Length);
    }

    [Fact]
    public async Task A_reply_on_a_stale_view_is_a_conflict_and_markup_is_stored_as_text()
    {
        var (id, _, version) = await CoordinatedCaseAsync("交界处噪声扰民", "两社区交界处的夜宵摊每晚营业到凌晨两点，噪声很大。");
        using var community = await app.ClientForAsync("community");
        using var street = await app.ClientForAsync("street");
        var accepted = await ReadAsync<CaseStepResult>(await street.PostAsJsonAsync($"/api/v1/cases/{id}/accept", new { version }));

        var stale = await community.PostAsJsonAsync($"/api/v1/cases/{id}/coordination-replies", new { version, note = "本社区已上门劝导摊主。" });
        var fresh = await ReadAsync<CaseStepResult>(await community.PostAsJsonAsync($"/api/v1/cases/{id}/coordination-replies", new { version = accepted.Version, note = "<script>alert(1)</script>已劝导" }));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal((CaseStatus.InProgress, accepted.Version + 1), (fresh.Status, fresh.Version));
        var detail = await ReadAsync<CaseDetail>(await street.GetAsync($"/api/v1/cases/{id}"));
        Assert.Equal("<script>alert(1)</script>已劝导", detail.Timeline[^1].Note);
        Assert.Single(detail.Timeline, a => a.Kind == CaseActionKinds.CoordinationReply);
    }

    [Fact]
    public async Task Only_staff_of_an_involved_unit_may_reply_others_get_not_found_or_forbidden_and_the_refusal_is_audited()
    {
        var (id, code, version) = await CoordinatedCaseAsync("交界处垃圾桶满溢", "两社区交界的公交站旁垃圾桶满了三天，垃圾散落一地。");
        var body = new { version, note = "本单位已了解情况。" };

        // Outside every involved unit and the case's place: the case is not there for them.
        using var handler = await app.ClientForAsync("handler");
        using var grid = await app.ClientForAsync("grid"); // a grid of 茶东社区: below the involved community, not in it
        var notFound = new[] { await handler.PostAsJsonAsync($"/api/v1/cases/{id}/coordination-replies", body), await grid.PostAsJsonAsync($"/api/v1/cases/{id}/coordination-replies", body) };

        // Reaching the case itself (its grid, its street = the coordinator, the county supervisor): the workflow is theirs.
        using var grid2 = await app.ClientForAsync("grid2");
        using var street = await app.ClientForAsync("street");
        using var supervisor = await app.ClientForAsync("supervisor");
        var forbidden = new[]
        {
            await grid2.PostAsJsonAsync($"/api/v1/cases/{id}/coordination-replies", body),
            await street.PostAsJsonAsync($"/api/v1/cases/{id}/coordination-replies", body),
            await supervisor.PostAsJsonAsync($"/api/v1/cases/{id}/coordination-replies", body),
        };

        // And an involved unit's staff cannot take over the workflow (its steps reach only the case's own jurisdiction).
        using var community = await app.ClientForAsync("community");
        var accept = await community.PostAsJsonAsync($"/api/v1/cases/{id}/accept", new { version });

        Assert.All(notFound, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.All(forbidden, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Contains("涉及单位", (await JsonAsync(forbidden[0])).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, accept.StatusCode);
        await AssertUnchangedAsync(id, version);
        var refusals = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == ReplyToCoordination.Action && e.Target == code && e.Outcome == AuditOutcome.Denied).CountAsync());
        Assert.Equal(3, refusals);
    }

    [Fact]
    public async Task A_closed_case_takes_no_reply_and_says_why()
    {
        var (id, _, version) = await CoordinatedCaseAsync("交界处树枝压线", "两社区交界处的行道树树枝压在电线上，刮风时火花直冒。");
        using var street = await app.ClientForAsync("street");
        using var grid2 = await app.ClientForAsync("grid2");
        var accepted = await ReadAsync<CaseStepResult>(await street.PostAsJsonAsync($"/api/v1/cases/{id}/accept", new { version }));
        var disposed = await ReadAsync<CaseStepResult>(await street.PostAsJsonAsync($"/api/v1/cases/{id}/request-close", new { version = accepted.Version, note = "街道联系园林所修剪了树枝。" }));
        var closed = await ReadAsync<CaseStepResult>(await grid2.PostAsJsonAsync($"/api/v1/cases/{id}/verify", new { version = disposed.Version, passed = true, note = "现场核查，树枝已剪除。" }));
        using var community = await app.ClientForAsync("community");

        var seen = await ReadAsync<CaseDetail>(await community.GetAsync($"/api/v1/cases/{id}"));
        var response = await community.PostAsJsonAsync($"/api/v1/cases/{id}/coordination-replies", new { version = closed.Version, note = "本社区一侧也已修剪。" });

        Assert.Equal(CaseStatus.Closed, closed.Status);
        Assert.False(seen.Allowed.CoordinationReply);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("已结案", (await JsonAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertUnchangedAsync(id, closed.Version);
    }

    private Task<(Guid Id, string Code, long Version)> CoordinatedCaseAsync(string title, string description) =>
        CoordinatedCases.CreateAsync(app, title, description);

    private async Task AssertUnchangedAsync(Guid id, long version)
    {
        var (current, replies) = await app.WithDbAsync(async db => (
            await db.Set<Case>().IgnoreQueryFilters().Where(c => c.Id == id).Select(c => c.Version).SingleAsync(),
            await db.Set<CaseAction>().CountAsync(a => a.CaseId == id && a.Kind == CaseActionKinds.CoordinationReply)));
        Assert.Equal(version, current);
        Assert.Equal(0, replies);
    }
}
