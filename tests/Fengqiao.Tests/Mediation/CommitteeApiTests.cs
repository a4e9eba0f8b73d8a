using System.Net;
using System.Net.Http.Json;
using Fengqiao.Kernel.Audit;
using Fengqiao.Mediation.Committees;
using Fengqiao.Testing;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Tests.Mediation;

/// <summary>
/// /api/v1/mediation/committees over the demo: the seeded 茶东社区 and 宜城街道 committees and the county centre,
/// registering and constituting a committee under Art. 9, and mediators with their workload.
/// </summary>
public sealed class CommitteeApiTests(FengqiaoApp app) : IClassFixture<FengqiaoApp>
{
    private const string Url = "/api/v1/mediation/committees";
    private const string Yuedi = "320282001004";   // 岳堤社区

    [Fact]
    public async Task The_demo_community_and_street_committees_are_constituted_with_the_demo_mediator_in_both()
    {
        var client = await app.ClientForAsync("street");

        var committees = await client.GetFromJsonAsync<List<SummaryBody>>($"{Url}?unit=320282001");
        var mediators = await client.GetFromJsonAsync<List<MediatorBody>>("/api/v1/mediation/mediators?unit=320282001&expertise=Property");

        var community = Assert.Single(committees!, c => c.Name == DemoCommittees.CommunityCommitteeName);
        Assert.Equal(("Residents", "VillageOrCommunity", 3, 1, 1), (community.Kind, community.Tier, community.Seats, community.Women, community.Mediators));
        Assert.NotNull(community.ConstitutedOn);
        var street = Assert.Single(committees!, c => c.Name == DemoCommittees.StreetCommitteeName);
        Assert.Equal(("Street", "TownshipOrStreet", 4, 2), (street.Kind, street.Tier, street.Seats, street.Women));
        Assert.Equal(2, mediators!.Count(m => m.Name == "孙明德"));
        Assert.All(mediators!.Where(m => m.Name == "孙明德"), m => Assert.NotNull(m.UserId));
    }

    [Fact]
    public async Task The_county_centre_has_its_windows_and_the_supervisor_at_its_head()
    {
        var client = await app.ClientForAsync("supervisor");

        var centres = await client.GetFromJsonAsync<List<SummaryBody>>($"{Url}?kind=CountyCentre");
        var centre = await client.GetFromJsonAsync<DetailBody>($"{Url}/{Assert.Single(centres!).Id}");

        Assert.Equal(DemoCommittees.CentreName, centre!.Name);
        Assert.Equal(["人民调解窗口", "信访接待窗口", "劳动仲裁窗口", "诉讼服务窗口"], centre.Windows.Select(w => w.Name).Order(StringComparer.Ordinal).ToList());
        Assert.Contains(centre.Windows, w => w.Agency == "宜兴市劳动人事争议仲裁院");
        Assert.Contains(centre.Members, m => m.Name == "陈督办" && m.Role == "Chair");
    }

    [Fact]
    public async Task A_committee_is_constituted_only_when_it_meets_article_nine_and_a_refusal_writes_nothing()
    {
        var client = await app.ClientForAsync("street");
        var created = await Created<DetailBody>(await client.PostAsJsonAsync(Url, new { kind = "Residents", name = "岳堤社区人民调解委员会" + Suffix(), unit = Yuedi, phone = "0510-87900188" }));
        var url = $"{Url}/{created.Id}";
        await Created<MemberBody>(await client.PostAsJsonAsync($"{url}/members", new { name = "周立新", gender = "Male", role = "Chair", expertise = new[] { "Neighbourhood" } }));
        await Created<MemberBody>(await client.PostAsJsonAsync($"{url}/members", new { name = "吴国强", gender = "Male", role = "Member" }));

        var tooFew = await client.PostAsJsonAsync($"{url}/constitute", new { });
        await Created<MemberBody>(await client.PostAsJsonAsync($"{url}/members", new { name = "钱建明", gender = "Male", role = "Member" }));
        var noWoman = await client.PostAsJsonAsync($"{url}/constitute", new { });
        var woman = await Created<MemberBody>(await client.PostAsJsonAsync($"{url}/members", new { name = "许丽娟", gender = "Female", role = "ViceChair", certificateNumber = "苏宜调证2024-0311", certifiedOn = "2024-04-01" }));
        var constituted = await client.PostAsJsonAsync($"{url}/constitute", new { on = "2026-01-05" });
        var loseWoman = await client.PostAsJsonAsync($"{url}/members/{woman.Id}/end", new { });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooFew.StatusCode);
        var tooFewText = await tooFew.Content.ReadAsStringAsync();
        Assert.Contains(nameof(CommitteeHasThreeToNineMembers), tooFewText);
        Assert.Contains("《人民调解法》第九条", tooFewText);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noWoman.StatusCode);
        Assert.Contains(nameof(CommitteeIncludesAWoman), await noWoman.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, constituted.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, loseWoman.StatusCode);
        Assert.Contains("妇女成员", await loseWoman.Content.ReadAsStringAsync());
        var detail = await client.GetFromJsonAsync<DetailBody>(url);
        Assert.Equal(new DateOnly(2026, 1, 5), detail!.ConstitutedOn);
        Assert.Contains(detail.Members, m => m.Id == woman.Id && m.IsCurrent && m.To == null && m.CertificateNumber == "苏宜调证2024-0311");
        var actions = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Target == $"mediation-committee:{created.Id}" && e.Outcome == AuditOutcome.Succeeded).Select(e => e.Action).ToListAsync());
        Assert.Equal(1, actions.Count(a => a == ManageCommittees.CreateAction));
        Assert.Equal(4, actions.Count(a => a == ManageCommittees.AddMemberAction));
        Assert.Equal(1, actions.Count(a => a == ManageCommittees.ConstituteAction));
        Assert.DoesNotContain(ManageCommittees.EndMemberAction, actions);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_reasons()
    {
        var client = await app.ClientForAsync("street");

        var noKind = await client.PostAsJsonAsync(Url, new { name = "无类别调委会", unit = Yuedi });
        var wrongLevel = await client.PostAsJsonAsync(Url, new { kind = "Street", name = "错层级调委会" + Suffix(), unit = Yuedi });
        var sectorWithoutField = await client.PostAsJsonAsync(Url, new { kind = "Sector", name = "行业调委会" + Suffix(), unit = "320282001" });
        var windowAtCommittee = await client.PostAsJsonAsync($"{Url}/{(await DemoCommunityCommitteeAsync(client)).Id}/windows", new { name = "信访接待窗口", agency = "宜兴市信访局" });
        var memberWithoutGender = await client.PostAsJsonAsync($"{Url}/{(await DemoCommunityCommitteeAsync(client)).Id}/members", new { name = "某人", role = "Mediator" });
        var unknownAccount = await client.PostAsJsonAsync($"{Url}/{(await DemoCommunityCommitteeAsync(client)).Id}/members", new { name = "某人", gender = "Male", role = "Mediator", userName = "nobody-here" });

        Assert.Equal(HttpStatusCode.BadRequest, noKind.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongLevel.StatusCode);
        Assert.Contains(nameof(CommitteeSitsAtItsLevel), await wrongLevel.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, sectorWithoutField.StatusCode);
        Assert.Contains("行业", await sectorWithoutField.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, windowAtCommittee.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, memberWithoutGender.StatusCode);
        Assert.Contains("妇女成员", await memberWithoutGender.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, unknownAccount.StatusCode);
        var stray = await app.WithDbAsync(db => db.Set<Committee>().CountAsync(c => c.Name.StartsWith("错层级") || c.Name.StartsWith("行业调委会")));
        Assert.Equal(0, stray);
    }

    [Fact]
    public async Task Mediators_and_grid_workers_may_read_but_not_change_committees()
    {
        var mediator = await app.ClientForAsync("mediator");
        var grid = await app.ClientForAsync("grid");
        var committee = await DemoCommunityCommitteeAsync(mediator);

        var join = await mediator.PostAsJsonAsync($"{Url}/{committee.Id}/members", new { name = "自荐者", gender = "Male", role = "Member" });
        var create = await grid.PostAsJsonAsync(Url, new { kind = "Residents", name = "网格调委会", unit = "320282001001" });

        Assert.Equal(HttpStatusCode.Forbidden, join.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }

    private static async Task<SummaryBody> DemoCommunityCommitteeAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<List<SummaryBody>>($"{Url}?unit=320282001001"))!.Single(c => c.Name == DemoCommittees.CommunityCommitteeName);

    private static async Task<T> Created<T>(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    private static string Suffix() => Guid.NewGuid().ToString("N")[..6];

    internal sealed record SummaryBody(Guid Id, string Kind, string Tier, string Name, string UnitCode, DateOnly? ConstitutedOn, int Seats, int Women, int Mediators);

    internal sealed record MemberBody(Guid Id, string Name, string Gender, string Role, Guid? UserId, List<string> Expertise, string? CertificateNumber, DateOnly From, DateOnly? To, bool IsCurrent, int OpenCases);

    internal sealed record WindowBody(Guid Id, string Name, string Agency);

    internal sealed record DetailBody(Guid Id, string Kind, string Name, DateOnly? ConstitutedOn, long Version, List<MemberBody> Members, List<WindowBody> Windows);

    internal sealed record MediatorBody(Guid MemberId, Guid CommitteeId, string CommitteeName, string Name, Guid? UserId, List<string> Expertise, int OpenCases);
}
