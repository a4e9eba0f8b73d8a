using System.Net;
using System.Net.Http.Json;
using Fengqiao.Kernel.Time;
using Fengqiao.Mediation.Committees;
using Fengqiao.Mediation.Disputes;
using Fengqiao.Mediation.Systemic;
using Fengqiao.Testing;
using Fengqiao.Tests.Cases;
using Microsoft.EntityFrameworkCore;
using static Fengqiao.Tests.Mediation.DisputeApiTests;

namespace Fengqiao.Tests.Mediation;

/// <summary>
/// Systemic issues (系统性问题): clusters of disputes raise ONE issue, addressed to the unit that can deal with the cause,
/// which tracks it to resolution. Each test uses its own organisation, address or community so the clusters stay apart.
/// </summary>
public sealed class SystemicIssueTests(FengqiaoApp app) : IClassFixture<FengqiaoApp>
{
    private const string IssuesUrl = "/api/v1/mediation/systemic-issues";
    private const string SecondCommunity = "320282001002";

    [Fact]
    public async Task Wage_arrears_by_one_employer_across_two_communities_raise_one_issue_for_the_street_with_every_case_linked()
    {
        const string employer = "宜兴市宏达陶瓷制品有限公司";
        var street = await app.ClientForAsync("street");
        var chadong = await CommunityCommitteeAsync(street);
        var second = await ConstitutedCommitteeAsync(street, "Residents", "宜城街道第二社区人民调解委员会", SecondCommunity);

        var first = await IntakeAsync(street, chadong, WageArrears("蔡国强", employer, 6800m));
        var secondCase = await IntakeAsync(street, second, WageArrears("方红梅", employer, 5200m));
        await app.DrainOutboxAsync();
        var beforeThreshold = await IssuesOfAsync(street, employer);
        var third = await IntakeAsync(street, chadong, WageArrears("吕建新", employer, 7400m));
        await app.DrainOutboxAsync();
        var raised = await IssuesOfAsync(street, employer);
        var fourth = await IntakeAsync(street, second, WageArrears("姚丽娟", employer, 6100m));
        await app.DrainOutboxAsync();
        await app.DrainOutboxAsync();

        Assert.Empty(beforeThreshold);
        var issue = Assert.Single(raised);
        Assert.Equal((SystemicIssueKind.Organisation, "320282001", MediationTier.TownshipOrStreet), (issue.Kind, issue.UnitCode, issue.AddressedTier));
        var after = Assert.Single(await IssuesOfAsync(street, employer));
        Assert.Equal(issue.Id, after.Id);
        var detail = await street.GetFromJsonAsync<SystemicIssueDetail>($"{IssuesUrl}/{issue.Id}", CaseFixtures.Json);
        Assert.Equal(
            new[] { first.Number, secondCase.Number, third.Number, fourth.Number }.Order(),
            detail!.Cases.Select(c => c.Number).Order());
        Assert.All(detail.Cases, c => Assert.Equal(DisputeType.Labour, c.Type));
        Assert.Equal(employer, detail.OrganisationName);
        Assert.Contains("4 起", detail.Finding, StringComparison.Ordinal);
        Assert.Contains(detail.Entries, e => e.Kind == SystemicEntryKind.CaseLinked && e.Note.Contains(fourth.Number, StringComparison.Ordinal));
        var told = await app.WithDbAsync(db => db.Inbox.AsNoTracking().Where(i => i.Link == $"/mediation/systemic-issues/{issue.Id}")
            .Join(db.Users, i => i.UserId, u => u.Id, (i, u) => u.UserName!).ToListAsync());
        Assert.Equal(["street"], told);
        var audited = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().CountAsync(e => e.Action == SystemicDetector.RaisedAction && e.Target == $"systemic-issue:{issue.Id}"));
        Assert.Equal(1, audited);
    }

    [Fact]
    public async Task Two_disputes_against_one_property_company_stay_below_the_threshold_and_raise_nothing_even_on_a_sweep()
    {
        const string company = "宜兴市丁蜀紫砂物业管理有限公司";
        var street = await app.ClientForAsync("street");
        var chadong = await CommunityCommitteeAsync(street);
        await IntakeAsync(street, chadong, PropertyFee("贺晓东", company));
        await IntakeAsync(street, chadong, PropertyFee("孔德兰", company));
        await app.DrainOutboxAsync();
        var admin = await app.ClientForAsync("admin");

        var sweep = await admin.PostAsJsonAsync($"{IssuesUrl}/sweep", new { });

        Assert.Equal(HttpStatusCode.OK, sweep.StatusCode);
        Assert.Empty(await IssuesOfAsync(street, company));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<SystemicIssue>().CountAsync(i => i.OrganisationName == company)));
    }

    [Fact]
    public async Task A_type_rises_only_against_the_communitys_own_baseline_and_the_issue_goes_to_that_community()
    {
        const string community = "320282001004";
        var street = await app.ClientForAsync("street");
        var committee = await ConstitutedCommitteeAsync(street, "Residents", "岳堤社区人民调解委员会", community);
        // The baseline: 3 family disputes in each of the 6 earlier 30-day periods (mean 3), seeded as accepted back then.
        var today = DateOnly.FromDateTime(ChinaTime.ToLocal(DateTimeOffset.UtcNow).DateTime);
        await app.WithDbAsync(async db =>
        {
            var entity = await db.Set<Committee>().SingleAsync(c => c.Id == committee);
            for (var period = 1; period <= 6; period++)
            {
                for (var i = 0; i < 3; i++)
                {
                    var acceptedOn = today.AddDays(-(30 * period) - (i * 7) - 1);
                    db.Add(new MediationCase(
                        $"调基线{period}{i}{Guid.NewGuid().ToString("N")[..6]}", entity, DisputeSource.ApplicationWalkIn, null, null, DisputeType.MarriageAndFamily,
                        "赡养费纠纷", "子女之间就老人赡养费分担发生争执。", "要求按月支付赡养费。", null, 3,
                        new DisputePlace(null, null, null, null, null), acceptedOn, null, ChinaTime.At(acceptedOn, new TimeOnly(9, 0)).ToUniversalTime()));
                }
            }

            return await db.SaveChangesAsync();
        });

        var cases = new List<DetailBody>();
        foreach (var (a, b) in new[] { ("陶志明", "陶志红"), ("俞建国", "俞秀英"), ("施伟", "施丽"), ("倪永生", "倪桂芳"), ("殷海军", "殷春燕") })
        {
            cases.Add(await IntakeAsync(street, committee, Family(a, b)));
        }

        await app.DrainOutboxAsync();
        var atFive = await RisingIssuesAsync(community);
        cases.Add(await IntakeAsync(street, committee, Family("华振宇", "华美琴")));
        await app.DrainOutboxAsync();
        var atSix = await RisingIssuesAsync(community);

        // 5 in the last 30 days is not a rise where 3 a month is usual (threshold: at least 2 × 3 = 6); 6 is.
        Assert.Empty(atFive);
        var issue = Assert.Single(atSix);
        Assert.Equal((SystemicIssueKind.RisingType, community, MediationTier.VillageOrCommunity, DisputeType.MarriageAndFamily), (issue.Kind, issue.UnitCode, issue.AddressedTier, issue.Type));
        Assert.Equal(cases.Select(c => c.Id).Order(), issue.Cases.Select(c => c.CaseId).Order());
        Assert.Contains("平均 3.0 起", issue.Finding, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disputes_repeating_at_one_address_raise_an_issue_for_the_community()
    {
        const string address = "茶东新村 26 幢 2 单元";
        var mediator = await app.ClientForAsync("mediator");
        var committee = await CommunityCommitteeAsync(mediator);
        foreach (var (a, b, what) in new[] { ("章立新", "鲍玉芬", "楼道堆物"), ("韦国平", "鲍玉芬", "电动车楼道充电"), ("章立新", "滕晓红", "楼上噪音") })
        {
            await IntakeAsync(mediator, committee, At(address, Neighbours(a, b, what)));
        }

        await app.DrainOutboxAsync();
        var issues = await app.WithDbAsync(db => db.Set<SystemicIssue>().AsNoTracking().Include(i => i.Cases).Where(i => i.Address == address).ToListAsync());

        var issue = Assert.Single(issues);
        Assert.Equal((SystemicIssueKind.Address, "320282001001", 3), (issue.Kind, issue.UnitCode, issue.Cases.Count));
    }

    [Fact]
    public async Task An_issue_is_acknowledged_acted_on_and_resolved_only_with_a_note_by_its_own_jurisdiction()
    {
        const string employer = "宜兴市金鼎建筑劳务有限公司";
        var street = await app.ClientForAsync("street");
        var chadong = await CommunityCommitteeAsync(street);
        var second = await ConstitutedCommitteeAsync(street, "Residents", "宜城街道第二社区人民调解委员会", SecondCommunity);
        await IntakeAsync(street, chadong, WageArrears("邵明华", employer, 9000m));
        await IntakeAsync(street, second, WageArrears("尹国庆", employer, 8800m));
        await IntakeAsync(street, second, WageArrears("钟小平", employer, 9600m));
        await app.DrainOutboxAsync();
        var issue = Assert.Single(await IssuesOfAsync(street, employer));
        var url = $"{IssuesUrl}/{issue.Id}";
        var community = await app.ClientForAsync("community");
        var grid = await app.ClientForAsync("grid");

        var otherJurisdiction = await community.PostAsJsonAsync($"{url}/acknowledge", new { version = 0 });
        var notAReader = await grid.GetAsync(url);
        var acknowledged = await Ok(await street.PostAsJsonAsync($"{url}/acknowledge", new { version = 0, note = "已转街道劳动保障所" }));
        var stale = await street.PostAsJsonAsync($"{url}/actions", new { version = 0, note = "约谈企业负责人" });
        var acted = await Ok(await street.PostAsJsonAsync($"{url}/actions", new { version = acknowledged.Version, note = "约谈企业负责人，责令制定欠薪清偿计划" }));
        var noNote = await street.PostAsJsonAsync($"{url}/resolve", new { version = acted.Version, note = "  " });
        var afterNoNote = await street.GetFromJsonAsync<SystemicIssueDetail>(url, CaseFixtures.Json);
        var resolved = await Ok(await street.PostAsJsonAsync($"{url}/resolve", new { version = acted.Version, note = "企业已清偿 3 名工人欠薪，纳入劳动保障监察重点名单" }));
        var again = await street.PostAsJsonAsync($"{url}/resolve", new { version = resolved.Version, note = "再次办结" });
        var reopened = await Ok(await street.PostAsJsonAsync($"{url}/reopen", new { version = resolved.Version, note = "企业再次拖欠工资" }));

        Assert.Equal(HttpStatusCode.NotFound, otherJurisdiction.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notAReader.StatusCode);
        Assert.Equal(SystemicIssueStatus.Acknowledged, acknowledged.Status);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
        Assert.Contains("办结须说明", await noNote.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((SystemicIssueStatus.Acknowledged, acted.Version), (afterNoNote!.Status, afterNoNote.Version));
        Assert.Equal((SystemicIssueStatus.Resolved, "企业已清偿 3 名工人欠薪，纳入劳动保障监察重点名单"), (resolved.Status, resolved.ResolutionNote));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains(nameof(ResolvedSystemicIssuesTakeNoActions), await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((SystemicIssueStatus.Acknowledged, 1), (reopened.Status, reopened.Reopened));
        Assert.Equal(
            [SystemicEntryKind.Raised, SystemicEntryKind.Acknowledged, SystemicEntryKind.Action, SystemicEntryKind.Resolved, SystemicEntryKind.Reopened],
            reopened.Entries.Select(e => e.Kind));
        var audited = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Target == $"systemic-issue:{issue.Id}").Select(e => e.Action).ToListAsync());
        Assert.Equal(5, audited.Count);
    }

    private static object WageArrears(string worker, string employer, decimal amount) => new
    {
        source = "ApplicationWalkIn", type = "Labour", title = $"{worker}追讨拖欠工资", peopleInvolved = 1, amount,
        facts = $"{worker}在{employer}从事装窑工作，2026 年 8 月至 10 月工资未发放，多次催要未果。", claims = $"要求公司支付拖欠工资 {amount} 元。",
        parties = new object[]
        {
            new { kind = "Person", role = "Applicant", name = worker },
            new { kind = "Organisation", role = "Respondent", name = employer },
        },
    };

    private static object PropertyFee(string owner, string company) => new
    {
        source = "ApplicationPhone", type = "Property", title = "物业服务质量与物业费争议", peopleInvolved = 1, amount = 2400m,
        facts = $"{owner}认为小区电梯长期故障未修，拒交 2026 年度物业费。", claims = "要求物业公司修复电梯后再协商物业费。",
        parties = new object[]
        {
            new { kind = "Person", role = "Applicant", name = owner },
            new { kind = "Organisation", role = "Respondent", name = company },
        },
    };

    private static object Family(string applicant, string respondent) => new
    {
        source = "ApplicationWalkIn", type = "MarriageAndFamily", title = "兄妹赡养老人费用分担纠纷", peopleInvolved = 3,
        facts = $"{applicant}与{respondent}系兄妹，因母亲住院费用和日常赡养费分担发生争执。", claims = "要求对方按月分担赡养费 600 元。",
        parties = new object[]
        {
            new { kind = "Person", role = "Applicant", name = applicant },
            new { kind = "Person", role = "Respondent", name = respondent },
        },
    };

    private static Dictionary<string, object?> At(string address, object fields)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToNode(fields)!.AsObject().ToDictionary(p => p.Key, p => (object?)p.Value?.DeepClone());
        body["address"] = address;
        return body;
    }

    private static async Task<List<SystemicIssueSummary>> IssuesOfAsync(HttpClient client, string organisation)
    {
        var all = await client.GetFromJsonAsync<List<SystemicIssueSummary>>($"{IssuesUrl}?kind=Organisation", CaseFixtures.Json);
        return [.. all!.Where(i => i.Title.StartsWith(organisation, StringComparison.Ordinal))];
    }

    private Task<List<SystemicIssue>> RisingIssuesAsync(string community) =>
        app.WithDbAsync(db => db.Set<SystemicIssue>().AsNoTracking().Include(i => i.Cases)
            .Where(i => i.Kind == SystemicIssueKind.RisingType && i.UnitCode == community).ToListAsync());

    private static async Task<SystemicIssueDetail> Ok(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SystemicIssueDetail>(CaseFixtures.Json))!;
    }
}
