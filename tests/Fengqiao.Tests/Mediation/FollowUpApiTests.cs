using System.Net;
using System.Net.Http.Json;
using Fengqiao.Kernel.Access;
using Fengqiao.Mediation.Disputes;
using Fengqiao.Mediation.FollowUps;
using Fengqiao.Testing;
using Fengqiao.Tests.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Fengqiao.Tests.Mediation.DisputeApiTests;

namespace Fengqiao.Tests.Mediation;

/// <summary>
/// 回访: visits planned when a case closes (resolved: 15 days and three months; failed or referred out: one month),
/// scheduled by hand, recorded; a relapse reopens the case or takes in a linked new case; visits due listed for a
/// mediator and reminded through the inbox; dates outside the windows refused with the rule named.
/// </summary>
public sealed class FollowUpApiTests(RacingApp app) : IClassFixture<RacingApp>
{
    [Fact]
    public async Task A_resolved_case_is_visited_after_15_days_and_3_months_and_a_failed_one_once()
    {
        var mediator = await app.ClientForAsync("mediator");
        var committee = await CommunityCommitteeAsync(mediator);
        var resolved = await IntakeAsync(mediator, committee, Neighbours("邹德明", "冯巧云", "院墙滴水"));
        var failed = await IntakeAsync(mediator, committee, Neighbours("彭志远", "曹春梅", "公共走道晾晒"));
        var closedOn = await CloseAsync(resolved.Id, DisputeStatus.Resolved);
        await CloseAsync(failed.Id, DisputeStatus.Failed);

        await SweepAsync();
        await SweepAsync();

        var visits = (await mediator.GetFromJsonAsync<CaseBody>(FollowUps(resolved.Id), CaseFixtures.Json))!.Items;
        Assert.Equal([closedOn.AddDays(15), closedOn.AddMonths(3)], visits.Select(v => v.DueOn));
        Assert.All(visits, v => Assert.Equal((FollowUpKind.Automatic, FollowUpStatus.Planned, "孙明德"), (v.Kind, v.Status, v.AssigneeName)));
        var once = Assert.Single((await mediator.GetFromJsonAsync<CaseBody>(FollowUps(failed.Id), CaseFixtures.Json))!.Items);
        Assert.Equal(closedOn.AddMonths(1), once.DueOn);
    }

    [Fact]
    public async Task A_visit_due_today_is_listed_for_its_mediator_reminded_and_once_recorded_no_longer_due()
    {
        var mediator = await app.ClientForAsync("mediator");
        var dispute = await IntakeAsync(mediator, await CommunityCommitteeAsync(mediator), Neighbours("沈建新", "胡玉珍", "楼顶太阳能热水器漏水"));
        var today = await CloseAsync(dispute.Id, DisputeStatus.Resolved);
        var visit = await Created<VisitBody>(await mediator.PostAsJsonAsync(FollowUps(dispute.Id), new { dueOn = today }));

        var due = (await mediator.GetFromJsonAsync<DueBody>($"{Root}?due={today:yyyy-MM-dd}&mine=true", CaseFixtures.Json))!;
        var grid = (await (await app.ClientForAsync("community")).GetFromJsonAsync<DueBody>($"{Root}?mine=true", CaseFixtures.Json))!;
        await SweepAsync();

        var item = Assert.Single(due.Items, i => i.Id == visit.Id);
        Assert.Equal((dispute.Number, false), (item.CaseNumber, item.IsOverdue));
        Assert.DoesNotContain(grid.Items, i => i.Id == visit.Id);
        var me = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == "mediator").Select(u => u.Id).SingleAsync());
        var notice = await app.WithDbAsync(db => db.Inbox.SingleAsync(i => i.UserId == me && i.SourceKey == $"mediation-follow-up:{visit.Id:N}:due"));
        Assert.Equal($"/mediation/cases/{dispute.Id}/follow-ups", notice.Link);

        var recorded = await mediator.PostAsJsonAsync($"{FollowUps(dispute.Id)}/{visit.Id}/record", new { visitedOn = today, way = "HomeVisit", result = "Performed", notes = "已腾退并修复，双方表示满意。" });
        var twice = await mediator.PostAsJsonAsync($"{FollowUps(dispute.Id)}/{visit.Id}/record", new { visitedOn = today, way = "Phone", result = "Stable" });

        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        var done = (await recorded.Content.ReadFromJsonAsync<VisitBody>(CaseFixtures.Json))!;
        Assert.Equal((FollowUpStatus.Done, FollowUpWay.HomeVisit, FollowUpResult.Performed, "孙明德"), (done.Status, done.Way, done.Result, done.VisitedByName));
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        var after = (await mediator.GetFromJsonAsync<DueBody>($"{Root}?due={today:yyyy-MM-dd}&mine=true", CaseFixtures.Json))!;
        Assert.DoesNotContain(after.Items, i => i.Id == visit.Id);
    }

    [Fact]
    public async Task A_relapse_reopens_the_case_and_drops_the_visits_still_planned()
    {
        var mediator = await app.ClientForAsync("mediator");
        var dispute = await IntakeAsync(mediator, await CommunityCommitteeAsync(mediator), Neighbours("钟国平", "汤素娟", "宠物粪便"));
        var today = await CloseAsync(dispute.Id, DisputeStatus.Resolved);
        await SweepAsync();
        var first = (await mediator.GetFromJsonAsync<CaseBody>(FollowUps(dispute.Id), CaseFixtures.Json))!.Items[0];

        var recorded = await mediator.PostAsJsonAsync($"{FollowUps(dispute.Id)}/{first.Id}/record", new
        {
            visitedOn = today, way = "Phone", result = "Relapse", relapse = "Reopen", notes = "被申请人未按约定清理，双方再起争执。",
        });

        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        var after = (await mediator.GetFromJsonAsync<CaseBody>(FollowUps(dispute.Id), CaseFixtures.Json))!;
        Assert.Equal(DisputeStatus.InMediation, after.Status);
        Assert.Null(after.ClosedOn);
        Assert.Equal([FollowUpStatus.Done, FollowUpStatus.Cancelled], after.Items.Select(i => i.Status));
        Assert.Equal(RelapseAction.Reopen, after.Items[0].Relapse);
    }

    [Fact]
    public async Task A_relapse_may_take_in_a_new_case_linked_both_ways()
    {
        var mediator = await app.ClientForAsync("mediator");
        var committee = await CommunityCommitteeAsync(mediator);
        var dispute = await IntakeAsync(mediator, committee, Neighbours("闵卫国", "魏彩霞", "共用楼道灯费用分摊"));
        var today = await CloseAsync(dispute.Id, DisputeStatus.Resolved);
        var visit = await Created<VisitBody>(await mediator.PostAsJsonAsync(FollowUps(dispute.Id), new { dueOn = today }));
        var newCase = Neighbours("闵卫国", "魏彩霞", "楼道堆物引发新的争执");

        var recorded = await mediator.PostAsJsonAsync($"{FollowUps(dispute.Id)}/{visit.Id}/record", new
        {
            visitedOn = today, way = "HomeVisit", result = "Relapse", relapse = "NewCase", notes = "灯费已分摊，但双方又因楼道堆物发生争执。", newCase,
        });

        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        var done = (await recorded.Content.ReadFromJsonAsync<VisitBody>(CaseFixtures.Json))!;
        Assert.NotNull(done.NewCaseId);
        Assert.StartsWith("调", done.NewCaseNumber, StringComparison.Ordinal);
        var old = (await mediator.GetFromJsonAsync<CaseBody>(FollowUps(dispute.Id), CaseFixtures.Json))!;
        Assert.Equal(DisputeStatus.Resolved, old.Status);
        var linked = (await mediator.GetFromJsonAsync<CaseBody>(FollowUps(done.NewCaseId!.Value), CaseFixtures.Json))!;
        Assert.Equal((dispute.Id, dispute.Number, visit.Id), (linked.RelapseOf!.CaseId, linked.RelapseOf.CaseNumber, linked.RelapseOf.FollowUpId));
        var created = await mediator.GetFromJsonAsync<DetailBody>($"{Url}/{done.NewCaseId}");
        Assert.Equal((committee, "楼道堆物引发新的争执"), (created!.CommitteeId, created.Title));
    }

    [Fact]
    public async Task A_relapse_whose_new_case_number_a_simultaneous_intake_committed_first_is_recorded_once_with_a_new_draw()
    {
        var mediator = await app.ClientForAsync("mediator");
        var committee = await CommunityCommitteeAsync(mediator);
        var other = await IntakeAsync(mediator, committee, Labour("顾志强", "顾志强与物业公司保洁工资争议"));
        var dispute = await IntakeAsync(mediator, committee, Neighbours("邵春华", "严美玲", "阳台晾衣滴水"));
        var today = await CloseAsync(dispute.Id, DisputeStatus.Resolved);
        var visit = await Created<VisitBody>(await mediator.PostAsJsonAsync(FollowUps(dispute.Id), new { dueOn = today }));
        string? lost = null;

        // Inside the visit's commit, another case takes the number the new case drew (both had found it free), as a
        // simultaneous intake committing first would.
        app.BeforeNextInsert<MediationCase>(c => c.Title == "阳台滴水再起争执", async (context, drawn) =>
        {
            lost = drawn.Number;
            await context.Set<MediationCase>().IgnoreQueryFilters().Where(c => c.Id == other.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.Number, drawn.Number));
        });
        var recorded = await mediator.PostAsJsonAsync($"{FollowUps(dispute.Id)}/{visit.Id}/record", new
        {
            visitedOn = today, way = "Phone", result = "Relapse", relapse = "NewCase", notes = "晾衣滴水问题又起，双方再次争吵。",
            newCase = Neighbours("邵春华", "严美玲", "阳台滴水再起争执"),
        });

        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        Assert.False(app.RacePending);
        Assert.NotNull(lost);
        var done = (await recorded.Content.ReadFromJsonAsync<VisitBody>(CaseFixtures.Json))!;
        Assert.Equal(FollowUpStatus.Done, done.Status);
        var stored = await app.WithDbAsync(db => db.Set<MediationCase>().IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.Title == "阳台滴水再起争执").Select(c => new { c.Id, c.Number }).ToListAsync());
        var created = Assert.Single(stored);
        Assert.Equal((created.Id, created.Number), (done.NewCaseId!.Value, done.NewCaseNumber!));
        var audit = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => (e.Action == ManageFollowUps.RecordAction && e.Target == TakeInDispute.Target(dispute.Id))
                        || (e.Action == TakeInDispute.IntakeAction && e.Target == TakeInDispute.Target(created.Id)))
            .Select(e => e.Action).ToListAsync());
        Assert.Equal([TakeInDispute.IntakeAction, ManageFollowUps.RecordAction], audit.Order(StringComparer.Ordinal));
        var verification = await app.AsSystemAsync(sp => sp.GetRequiredService<Fengqiao.Kernel.Audit.AuditChainVerifier>().VerifyAsync());
        Assert.True(verification.IsIntact, string.Join("; ", verification.Problems.Select(p => p.Description)));
    }

    [Fact]
    public async Task Visits_outside_their_windows_or_incomplete_are_refused_with_the_rule_and_nothing_written()
    {
        var mediator = await app.ClientForAsync("mediator");
        var committee = await CommunityCommitteeAsync(mediator);
        var open = await IntakeAsync(mediator, committee, Neighbours("严志华", "殷美华", "绿化带种菜"));
        var dispute = await IntakeAsync(mediator, committee, Neighbours("尤建华", "秦丽君", "门前停车"));
        var today = await CloseAsync(dispute.Id, DisputeStatus.Failed);
        var visit = await Created<VisitBody>(await mediator.PostAsJsonAsync(FollowUps(dispute.Id), new { dueOn = today.AddDays(7) }));
        var count = await app.WithDbAsync(db => db.Set<FollowUp>().CountAsync());
        var cases = await app.WithDbAsync(db => db.Set<MediationCase>().CountAsync());
        var record = $"{FollowUps(dispute.Id)}/{visit.Id}/record";

        var onOpenCase = await mediator.PostAsJsonAsync(FollowUps(open.Id), new { dueOn = today.AddDays(7) });
        var inThePast = await mediator.PostAsJsonAsync(FollowUps(dispute.Id), new { dueOn = today.AddDays(-1) });
        var tooLate = await mediator.PostAsJsonAsync(FollowUps(dispute.Id), new { dueOn = today.AddDays(400) });
        var noDate = await mediator.PostAsJsonAsync(FollowUps(dispute.Id), new { });
        var future = await mediator.PostAsJsonAsync(record, new { visitedOn = today.AddDays(2), way = "Phone", result = "Stable" });
        var beforeClosing = await mediator.PostAsJsonAsync(record, new { visitedOn = today.AddDays(-3), way = "Phone", result = "Stable" });
        var badWay = await mediator.PostAsJsonAsync(record, new { visitedOn = today, way = "Letter", result = "Stable" });
        var relapseWithoutChoice = await mediator.PostAsJsonAsync(record, new { visitedOn = today, way = "Phone", result = "Relapse", notes = "又吵起来了" });
        var badNewCase = await mediator.PostAsJsonAsync(record, new
        {
            visitedOn = today, way = "Phone", result = "Relapse", relapse = "NewCase", notes = "又吵起来了",
            newCase = new { source = "ApplicationWalkIn", type = "Neighbourhood", title = "", facts = "", claims = "", peopleInvolved = 2 },
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, onOpenCase.StatusCode);
        Assert.Contains(nameof(FollowUpsFollowAClosedCase), await onOpenCase.Content.ReadAsStringAsync());
        foreach (var refused in new[] { inThePast, tooLate })
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains(nameof(FollowUpIsDueWithinAYearOfClosing), await refused.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.BadRequest, noDate.StatusCode);
        foreach (var refused in new[] { future, beforeClosing })
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains(nameof(VisitHappenedAfterClosingAndNotInTheFuture), await refused.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.BadRequest, badWay.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, relapseWithoutChoice.StatusCode);
        Assert.Contains("relapse", await relapseWithoutChoice.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, badNewCase.StatusCode);
        Assert.Equal(count, await app.WithDbAsync(db => db.Set<FollowUp>().CountAsync()));
        Assert.Equal(cases, await app.WithDbAsync(db => db.Set<MediationCase>().CountAsync()));
        Assert.Equal(FollowUpStatus.Planned, await app.WithDbAsync(db => db.Set<FollowUp>().Where(f => f.Id == visit.Id).Select(f => f.Status).SingleAsync()));
    }

    private const string Root = "/api/v1/mediation/follow-ups";

    internal static string FollowUps(Guid id) => $"{Url}/{id}/follow-ups";

    /// <summary>Ends the case as the agreements and sessions features do (through the case's own Close/Resolve); returns the closing day.</summary>
    private Task<DateOnly> CloseAsync(Guid id, DisputeStatus outcome) => app.WithDbAsync(async db =>
    {
        var dispute = await db.Set<MediationCase>().SingleAsync(c => c.Id == id);
        if (outcome == DisputeStatus.Resolved)
        {
            dispute.Resolve(DateTimeOffset.UtcNow);
        }
        else
        {
            dispute.Close(outcome, DateTimeOffset.UtcNow);
        }

        await db.SaveChangesAsync();
        return dispute.ClosedOn!.Value;
    });

    private async Task SweepAsync()
    {
        await using var scope = app.Services.GetRequiredService<IServiceScopeFactory>().CreateSystemScope();
        await scope.ServiceProvider.GetRequiredService<FollowUpPlanner>().SweepAsync(CancellationToken.None);
    }

    internal sealed record VisitBody(
        Guid Id, Guid CaseId, string CaseNumber, FollowUpKind Kind, DateOnly ClosedOn, DateOnly DueOn, bool IsOverdue, string? AssigneeName, FollowUpStatus Status,
        DateOnly? VisitedOn, string? VisitedByName, FollowUpWay? Way, FollowUpResult? Result, string? Notes, RelapseAction? Relapse, Guid? NewCaseId, string? NewCaseNumber);

    internal sealed record OriginBody(Guid CaseId, string CaseNumber, Guid FollowUpId);

    internal sealed record CaseBody(Guid CaseId, string Number, DisputeStatus Status, DateOnly? ClosedOn, bool MayRecord, List<VisitBody> Items, OriginBody? RelapseOf);

    internal sealed record DueItemBody(Guid Id, Guid CaseId, string CaseNumber, DateOnly DueOn, bool IsOverdue);

    internal sealed record DueBody(List<DueItemBody> Items, int Total, int Overdue);
}
