using System.Net;
using System.Net.Http.Json;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Identity;
using Fengqiao.Places.Organisations;
using Fengqiao.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Tests.Places.Organisations;

/// <summary>
/// /api/v1/places/organisations over the demo: 茶东社区's seeded organisations, registering new ones within the
/// jurisdiction, the party tree, masked phones, and another street that sees none of it.
/// </summary>
public sealed class OrganisationApiTests(FengqiaoApp app) : IClassFixture<FengqiaoApp>
{
    private const string Url = "/api/v1/places/organisations";
    private const string Chadong = "320282001001";  // 茶东社区 (demo organisations)
    private const string Yuedi = "320282001004";    // 岳堤社区 (none)
    private const string Password = "orgstest2026a";

    [Fact]
    public async Task The_community_worker_sees_the_demo_organisations_with_member_counts()
    {
        var client = await app.ClientForAsync("community");

        var page = await client.GetFromJsonAsync<PageBody>($"{Url}?unit={Chadong}&pageSize=100");

        Assert.Contains(page!.Items, o => o.Name == "茶东社区党总支" && o.Kind == "PartyGeneralBranch" && o.MemberCount == 2);
        Assert.Contains(page.Items, o => o.Name == "茶东社区居民委员会" && o.Kind == "ResidentsCommittee");
        Assert.Contains(page.Items, o => o.Name == "茶东社区事务工作站" && o.Kind == "CommunityAffairsWorkstation");
        Assert.Contains(page.Items, o => o.Name == "茶东社区志愿服务队" && o.Kind == "VolunteerTeam");
        Assert.Contains(page.Items, o => o.Kind == "PropertyCompany" && o.CreditCode == "91320282MA1NQ3K5PW");
        var parties = await client.GetFromJsonAsync<PageBody>($"{Url}?kind=PartyBranch&pageSize=100");
        Assert.All(parties!.Items, o => Assert.Equal("PartyBranch", o.Kind));
    }

    [Fact]
    public async Task Paging_splits_the_list()
    {
        var client = await app.ClientForAsync("community");

        var first = await client.GetFromJsonAsync<PageBody>($"{Url}?unit={Chadong}&page=1&pageSize=2");
        var second = await client.GetFromJsonAsync<PageBody>($"{Url}?unit={Chadong}&page=2&pageSize=2");

        Assert.Equal(2, first!.Items.Count);
        Assert.True(first.Total >= 7);
        Assert.Equal(2, second!.Items.Count);
        Assert.Empty(first.Items.Select(i => i.Id).Intersect(second.Items.Select(i => i.Id)));
    }

    [Fact]
    public async Task The_party_tree_runs_from_the_general_branch_to_the_group()
    {
        var client = await app.ClientForAsync("street");

        var tree = await client.GetFromJsonAsync<List<NodeBody>>($"{Url}/tree?unit={Chadong}");

        var root = Assert.Single(tree!, n => n.Name == "茶东社区党总支");
        var branch = Assert.Single(root.Children);
        Assert.Equal(("PartyBranch", "茶东社区第一党支部"), (branch.Kind, branch.Name));
        var group = Assert.Single(branch.Children);
        Assert.Equal("PartyGroup", group.Kind);
        Assert.Empty(group.Children);
    }

    [Fact]
    public async Task A_community_worker_registers_an_organisation_which_is_listed_and_audited()
    {
        var client = await app.ClientForAsync("community");
        var name = "茶东社区老年协会" + Suffix();
        var code = CreditCode("51320282MJ" + Random7());

        var response = await client.PostAsJsonAsync(Url, new { kind = "SocialOrganisation", name, creditCode = code.ToLowerInvariant(), unit = Chadong, address = "茶东新村 5 号", longitude = 119.82, latitude = 31.36 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<DetailBody>())!;
        Assert.Equal(code, created.CreditCode);
        var page = await client.GetFromJsonAsync<PageBody>($"{Url}?kind=SocialOrganisation&unit={Chadong}&pageSize=100");
        Assert.Contains(page!.Items, o => o.Id == created.Id && o.Name == name && o.UnitName == "茶东社区");
        var entry = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == ManageOrganisations.CreateAction && e.Target == $"organisation:{created.Id}").SingleAsync());
        Assert.Equal(AuditOutcome.Succeeded, entry.Outcome);
        Assert.Equal("community", entry.ActorName);
    }

    [Fact]
    public async Task Invalid_input_is_refused_with_reasons()
    {
        var client = await app.ClientForAsync("community");

        var badCode = await client.PostAsJsonAsync(Url, new { kind = "Enterprise", name = "坏代码企业" + Suffix(), creditCode = "9144030071526726XA", unit = Chadong });
        var noCode = await client.PostAsJsonAsync(Url, new { kind = "PropertyCompany", name = "无代码物业" + Suffix(), unit = Chadong });
        var noName = await client.PostAsJsonAsync(Url, new { kind = "VolunteerTeam", name = " ", unit = Chadong });

        Assert.Equal(HttpStatusCode.BadRequest, badCode.StatusCode);
        Assert.Contains("校验位", await badCode.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, noCode.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noName.StatusCode);
    }

    [Fact]
    public async Task A_party_group_cannot_sit_under_a_committee_nor_a_branch_under_a_group()
    {
        var client = await app.ClientForAsync("street");
        var page = await client.GetFromJsonAsync<PageBody>($"{Url}?unit={Chadong}&pageSize=100");
        var committee = page!.Items.Single(o => o.Kind == "ResidentsCommittee");
        var group = page.Items.Single(o => o.Kind == "PartyGroup");

        var underCommittee = await client.PostAsJsonAsync(Url, new { kind = "PartyGroup", name = "错挂党小组" + Suffix(), unit = Chadong, parentId = committee.Id });
        var underGroup = await client.PostAsJsonAsync(Url, new { kind = "PartyBranch", name = "错挂党支部" + Suffix(), unit = Chadong, parentId = group.Id });
        var fine = await client.PostAsJsonAsync(Url, new { kind = "PartyGroup", name = "第二党小组" + Suffix(), unit = Chadong, parentId = group.ParentId });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, underCommittee.StatusCode);
        Assert.Contains(nameof(PartyOrganisationParentMustRankHigher), await underCommittee.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, underGroup.StatusCode);
        Assert.Equal(HttpStatusCode.Created, fine.StatusCode);
    }

    [Fact]
    public async Task A_community_has_one_committee_and_one_workstation_and_they_stay_distinct()
    {
        var client = await app.ClientForAsync("street");

        var committee = await client.PostAsJsonAsync(Url, new { kind = "ResidentsCommittee", name = "岳堤社区居民委员会", unit = Yuedi });
        var workstation = await client.PostAsJsonAsync(Url, new { kind = "CommunityAffairsWorkstation", name = "岳堤社区事务工作站", unit = Yuedi });
        var secondCommittee = await client.PostAsJsonAsync(Url, new { kind = "VillagersCommittee", name = "岳堤村民委员会", unit = Yuedi });
        var secondWorkstation = await client.PostAsJsonAsync(Url, new { kind = "CommunityAffairsWorkstation", name = "岳堤社区第二工作站", unit = Yuedi });
        var atStreet = await client.PostAsJsonAsync(Url, new { kind = "CommunityAffairsWorkstation", name = "街道事务工作站" + Suffix(), unit = "320282001" });

        Assert.Equal(HttpStatusCode.Created, committee.StatusCode);
        Assert.Equal(HttpStatusCode.Created, workstation.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, secondCommittee.StatusCode);
        Assert.Contains("政社分离", await secondCommittee.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, secondWorkstation.StatusCode);
        Assert.Contains(nameof(OneCommitteeAndOneWorkstationPerCommunity), await secondWorkstation.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, atStreet.StatusCode);
    }

    [Fact]
    public async Task A_grid_worker_may_read_but_not_register()
    {
        var client = await app.ClientForAsync("grid");

        var response = await client.PostAsJsonAsync(Url, new { kind = "VolunteerTeam", name = "网格志愿队" + Suffix(), unit = Chadong });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Another_streets_officer_sees_none_of_them()
    {
        var client = await app.ClientForAsync("community");
        var page = await client.GetFromJsonAsync<PageBody>($"{Url}?unit={Chadong}&pageSize=100");
        var ours = page!.Items.First();
        var other = await OtherStreetOfficerAsync();

        var list = await other.GetFromJsonAsync<PageBody>($"{Url}?pageSize=100");
        var get = await other.GetAsync($"{Url}/{ours.Id}");
        var tree = await other.GetAsync($"{Url}/tree?unit={Chadong}");
        var byUnit = await other.GetAsync($"{Url}?unit={Chadong}");
        var create = await other.PostAsJsonAsync(Url, new { kind = "VolunteerTeam", name = "越界志愿队", unit = Chadong });
        var join = await other.PostAsJsonAsync($"{Url}/{ours.Id}/members", new { name = "越界者", role = "成员" });

        Assert.DoesNotContain(list!.Items, o => o.UnitCode.StartsWith("320282001", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, tree.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byUnit.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, create.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, join.StatusCode);
        var own = await other.PostAsJsonAsync(Url, new { kind = "VolunteerTeam", name = "新街志愿队" + Suffix(), unit = "320282002" });
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.DoesNotContain((await client.GetFromJsonAsync<PageBody>($"{Url}?pageSize=100"))!.Items, o => o.UnitCode == "320282002");
    }

    [Fact]
    public async Task Phones_are_masked_when_read_and_never_stored_in_clear()
    {
        var client = await app.ClientForAsync("community");
        var created = await (await client.PostAsJsonAsync(Url, new { kind = "CulturalTeam", name = "茶东腰鼓队" + Suffix(), unit = Chadong }))
            .Content.ReadFromJsonAsync<DetailBody>();

        var added = await client.PostAsJsonAsync($"{Url}/{created!.Id}/members", new { name = "钱秀英", role = "队长", phone = "139 1234 5678", from = "2025-03-01" });
        var contact = await client.PostAsJsonAsync($"{Url}/{created.Id}/members", new { name = "孙伟", role = "联系人", phone = "0510-87654321" });
        var badPhone = await client.PostAsJsonAsync($"{Url}/{created.Id}/members", new { name = "错号", role = "成员", phone = "12345" });

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.Created, contact.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPhone.StatusCode);
        var detailText = await client.GetStringAsync($"{Url}/{created.Id}");
        Assert.DoesNotContain("13912345678", detailText, StringComparison.Ordinal);
        var detail = await client.GetFromJsonAsync<DetailBody>($"{Url}/{created.Id}");
        Assert.Contains(detail!.Members, m => m.Name == "钱秀英" && m.Phone == "139****5678" && !m.IsContact && m.IsCurrent);
        Assert.Contains(detail.Members, m => m.Name == "孙伟" && m.IsContact && m.Phone != null && m.Phone.EndsWith("21", StringComparison.Ordinal) && !m.Phone.Contains("8765", StringComparison.Ordinal));
        var rows = await app.WithDbAsync(db => db.Set<OrganisationMember>().AsNoTracking().Where(m => m.OrganisationId == created.Id).ToListAsync());
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.NotNull(row.PhoneCipher);
            Assert.StartsWith("v1.", row.PhoneCipher, StringComparison.Ordinal);
            Assert.DoesNotContain("1234", row.PhoneCipher, StringComparison.Ordinal);
            Assert.DoesNotContain("5678", row.PhoneIndex!, StringComparison.Ordinal);
        });
        var listed = await client.GetFromJsonAsync<PageBody>($"{Url}?kind=CulturalTeam&pageSize=100");
        Assert.Equal(2, listed!.Items.Single(o => o.Id == created.Id).MemberCount);

        var member = detail.Members.Single(m => m.Name == "钱秀英");
        var ended = await client.PostAsJsonAsync($"{Url}/{created.Id}/members/{member.Id}/end", new { to = "2025-06-30" });
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        var after = await client.GetFromJsonAsync<PageBody>($"{Url}?kind=CulturalTeam&pageSize=100");
        Assert.Equal(1, after!.Items.Single(o => o.Id == created.Id).MemberCount);
    }

    /// <summary>A street officer of 新街街道 (320282002), created for this test.</summary>
    private async Task<HttpClient> OtherStreetOfficerAsync()
    {
        var userName = "xj-" + Guid.NewGuid().ToString("N")[..10];
        await app.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<FengqiaoDbContext>();
            var users = sp.GetRequiredService<UserManager<FengqiaoUser>>();
            var unit = await db.Units.SingleAsync(u => u.Code == "320282002");
            var user = new FengqiaoUser { UserName = userName, DisplayName = "新街街道干部", CreatedAt = DateTimeOffset.UtcNow };
            user.Units.Add(new UserUnit { UserId = user.Id, UnitId = unit.Id });
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.StreetOfficer)).Succeeded);
            return user.Id;
        });
        return await app.ClientForAsync(userName, Password);
    }

    private static string Suffix() => Guid.NewGuid().ToString("N")[..6];

    private static string Random7() => string.Concat(Enumerable.Range(0, 7).Select(_ => (char)('0' + Random.Shared.Next(10))));

    private static string CreditCode(string first17) => first17 + UnifiedSocialCreditCode.CheckCharacter(first17);

    internal sealed record SummaryBody(Guid Id, string Kind, string Name, string? CreditCode, string UnitCode, string? UnitName, Guid? ParentId, int MemberCount);

    internal sealed record PageBody(List<SummaryBody> Items, int Total, int Page, int PageSize);

    internal sealed record MemberBody(Guid Id, string Name, string Role, bool IsContact, string? Phone, bool IsCurrent);

    internal sealed record DetailBody(Guid Id, string Kind, string Name, string? CreditCode, string UnitCode, List<MemberBody> Members);

    internal sealed record NodeBody(Guid Id, string Kind, string Name, int MemberCount, List<NodeBody> Children);
}

/// <summary>The members' phone store walks every encrypted phone once, in batches, for key rotation.</summary>
public sealed class OrganisationPhoneStoreTests(FengqiaoApp app) : IClassFixture<FengqiaoApp>
{
    [Fact]
    public async Task Every_phone_is_read_once_in_batches_and_written_back()
    {
        var (visited, total) = await app.AsSystemAsync(async sp =>
        {
            var store = sp.GetServices<Fengqiao.Kernel.Privacy.IPersonalDataStore>().OfType<OrganisationPhoneStore>().Single();
            var keys = new List<string>();
            string? after = null;
            while (true)
            {
                var batch = await store.ReadBatchAsync(after, 2, CancellationToken.None);
                keys.AddRange(batch.Select(r => r.Key));
                if (batch.Count < 2)
                {
                    break;
                }

                after = batch[^1].Key;
                await store.WriteBatchAsync(batch, CancellationToken.None);
            }

            var count = await sp.GetRequiredService<FengqiaoDbContext>().Set<OrganisationMember>().CountAsync(m => m.PhoneCipher != null);
            return (keys, count);
        });

        Assert.True(total >= 6);
        Assert.Equal(total, visited.Count);
        Assert.Equal(total, visited.Distinct().Count());
    }
}
