using System.Net;
using System.Net.Http.Json;
using Fengqiao.Kernel.Time;
using Fengqiao.Mediation.Disputes;
using Fengqiao.Testing;
using Fengqiao.Tests.Cases;
using Microsoft.EntityFrameworkCore;
using static Fengqiao.Tests.Mediation.DisputeApiTests;

namespace Fengqiao.Tests.Mediation;

/// <summary>
/// The reads behind the mediation pages: the mediator's workbench (my cases, my committees' other cases, today's
/// sittings in China, overdue marker), the centre dashboard within jurisdiction, a case's timeline from the audit log,
/// whom a case may be given to, and the committees one may take a dispute in for.
/// </summary>
public sealed class WorkbenchApiTests(FengqiaoApp app) : IClassFixture<FengqiaoApp>
{
    private const string Grid = "320282001001001";

    [Fact]
    public async Task The_workbench_shows_my_cases_with_their_due_date_my_committees_other_cases_and_only_todays_sittings()
    {
        var mediator = await app.ClientForAsync("mediator");
        var community = await app.ClientForAsync("community");
        var committee = await CommunityCommitteeAsync(mediator);
        var mine = await IntakeAsync(mediator, committee, Neighbours("樊志远", "邹丽华", "空调外机噪音扰民"));
        var colleagues = await IntakeAsync(community, committee, Neighbours("单国庆", "蒋玉梅", "楼道堆放杂物"));
        var today = Today();
        var slot = ChinaTime.At(today, new TimeOnly(Random.Shared.Next(0, 10), Random.Shared.Next(0, 4) * 15));
        await Created<object>(await mediator.PostAsJsonAsync($"{Url}/{mine.Id}/sessions", new { startsAt = slot, endsAt = slot.AddMinutes(90), place = "茶东社区调解室" }));
        await Created<object>(await mediator.PostAsJsonAsync($"{Url}/{mine.Id}/sessions", new { startsAt = slot.AddDays(1), endsAt = slot.AddDays(1).AddMinutes(90), place = "茶东社区调解室" }));

        // Accepted over a month ago: the period has run out.
        await app.WithDbAsync(db => db.Set<MediationCase>().Where(c => c.Id == mine.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.DueOn, today.AddDays(-2))));
        var text = await mediator.GetStringAsync("/api/v1/mediation/workbench");
        var view = System.Text.Json.JsonSerializer.Deserialize<WorkbenchBody>(text, CaseFixtures.Json)!;

        var my = Assert.Single(view.MyCases, c => c.Id == mine.Id);
        Assert.Equal((today.AddDays(-2), true, true), (my.DueOn, my.IsOverdue, my.IsMine));
        Assert.Equal("InMediation", my.Status);
        Assert.Equal("樊**、邹**", my.Parties);
        Assert.DoesNotContain(view.CommitteeCases, c => c.Id == mine.Id);
        var other = Assert.Single(view.CommitteeCases, c => c.Id == colleagues.Id);
        Assert.Equal((colleagues.Number, false, false), (other.Number, other.IsOverdue, other.IsMine));
        var sitting = Assert.Single(view.TodaySessions, s => s.CaseId == mine.Id);
        Assert.Equal((1, "茶东社区调解室"), (sitting.Sequence, sitting.Place));
        Assert.Equal(["孙明德"], sitting.Mediators);
        Assert.Equal(today, DateOnly.FromDateTime(ChinaTime.ToLocal(sitting.StartsAt).DateTime));
        foreach (var secret in new[] { "樊志远", "邹丽华", "单国庆" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        // The colleague who took the other case in has it as their own, and does not see the mediator's sittings.
        var theirs = (await community.GetFromJsonAsync<WorkbenchBody>("/api/v1/mediation/workbench", CaseFixtures.Json))!;
        Assert.Contains(theirs.MyCases, c => c.Id == colleagues.Id);
        Assert.DoesNotContain(theirs.TodaySessions, s => s.CaseId == mine.Id);
    }

    [Fact]
    public async Task The_dashboard_counts_open_cases_by_risk_and_type_counts_overdue_ones_and_maps_those_with_a_point_within_jurisdiction()
    {
        var mediator = await app.ClientForAsync("mediator");
        var street = await app.ClientForAsync("street");
        var committee = await CommunityCommitteeAsync(mediator);
        var before = (await street.GetFromJsonAsync<DashboardBody>("/api/v1/mediation/dashboard", CaseFixtures.Json))!;
        var (lon, lat) = await CaseFixtures.PointInAsync(app, Grid);
        var located = Body(committee, Labour("郁建平", "拖欠加班费"));
        located["longitude"] = lon;
        located["latitude"] = lat;
        located["address"] = "茶东紫砂工艺厂车间";
        var mapped = await Created<DetailBody>(await mediator.PostAsJsonAsync(Url, located));
        var unmapped = await IntakeAsync(mediator, committee, Neighbours("殷德明", "钟秀芳", "阳台晾衣滴水"));
        await app.WithDbAsync(db => db.Set<MediationCase>().Where(c => c.Id == unmapped.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.DueOn, Today().AddDays(-1))));

        var after = (await street.GetFromJsonAsync<DashboardBody>("/api/v1/mediation/dashboard", CaseFixtures.Json))!;
        var mediators = (await mediator.GetFromJsonAsync<DashboardBody>("/api/v1/mediation/dashboard?unit=320282001001", CaseFixtures.Json))!;
        var elsewhere = (await street.GetFromJsonAsync<DashboardBody>("/api/v1/mediation/dashboard?unit=320282001002", CaseFixtures.Json))!;
        var unknownUnit = await street.GetAsync("/api/v1/mediation/dashboard?unit=999999999999");
        var gridWorker = await (await app.ClientForAsync("grid")).GetAsync("/api/v1/mediation/dashboard");

        Assert.Equal(before.OpenCases + 2, after.OpenCases);
        Assert.Equal(after.OpenCases, after.ByRisk.Sum(r => r.Count));
        Assert.Equal(["Critical", "High", "Medium", "Low"], after.ByRisk.Select(r => r.Level));
        Assert.Equal(Count(before, "Labour") + 1, Count(after, "Labour"));
        Assert.Equal(Count(before, "Neighbourhood") + 1, Count(after, "Neighbourhood"));
        Assert.Equal(before.Overdue + 1, after.Overdue);
        var point = Assert.Single(after.Points, p => p.Id == mapped.Id);
        Assert.Equal((mapped.RiskLevel, lon, lat, false), (point.RiskLevel, point.Longitude, point.Latitude, point.IsOverdue));
        Assert.DoesNotContain(after.Points, p => p.Id == unmapped.Id);
        Assert.Contains(mediators.Points, p => p.Id == mapped.Id);
        Assert.Equal(0, elsewhere.OpenCases);
        Assert.Empty(elsewhere.Points);
        Assert.Equal(HttpStatusCode.NotFound, unknownUnit.StatusCode);
        Assert.Contains("999999999999", await unknownUnit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, gridWorker.StatusCode);
    }

    [Fact]
    public async Task A_cases_timeline_tells_its_history_from_the_audit_log_in_order_and_only_to_those_who_reach_the_case()
    {
        var mediator = await app.ClientForAsync("mediator");
        var community = await app.ClientForAsync("community");
        var dispute = await IntakeAsync(mediator, await CommunityCommitteeAsync(mediator), Neighbours("祁永康", "毛桂英", "共用楼梯灯电费分摊"));
        var assigned = await community.PostAsJsonAsync($"{Url}/{dispute.Id}/mediators", new { userName = "community" });
        var slot = ChinaTime.At(Today().AddDays(Random.Shared.Next(40, 300)), new TimeOnly(14, 0));
        var session = await Created<SessionApiTests.SessionBody>(await mediator.PostAsJsonAsync($"{Url}/{dispute.Id}/sessions", new { startsAt = slot, endsAt = slot.AddHours(1), place = "茶东社区调解室" }));
        await mediator.PostAsJsonAsync($"{Url}/{dispute.Id}/sessions/{session.Id}/record", new { minutes = "双方同意按户均摊电费。", outcome = "Adjourned" });
        var applicant = dispute.Parties.Single(p => p.Role == "Applicant");
        await mediator.PostAsJsonAsync($"{Url}/{dispute.Id}/parties/{applicant.Id}/reveal", new { field = "name", purpose = "电话通知当事人参加调解" });

        var timeline = (await community.GetFromJsonAsync<List<TimelineBody>>($"{Url}/{dispute.Id}/timeline", CaseFixtures.Json))!;
        var stranger = await (await app.ClientForAsync("resident")).GetAsync($"{Url}/{dispute.Id}/timeline");
        var unknown = await community.GetAsync($"{Url}/{Guid.NewGuid()}/timeline");

        Assert.Equal(HttpStatusCode.Created, assigned.StatusCode);
        Assert.Equal(
            ["mediation.case.intake", "mediation.case.assign-mediator", "mediation.session.schedule", "mediation.session.record", "personal-data.reveal"],
            timeline.Select(e => e.Action));
        Assert.Equal(timeline.OrderBy(e => e.Sequence).Select(e => e.Sequence), timeline.Select(e => e.Sequence));
        Assert.Contains(dispute.Number, timeline[0].Detail, StringComparison.Ordinal);
        Assert.Contains("茶东社区调解室", timeline[2].Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(timeline, e => e.Detail?.Contains("祁永康", StringComparison.Ordinal) == true);
        Assert.Equal(HttpStatusCode.Forbidden, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Mediator_choices_are_the_committees_current_members_with_accounts_and_intake_offers_constituted_committees_within_reach()
    {
        var mediator = await app.ClientForAsync("mediator");
        var dispute = await IntakeAsync(mediator, await CommunityCommitteeAsync(mediator), Neighbours("柏文斌", "卜小红", "绿化带种菜"));

        var choices = (await mediator.GetFromJsonAsync<List<ChoiceBody>>($"{Url}/{dispute.Id}/mediator-choices", CaseFixtures.Json))!;
        var committees = (await mediator.GetFromJsonAsync<List<IntakeCommitteeBody>>("/api/v1/mediation/intake-committees", CaseFixtures.Json))!;
        var streets = (await (await app.ClientForAsync("street")).GetFromJsonAsync<List<IntakeCommitteeBody>>("/api/v1/mediation/intake-committees", CaseFixtures.Json))!;
        var supervisor = await (await app.ClientForAsync("supervisor")).GetAsync("/api/v1/mediation/intake-committees");

        Assert.Equal([("mediator", "孙明德", true), ("community", "李文静", false)], choices.Select(c => (c.UserName, c.Name, c.IsAssigned)));
        // The mediator serves in the street committee too, but it lies outside their community: only their community's committee.
        Assert.Equal([Fengqiao.Mediation.Committees.DemoCommittees.CommunityCommitteeName], committees.Select(c => c.Name));
        Assert.Equal(
            [Fengqiao.Mediation.Committees.DemoCommittees.StreetCommitteeName, Fengqiao.Mediation.Committees.DemoCommittees.CommunityCommitteeName],
            streets.Select(c => c.Name).Where(n => n.StartsWith("宜城街道", StringComparison.Ordinal) || n.StartsWith("茶东社区", StringComparison.Ordinal)));
        Assert.DoesNotContain(streets, c => c.Name == Fengqiao.Mediation.Committees.DemoCommittees.CentreName);
        Assert.Equal(["TownshipOrStreet", "VillageOrCommunity"], streets.Where(c => c.Name.Contains("人民调解委员会", StringComparison.Ordinal)).Select(c => c.Tier).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, supervisor.StatusCode);
    }

    private static int Count(DashboardBody view, string type) => view.ByType.FirstOrDefault(t => t.Type == type)?.Count ?? 0;

    private static DateOnly Today() => DateOnly.FromDateTime(ChinaTime.ToLocal(DateTimeOffset.UtcNow).DateTime);

    internal sealed record WorkbenchCaseBody(Guid Id, string Number, string Title, string Status, string RiskLevel, string Parties, DateOnly DueOn, bool IsOverdue, bool IsMine);

    internal sealed record WorkbenchSessionBody(Guid SessionId, Guid CaseId, string CaseNumber, int Sequence, DateTimeOffset StartsAt, string Place, List<string> Mediators);

    internal sealed record WorkbenchBody(DateOnly Today, List<WorkbenchCaseBody> MyCases, List<WorkbenchCaseBody> CommitteeCases, List<WorkbenchSessionBody> TodaySessions);

    internal sealed record RiskCountBody(string Level, int Count);

    internal sealed record TypeCountBody(string Type, int Count);

    internal sealed record PointBody(Guid Id, string RiskLevel, double Longitude, double Latitude, bool IsOverdue);

    internal sealed record DashboardBody(int OpenCases, int Overdue, List<RiskCountBody> ByRisk, List<TypeCountBody> ByType, List<PointBody> Points, bool Truncated);

    internal sealed record TimelineBody(long Sequence, DateTimeOffset At, string Action, string ActorName, string? Detail);

    internal sealed record ChoiceBody(string UserName, string Name, bool IsAssigned);

    internal sealed record IntakeCommitteeBody(Guid Id, string Name, string Tier);
}
