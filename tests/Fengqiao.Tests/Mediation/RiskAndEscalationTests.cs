using System.Net.Http.Json;
using Fengqiao.Cases.Contracts;
using Fengqiao.Kernel.Data;
using Fengqiao.Mediation.Disputes;
using Fengqiao.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Fengqiao.Tests.Mediation.DisputeApiTests;

namespace Fengqiao.Tests.Mediation;

/// <summary>
/// Risk rules on intake and on change (group disputes, threats, repeats, vulnerable parties), the street and county
/// centre told of high and critical ones, and an escalated dispute event arriving as a mediation case.
/// </summary>
public sealed class RiskAndEscalationTests(FengqiaoApp app) : IClassFixture<FengqiaoApp>
{
    [Fact]
    public async Task A_quiet_dispute_between_two_neighbours_is_low_risk()
    {
        var client = await app.ClientForAsync("mediator");

        var created = await IntakeAsync(client, await CommunityCommitteeAsync(client), Neighbours("葛新民", "范淑芬", "空调外机噪音"));

        Assert.Equal("Low", created.RiskLevel);
        Assert.Empty(created.RiskReasons);
    }

    [Fact]
    public async Task A_group_wage_dispute_with_threats_is_critical_and_the_street_and_county_centre_are_told_at_once()
    {
        var client = await app.ClientForAsync("street");
        var committee = (await client.GetFromJsonAsync<List<CommitteeApiTests.SummaryBody>>("/api/v1/mediation/committees?unit=320282001"))!
            .Single(c => c.Name == Fengqiao.Mediation.Committees.DemoCommittees.StreetCommitteeName).Id;

        var created = await IntakeAsync(client, committee, new
        {
            source = "ReferralPetitionOffice", sourceReference = "宜信转〔2026〕118 号", type = "Labour", title = "十二名工人追讨工程款", peopleInvolved = 12, amount = 386000m,
            facts = "宜城街道某安置房项目十二名木工被拖欠工资，多次讨要无果，其中一人扬言再不给钱就跟老板同归于尽。",
            claims = "要求包工头及总承包单位支付拖欠工资 38.6 万元。",
            parties = new object[]
            {
                new { kind = "Person", role = "Applicant", name = "曹德明" },
                new { kind = "Organisation", role = "Respondent", name = "宜兴市宏建建筑劳务有限公司" },
            },
        });
        await app.DrainOutboxAsync();

        Assert.Equal("Critical", created.RiskLevel);
        Assert.Contains(created.RiskReasons, r => r.Contains("群体性纠纷", StringComparison.Ordinal) && r.Contains("12 人", StringComparison.Ordinal));
        Assert.Contains(created.RiskReasons, r => r.Contains("民转刑", StringComparison.Ordinal) && r.Contains("同归于尽", StringComparison.Ordinal));
        Assert.Contains(created.RiskReasons, r => r.Contains("信访", StringComparison.Ordinal));
        var told = await InboxTitlesAsync(created.Number);
        Assert.Contains("street", told);
        Assert.Contains("supervisor", told);
        Assert.DoesNotContain("grid", told);
    }

    [Fact]
    public async Task A_change_that_makes_a_dispute_a_group_dispute_raises_its_risk_and_tells_the_street()
    {
        var client = await app.ClientForAsync("mediator");
        var created = await IntakeAsync(client, await CommunityCommitteeAsync(client), Neighbours("陆建平", "毛晓燕", "公共绿地被占用种菜"));

        var revised = await client.PutAsJsonAsync($"{Url}/{created.Id}", Revision(created.Version, 8));
        await app.DrainOutboxAsync();

        var after = (await revised.Content.ReadFromJsonAsync<DetailBody>(Cases.CaseFixtures.Json))!;
        Assert.Equal(("Low", "High"), (created.RiskLevel, after.RiskLevel));
        Assert.Contains("street", await InboxTitlesAsync(created.Number));
    }

    [Fact]
    public async Task The_same_parties_again_and_an_elderly_party_make_a_dispute_medium_risk()
    {
        var client = await app.ClientForAsync("mediator");
        var committee = await CommunityCommitteeAsync(client);
        var first = await IntakeAsync(client, committee, Neighbours("邱永康", "冯彩霞", "晾衣滴水"));
        var elderId = IdNumber("19480307");

        var second = await IntakeAsync(client, committee, Neighbours("邱永康", "冯彩霞", "楼道堆物"));
        var elderly = await IntakeAsync(client, committee, new
        {
            source = "ApplicationPhone", type = "MarriageAndFamily", title = "赡养费纠纷", peopleInvolved = 3,
            facts = "老人有两个儿子，二人互相推诿，半年未支付赡养费。", claims = "要求两个儿子每月各支付赡养费 800 元。",
            parties = new object[] { new { kind = "Person", role = "Applicant", name = "柏文清", identityNumber = elderId } },
        });

        Assert.Equal("Low", first.RiskLevel);
        Assert.Equal("Medium", second.RiskLevel);
        Assert.Contains(second.RiskReasons, r => r.Contains("同一当事人", StringComparison.Ordinal));
        Assert.Equal("Medium", elderly.RiskLevel);
        var elder = Assert.Single(elderly.Parties);
        Assert.True(elder.IsVulnerable);
        Assert.Contains("岁老人", elder.Vulnerability, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_escalated_dispute_event_becomes_one_mediation_case_at_the_street_committee_however_often_it_is_delivered()
    {
        var eventId = Guid.NewGuid();
        var step = new CaseEscalated(
            eventId, "SJ" + eventId.ToString("N")[..8].ToUpperInvariant(), "S0103", "工地拖欠农民工工资", "宏达建筑在本社区工地拖欠 12 名工人三个月工资共 18 万元，工人多次讨要未果。",
            "宜城街道人民南路 18 号工地", null, null, null, "320282001001", "320282001", "涉及人数多，社区协调未果，提请街道处理。", DateTimeOffset.UtcNow.AddHours(-30), DateTimeOffset.UtcNow);
        var other = step with { CaseId = Guid.NewGuid(), CategoryCode = "E0102" };

        await PublishAsync(step);
        await PublishAsync(step);
        await PublishAsync(other);
        await app.DrainOutboxAsync();

        var cases = await app.WithDbAsync(db => db.Set<MediationCase>().AsNoTracking().Where(c => c.SourceEventId == eventId || c.SourceEventId == other.CaseId).ToListAsync());
        var taken = Assert.Single(cases);
        Assert.Equal((DisputeSource.EscalatedEvent, DisputeType.Labour, step.TrackingCode), (taken.Source, taken.Type, taken.SourceReference));
        Assert.Equal(("工地拖欠农民工工资", "宜城街道人民南路 18 号工地"), (taken.Title, taken.Address));
        Assert.StartsWith("宏达建筑在本社区工地拖欠 12 名工人", taken.Facts, StringComparison.Ordinal);
        Assert.Contains("提级理由：涉及人数多，社区协调未果", taken.Facts, StringComparison.Ordinal);
        Assert.Equal(Fengqiao.Mediation.Committees.DemoCommittees.StreetCommitteeName, taken.CommitteeName);
        var street = await app.ClientForAsync("street");
        var listed = await street.GetFromJsonAsync<PageBody>($"{Url}?unit=320282001&pageSize=200");
        Assert.Contains(listed!.Items, c => c.Id == taken.Id);
    }

    [Fact]
    public async Task A_neighbour_dispute_reported_by_a_resident_and_escalated_by_the_grid_worker_arrives_at_the_community_committee_with_its_facts()
    {
        var (lon, lat) = await Cases.CaseFixtures.PointInAsync(app, Cases.CaseFixtures.Grid);
        using var resident = app.CreateClient();
        var description = $"楼上住户装修后卫生间漏水，楼下住户天花板发霉，双方多次协商未果。（{Guid.NewGuid():N}）";
        var receipt = await Cases.CaseFixtures.ReadAsync<Fengqiao.Cases.Intake.ReportReceipt>(await Cases.CaseFixtures.ReportAsync(
            resident, new { description, longitude = lon, latitude = lat, categoryCode = "S0101", anonymous = true }));
        using var grid = await app.ClientForAsync("grid");

        var escalated = await grid.PostAsJsonAsync($"/api/v1/cases/{receipt.Id}/escalate", new { note = "双方争执激烈，需社区人民调解委员会介入。" });
        await app.DrainOutboxAsync();

        Assert.True(escalated.IsSuccessStatusCode, $"{receipt.HolderTier}: {await escalated.Content.ReadAsStringAsync()}");
        var taken = await app.WithDbAsync(db => db.Set<MediationCase>().AsNoTracking().SingleAsync(c => c.SourceEventId == receipt.Id));
        Assert.Equal((Fengqiao.Mediation.Committees.DemoCommittees.CommunityCommitteeName, DisputeType.Neighbourhood), (taken.CommitteeName, taken.Type));
        Assert.StartsWith(description, taken.Facts, StringComparison.Ordinal);
        Assert.Contains("提级理由：双方争执激烈", taken.Facts, StringComparison.Ordinal);
        Assert.Equal((Cases.CaseFixtures.Grid, Cases.CaseFixtures.Community), (taken.GridCode, taken.CommunityCode));
        var mediator = await app.ClientForAsync("mediator");
        var listed = await mediator.GetFromJsonAsync<PageBody>($"{Url}?pageSize=200");
        Assert.Contains(listed!.Items, c => c.Id == taken.Id);
    }

    private Task<int> PublishAsync(CaseEscalated step) =>
        app.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<FengqiaoDbContext>();
            db.Publish(step);
            return await db.SaveChangesAsync();
        });

    /// <summary>User names of the demo accounts whose inbox holds a risk notice for the case.</summary>
    private Task<List<string>> InboxTitlesAsync(string number) =>
        app.WithDbAsync(db => db.Inbox.AsNoTracking()
            .Where(i => i.Title.Contains(number))
            .Join(db.Users, i => i.UserId, u => u.Id, (i, u) => u.UserName!)
            .ToListAsync());
}
