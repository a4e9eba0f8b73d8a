using System.Net;
using System.Net.Http.Json;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Privacy;
using Fengqiao.Kernel.Time;
using Fengqiao.Mediation.Committees;
using Fengqiao.Mediation.Disputes;
using Fengqiao.Testing;
using Fengqiao.Tests.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Tests.Mediation;

/// <summary>
/// /api/v1/mediation/cases over the demo: intake by the demo mediator into 茶东社区人民调解委员会, parties' personal
/// data protected, a mediator confined to their own committees, stale edits refused, bad input refused whole.
/// </summary>
public sealed class DisputeApiTests(RacingApp app) : IClassFixture<RacingApp>
{
    public const string Url = "/api/v1/mediation/cases";
    private const string Grid = "320282001001001";
    private const string Chadong = "320282001001";

    [Fact]
    public async Task A_mediator_takes_in_an_application_located_in_its_grid_with_parties_protected_and_themself_assigned()
    {
        var client = await app.ClientForAsync("mediator");
        var (lon, lat) = await CaseFixtures.PointInAsync(app, Grid);
        var applicantId = IdNumber("19780512");

        var created = await IntakeAsync(client, await CommunityCommitteeAsync(client), new
        {
            source = "ApplicationWalkIn", type = "Neighbourhood", title = "楼上漏水致楼下天花板受损", peopleInvolved = 2, amount = 3200.50m,
            facts = "茶东新村 12 幢 302 室卫生间防水层老化，连续三个月向 202 室渗水，202 室天花板发霉脱落。",
            claims = "申请人要求 302 室修复防水并赔偿天花板修缮费用 3200.5 元。",
            longitude = lon, latitude = lat, address = "茶东新村 12 幢 202 室",
            parties = new object[]
            {
                new { kind = "Person", role = "Applicant", name = "钱振华", identityNumber = applicantId, phone = "13961512345" },
                new { kind = "Person", role = "Respondent", name = "孙玉兰", phone = "0510-87912345" },
            },
        });

        Assert.Equal((Grid, Chadong, "ApplicationWalkIn", "Accepted", "Low"), (created.GridCode, created.CommunityCode, created.Source, created.Status, created.RiskLevel));
        Assert.Equal(3200.50m, created.Amount);
        Assert.Equal("孙明德", Assert.Single(created.Mediators).Name);
        Assert.StartsWith("调", created.Number, StringComparison.Ordinal);
        var applicant = created.Parties.Single(p => p.Role == "Applicant");
        Assert.Equal(("钱**", "139****2345"), (applicant.Name, applicant.Phone));
        Assert.Equal(Masking.IdentityNumber(applicantId), applicant.IdentityNumber);
        var detailText = await client.GetStringAsync($"{Url}/{created.Id}");
        var listText = await client.GetStringAsync($"{Url}?mine=true");
        foreach (var secret in new[] { "钱振华", "孙玉兰", applicantId, "13961512345", "87912345" })
        {
            Assert.DoesNotContain(secret, detailText, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, listText, StringComparison.Ordinal);
        }

        Assert.Contains("钱**、孙**", listText, StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db => db.Set<DisputeParty>().AsNoTracking().SingleAsync(p => p.Id == applicant.Id));
        Assert.StartsWith("v1.", stored.NameCipher, StringComparison.Ordinal);
        Assert.StartsWith("v1.", stored.IdentityNumberCipher, StringComparison.Ordinal);

        var noPurpose = await client.PostAsJsonAsync($"{Url}/{created.Id}/parties/{applicant.Id}/reveal", new { field = "name" });
        var revealed = await client.PostAsJsonAsync($"{Url}/{created.Id}/parties/{applicant.Id}/reveal", new { field = "identityNumber", purpose = "制作调解协议书" });

        Assert.Equal(HttpStatusCode.BadRequest, noPurpose.StatusCode);
        Assert.Equal(applicantId, (await revealed.Content.ReadFromJsonAsync<RevealBody>())!.Value);
        var reveals = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == PersonalDataAccess.RevealAction && e.Target == $"mediation-party:{applicant.Id}").Select(e => e.Outcome).ToListAsync());
        Assert.Equal(2, reveals.Count);
        var mediators = await client.GetFromJsonAsync<List<CommitteeApiTests.MediatorBody>>("/api/v1/mediation/mediators?unit=320282001001");
        Assert.True(mediators!.Single(m => m.Name == "孙明德").OpenCases >= 1);
    }

    [Fact]
    public async Task A_new_case_number_is_drawn_again_while_the_drawn_one_is_already_taken_that_day()
    {
        var client = await app.ClientForAsync("mediator");
        var (lon, lat) = await CaseFixtures.PointInAsync(app, Grid);
        var taken = await IntakeAsync(client, await CommunityCommitteeAsync(client), new
        {
            source = "ApplicationWalkIn", type = "Neighbourhood", title = "邻里通道堆放杂物纠纷", peopleInvolved = 2,
            facts = "茶东新村 3 幢一楼住户在公共通道堆放杂物，影响邻居通行。", claims = "申请人要求清理通道。",
            longitude = lon, latitude = lat, address = "茶东新村 3 幢",
            parties = new object[] { new { kind = "Person", role = "Applicant", name = "周立新", phone = "13961500001" } },
        });
        var day = taken.Number[..9];
        var takenDigits = int.Parse(taken.Number[9..], System.Globalization.CultureInfo.InvariantCulture);
        var free = Enumerable.Range(0, 100_000).First(d => d != takenDigits);
        var draws = new Queue<int>([takenDigits, takenDigits, free]);

        var number = await app.AsSystemAsync(sp => TakeInDispute.NewNumberAsync(
            sp.GetRequiredService<FengqiaoDbContext>(), ChinaTime.At(DateOnly.ParseExact(day[1..], "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), new TimeOnly(10, 0)),
            CancellationToken.None, draws.Dequeue));

        Assert.Equal($"{day}{free:00000}", number);
        Assert.Empty(draws);
    }

    [Fact]
    public async Task An_intake_whose_number_a_simultaneous_intake_committed_first_draws_again_and_is_taken_in_once()
    {
        var client = await app.ClientForAsync("mediator");
        var committee = await CommunityCommitteeAsync(client);
        var first = await IntakeAsync(client, committee, Labour("吴建平", "吴建平与公司加班费争议"));
        string? lost = null;
        // Inside the second intake's commit, the first case takes the number the second drew (both had found it free),
        // as a simultaneous intake committing first would.
        app.BeforeNextInsert<MediationCase>(_ => true, async (context, drawn) =>
        {
            lost = drawn.Number;
            await context.Set<MediationCase>().IgnoreQueryFilters().Where(c => c.Id == first.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.Number, drawn.Number));
        });

        var response = await client.PostAsJsonAsync(Url, Body(committee, Labour("沈国强", "沈国强与公司工资争议")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(app.RacePending);
        Assert.NotNull(lost);
        var second = (await response.Content.ReadFromJsonAsync<DetailBody>())!;
        var stored = await app.WithDbAsync(db => db.Set<MediationCase>().IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.Title == "沈国强与公司工资争议" || c.Id == first.Id).Select(c => new { c.Id, c.Number }).ToListAsync());
        Assert.Equal(2, stored.Count);
        Assert.Equal(first.Number, stored.Single(c => c.Id == first.Id).Number);
        Assert.Equal(second.Number, stored.Single(c => c.Id == second.Id).Number);
        var intakes = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .CountAsync(e => e.Action == TakeInDispute.IntakeAction && e.Target == TakeInDispute.Target(second.Id)));
        Assert.Equal(1, intakes);
        var verification = await app.AsSystemAsync(sp => sp.GetRequiredService<Fengqiao.Kernel.Audit.AuditChainVerifier>().VerifyAsync());
        Assert.True(verification.IsIntact, string.Join("; ", verification.Problems.Select(p => p.Description)));
    }

    [Fact]
    public async Task A_mediator_cannot_see_nor_act_for_a_committee_they_do_not_belong_to()
    {
        var community = await app.ClientForAsync("community");
        var mediator = await app.ClientForAsync("mediator");
        var enterprise = await ConstitutedCommitteeAsync(community, "Enterprise", "宜兴市茶东紫砂工艺品有限公司人民调解委员会", Chadong);
        var theirs = await IntakeAsync(community, enterprise, Labour("韩立军", "韩立军与公司加班费争议"));

        var list = await mediator.GetFromJsonAsync<PageBody>($"{Url}?pageSize=200");
        var get = await mediator.GetAsync($"{Url}/{theirs.Id}");
        var reveal = await mediator.PostAsJsonAsync($"{Url}/{theirs.Id}/parties/{theirs.Parties[0].Id}/reveal", new { field = "name", purpose = "了解案情" });
        var intake = await mediator.PostAsJsonAsync(Url, Body(enterprise, Labour("黄志伟", "黄志伟与公司工资争议")));
        var edit = await mediator.PutAsJsonAsync($"{Url}/{theirs.Id}", Revision(theirs.Version, 1));

        Assert.DoesNotContain(list!.Items, c => c.Id == theirs.Id);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, reveal.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, intake.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await community.GetAsync($"{Url}/{theirs.Id}")).StatusCode);
        var grid = await app.ClientForAsync("grid");
        Assert.Equal(HttpStatusCode.Forbidden, (await grid.GetAsync(Url)).StatusCode);
    }

    [Fact]
    public async Task An_edit_made_on_a_stale_version_is_refused_with_409_and_changes_nothing()
    {
        var client = await app.ClientForAsync("mediator");
        var created = await IntakeAsync(client, await CommunityCommitteeAsync(client), Neighbours("蒋海峰", "沈秋萍", "树枝越界遮挡采光"));

        var first = await client.PutAsJsonAsync($"{Url}/{created.Id}", Revision(created.Version, 3));
        var stale = await client.PutAsJsonAsync($"{Url}/{created.Id}", Revision(created.Version, 4));
        var noVersion = await client.PutAsJsonAsync($"{Url}/{created.Id}", Revision(null, 4));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("已被他人修改", await stale.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, noVersion.StatusCode);
        var now = await client.GetFromJsonAsync<DetailBody>($"{Url}/{created.Id}");
        Assert.Equal(3, now!.PeopleInvolved);
        Assert.Equal(created.Version + 1, now.Version);
    }

    [Fact]
    public async Task Bad_intake_is_refused_with_reasons_and_writes_nothing()
    {
        var client = await app.ClientForAsync("street");
        var committee = await CommunityCommitteeAsync(client);
        var forming = await Created<CommitteeApiTests.DetailBody>(await client.PostAsJsonAsync(
            "/api/v1/mediation/committees", new { kind = "Residents", name = "岳堤社区人民调解委员会（筹）" + Guid.NewGuid().ToString("N")[..4], unit = "320282001004" }));
        var before = await app.WithDbAsync(db => db.Set<MediationCase>().CountAsync());
        var good = IdNumber("19780512");
        var wrongCheck = good[..17] + (good[17] == '0' ? '1' : '0');

        var noParties = await client.PostAsJsonAsync(Url, new { committeeId = committee, source = "Initiative", type = "Neighbourhood", title = "无当事人", facts = "事实", claims = "诉求", peopleInvolved = 2 });
        var badId = await client.PostAsJsonAsync(Url, Body(committee, new
        {
            source = "ApplicationPhone", type = "Contract", title = "买卖合同纠纷", facts = "货款未付", claims = "支付货款", peopleInvolved = 2,
            parties = new object[] { new { kind = "Person", role = "Applicant", name = "彭建华", identityNumber = wrongCheck } },
        }));
        var referralWithoutLetter = await client.PostAsJsonAsync(Url, Body(committee, Neighbours("杜明", "邹红", "噪音扰民", source: "ReferralPolice")));
        var escalatedByHand = await client.PostAsJsonAsync(Url, Body(committee, Neighbours("杜明", "邹红", "噪音扰民", source: "EscalatedEvent")));
        var halfPoint = await client.PostAsJsonAsync(Url, Body(committee, new
        {
            source = "Initiative", type = "Neighbourhood", title = "占道堆物", facts = "楼道堆放杂物", claims = "清理杂物", peopleInvolved = 2, longitude = 119.8,
            parties = new object[] { new { kind = "Person", role = "Applicant", name = "杜明" } },
        }));
        var notConstituted = await client.PostAsJsonAsync(Url, Body(forming.Id, Neighbours("杜明", "邹红", "噪音扰民")));

        Assert.Equal(HttpStatusCode.BadRequest, noParties.StatusCode);
        Assert.Contains("当事人", await noParties.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Contains("parties[0].identityNumber", await badId.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, referralWithoutLetter.StatusCode);
        Assert.Contains("移送", await referralWithoutLetter.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, escalatedByHand.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, halfPoint.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notConstituted.StatusCode);
        Assert.Contains(nameof(OnlyConstitutedCommitteesMediate), await notConstituted.Content.ReadAsStringAsync());
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<MediationCase>().CountAsync()));
    }

    internal static object Neighbours(string applicant, string respondent, string title, string source = "ApplicationWalkIn", int people = 2) => new
    {
        source, type = "Neighbourhood", title, peopleInvolved = people,
        facts = $"{applicant}与{respondent}系上下楼邻居，因{title}多次发生口角。", claims = "要求对方停止侵害、恢复原状。",
        parties = new object[]
        {
            new { kind = "Person", role = "Applicant", name = applicant },
            new { kind = "Person", role = "Respondent", name = respondent },
        },
    };

    internal static object Labour(string worker, string title) => new
    {
        source = "ApplicationWalkIn", type = "Labour", title, peopleInvolved = 1, amount = 4800m,
        facts = $"{worker}在公司从事拉坯工作，2026 年 9 月至 10 月加班费未发放。", claims = "要求公司支付加班费 4800 元。",
        parties = new object[]
        {
            new { kind = "Person", role = "Applicant", name = worker },
            new { kind = "Organisation", role = "Respondent", name = "宜兴市茶东紫砂工艺品有限公司" },
        },
    };

    internal static object Revision(long? version, int people) => new
    {
        version, type = "Neighbourhood", title = "修改后的案由", facts = "双方确认的纠纷事实。", claims = "双方的诉求。", peopleInvolved = people,
    };

    /// <summary>The request body of an intake: the common fields plus the committee.</summary>
    internal static Dictionary<string, object?> Body(Guid committeeId, object fields)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToNode(fields)!.AsObject().ToDictionary(p => p.Key, p => (object?)p.Value?.DeepClone());
        body["committeeId"] = committeeId;
        return body;
    }

    internal static async Task<DetailBody> IntakeAsync(HttpClient client, Guid committeeId, object fields) =>
        await Created<DetailBody>(await client.PostAsJsonAsync(Url, Body(committeeId, fields)));

    internal static async Task<Guid> CommunityCommitteeAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<List<CommitteeApiTests.SummaryBody>>("/api/v1/mediation/committees?unit=320282001001"))!
            .Single(c => c.Name == DemoCommittees.CommunityCommitteeName).Id;

    /// <summary>A new committee with three members (a woman among them) and a chair, constituted.</summary>
    internal static async Task<Guid> ConstitutedCommitteeAsync(HttpClient client, string kind, string name, string unit)
    {
        var created = await Created<CommitteeApiTests.DetailBody>(await client.PostAsJsonAsync("/api/v1/mediation/committees", new { kind, name = name + Guid.NewGuid().ToString("N")[..4], unit }));
        var url = $"/api/v1/mediation/committees/{created.Id}";
        await Created<CommitteeApiTests.MemberBody>(await client.PostAsJsonAsync($"{url}/members", new { name = "严卫东", gender = "Male", role = "Chair" }));
        await Created<CommitteeApiTests.MemberBody>(await client.PostAsJsonAsync($"{url}/members", new { name = "唐美玲", gender = "Female", role = "Member" }));
        await Created<CommitteeApiTests.MemberBody>(await client.PostAsJsonAsync($"{url}/members", new { name = "许志刚", gender = "Male", role = "Member" }));
        var constituted = await client.PostAsJsonAsync($"{url}/constitute", new { });
        Assert.Equal(HttpStatusCode.OK, constituted.StatusCode);
        return created.Id;
    }

    internal static async Task<T> Created<T>(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<T>(CaseFixtures.Json))!;
    }

    /// <summary>A valid identity number of a person born on <paramref name="birth"/> (yyyyMMdd) in 宜兴市, random sequence.</summary>
    internal static string IdNumber(string birth)
    {
        var first17 = "320282" + birth + Random.Shared.Next(100, 999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return first17 + ChineseIdentityNumber.CheckCharacter(first17);
    }

    internal sealed record RevealBody(Guid PartyId, string Field, string Value);

    internal sealed record PartyBody(Guid Id, string Kind, string Role, string Name, string? IdentityNumber, string? Phone, bool IsVulnerable, string? Vulnerability);

    internal sealed record MediatorBody(Guid UserId, string Name);

    internal sealed record DetailBody(
        Guid Id, string Number, string Title, string Type, string Source, string? SourceReference, Guid CommitteeId, string Status, string RiskLevel,
        List<string> RiskReasons, decimal? Amount, int PeopleInvolved, string? GridCode, string? CommunityCode, long Version, List<PartyBody> Parties,
        List<MediatorBody> Mediators);

    internal sealed record SummaryBody(Guid Id, string Number, string Parties, string RiskLevel);

    internal sealed record PageBody(List<SummaryBody> Items, int Total);
}
