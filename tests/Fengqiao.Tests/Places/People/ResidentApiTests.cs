using System.Net;
using System.Net.Http.Json;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Privacy;
using Fengqiao.Places.People;
using Fengqiao.Tests.Platform;
using Microsoft.EntityFrameworkCore;
using static Fengqiao.Tests.Places.People.People;

namespace Fengqiao.Tests.Places.People;

/// <summary>
/// 实有人口 through the API: registered by the grid worker, held encrypted, listed masked, revealed only with a purpose
/// and an audit entry, and invisible — not found — to a grid worker of another grid.
/// </summary>
public sealed class ResidentApiTests(PeopleApp app) : IClassFixture<PeopleApp>
{
    [Fact]
    public async Task Grid_worker_registers_a_resident_who_is_listed_masked_and_stored_encrypted()
    {
        var grid = await app.ClientForAsync("grid");
        var household = await HouseholdAsync(grid, OwnGrid);
        var number = IdentityNumber(new DateOnly(1958, 3, 15), male: true);

        var registered = await RegisteredAsync(grid, household, "王德明", number, "138 1234 5678", specialGroups: ["独居老人"]);

        Assert.Equal("王**", registered.Name);
        Assert.Equal("Male", registered.Gender);
        Assert.Equal(1958, registered.BirthYear);
        var page = await grid.GetFromJsonAsync<PageBody>($"/api/v1/places/grids/{OwnGrid}/residents?pageSize=100");
        var listed = Assert.Single(page!.Items, r => r.Id == registered.Id);
        Assert.Equal("王**", listed.Name);
        Assert.Equal(number[..4] + "**********" + number[^4..], listed.IdentityNumber);
        Assert.Equal("138****5678", listed.Phone);
        Assert.Equal(["独居老人"], listed.SpecialGroups); // the grid worker who recorded the tag sees it
        var community = await app.ClientForAsync("community");
        var seenByCommunity = await community.GetFromJsonAsync<ResidentBody>($"/api/v1/places/residents/{registered.Id}");
        Assert.Equal(["独居老人"], seenByCommunity!.SpecialGroups);

        var row = await app.WithDbAsync(db => db.Set<Resident>().AsNoTracking().SingleAsync(r => r.Id == registered.Id));
        Assert.Equal("王德明", row.Name);
        Assert.True(PersonalDataProtector.IsProtected(row.IdentityNumber));
        Assert.True(PersonalDataProtector.IsProtected(row.Phone));
        foreach (var column in new[] { row.IdentityNumber, row.IdentityNumberIndex, row.IdentityNumberMasked, row.Phone, row.PhoneIndex, row.PhoneMasked })
        {
            Assert.DoesNotContain(number, column!, StringComparison.Ordinal);
            Assert.DoesNotContain(number[6..14], column!, StringComparison.Ordinal);
            Assert.DoesNotContain("13812345678", column!, StringComparison.Ordinal);
            Assert.DoesNotContain("12345678", column!, StringComparison.Ordinal);
        }

        var entry = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .SingleAsync(e => e.Action == RegisterResident.AuditAction && e.Target == $"resident:{registered.Id}"));
        Assert.Equal("grid", entry.ActorName);
        Assert.DoesNotContain("王德明", entry.Detail ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_by_identity_number_finds_exactly_one_and_by_name_prefix_returns_masked_names()
    {
        var grid = await app.ClientForAsync("grid");
        var household = await HouseholdAsync(grid, OwnGrid);
        var number = IdentityNumber(new DateOnly(1984, 11, 2), male: false);
        var registered = await RegisteredAsync(grid, household, "欧阳秀英", number, "13961588888");
        await RegisteredAsync(grid, household, "欧阳晓东", IdentityNumber(new DateOnly(2010, 6, 1), male: true), relation: "子女");

        var byNumber = await grid.GetFromJsonAsync<PageBody>($"/api/v1/places/residents/search?identityNumber={number.ToLowerInvariant()}");
        var byName = await grid.GetFromJsonAsync<PageBody>($"/api/v1/places/residents/search?name={Uri.EscapeDataString("欧阳")}");

        Assert.Equal(registered.Id, Assert.Single(byNumber!.Items).Id);
        Assert.True(byName!.Items.Count >= 2);
        Assert.All(byName.Items, r => Assert.Equal("欧阳**", r.Name));
    }

    [Fact]
    public async Task A_wrong_check_character_is_refused_with_the_reason_and_nothing_is_written()
    {
        var grid = await app.ClientForAsync("grid");
        var household = await HouseholdAsync(grid, OwnGrid);
        var wrong = WithWrongCheck(IdentityNumber(new DateOnly(1990, 1, 20), male: true));

        var response = await RegisterAsync(grid, household, "李建军", wrong, "1381234", relation: "亲戚");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("校验位", Assert.Single(problem.Errors!["identityNumber"]), StringComparison.Ordinal);
        Assert.True(problem.Errors.ContainsKey("phone"));
        Assert.True(problem.Errors.ContainsKey("relation"));
        Assert.False(await app.WithDbAsync(db => db.Set<Resident>().AnyAsync(r => r.Name == "李建军")));
    }

    [Fact]
    public async Task A_duplicate_identity_number_is_a_conflict_even_in_another_grid()
    {
        var grid = await app.ClientForAsync("grid");
        var grid2 = await app.ClientForAsync("grid2");
        var number = IdentityNumber(new DateOnly(1975, 8, 8), male: true);
        await RegisteredAsync(grid, await HouseholdAsync(grid, OwnGrid), "张卫国", number);

        var again = await RegisterAsync(grid, await HouseholdAsync(grid, OwnGrid), "张卫国", number);
        var elsewhere = await RegisterAsync(grid2, await HouseholdAsync(grid2, OtherGrid), "张卫国", number);

        var problem = await Problem.ReadAsync(again, HttpStatusCode.Conflict);
        Assert.Contains("已登记", problem.Detail, StringComparison.Ordinal);
        await Problem.ReadAsync(elsewhere, HttpStatusCode.Conflict);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<Resident>().CountAsync(r => r.Name == "张卫国")));
    }

    [Fact]
    public async Task Grid_worker_of_another_grid_can_neither_list_read_reveal_nor_change_the_resident()
    {
        var grid = await app.ClientForAsync("grid");
        var grid2 = await app.ClientForAsync("grid2");
        var household = await HouseholdAsync(grid, OwnGrid);
        var number = IdentityNumber(new DateOnly(1966, 2, 28), male: false);
        var resident = await RegisteredAsync(grid, household, "陈桂芳", number, "13706171234");

        Assert.Equal(HttpStatusCode.NotFound, (await grid2.GetAsync($"/api/v1/places/grids/{OwnGrid}/residents")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await grid2.GetAsync($"/api/v1/places/grids/{OwnGrid}/buildings")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await grid2.GetAsync($"/api/v1/places/households/{household}/residents")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await grid2.GetAsync($"/api/v1/places/residents/{resident.Id}")).StatusCode);
        var reveal = await grid2.PostAsJsonAsync($"/api/v1/places/residents/{resident.Id}/reveal", new { field = "identityNumber", purpose = "入户走访核实身份" });
        Assert.Equal(HttpStatusCode.NotFound, reveal.StatusCode);
        var change = await grid2.PutAsJsonAsync($"/api/v1/places/residents/{resident.Id}", new { phone = "13900000000" });
        Assert.Equal(HttpStatusCode.NotFound, change.StatusCode);
        var register = await RegisterAsync(grid2, household, "陈小军", IdentityNumber(new DateOnly(1992, 5, 5), male: true), relation: "子女");
        Assert.Equal(HttpStatusCode.NotFound, register.StatusCode);
        var search = await grid2.GetFromJsonAsync<PageBody>($"/api/v1/places/residents/search?identityNumber={number}");
        Assert.Empty(search!.Items);
        var byName = await grid2.GetFromJsonAsync<PageBody>($"/api/v1/places/residents/search?name={Uri.EscapeDataString("陈桂")}");
        Assert.DoesNotContain(byName!.Items, r => r.Id == resident.Id);

        var row = await app.WithDbAsync(db => db.Set<Resident>().AsNoTracking().SingleAsync(r => r.Id == resident.Id));
        Assert.Equal("137****1234", row.PhoneMasked);
        Assert.Equal(0, row.Version);
        Assert.False(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == PersonalDataAccess.RevealAction && e.Target == $"resident:{resident.Id}" && e.Outcome == AuditOutcome.Succeeded)));
    }

    [Fact]
    public async Task Reveal_with_a_purpose_returns_the_clear_value_and_is_audited_with_the_purpose()
    {
        var grid = await app.ClientForAsync("grid");
        var number = IdentityNumber(new DateOnly(1949, 10, 1), male: true);
        var resident = await RegisteredAsync(grid, await HouseholdAsync(grid, OwnGrid), "刘长根", number, "13812345678");

        var identity = await grid.PostAsJsonAsync($"/api/v1/places/residents/{resident.Id}/reveal", new { field = "identityNumber", purpose = "办理高龄津贴核对身份" });
        var phone = await grid.PostAsJsonAsync($"/api/v1/places/residents/{resident.Id}/reveal", new { field = "phone", purpose = "电话通知体检" });

        identity.EnsureSuccessStatusCode();
        Assert.Equal(number, (await identity.Content.ReadFromJsonAsync<RevealBody>())!.Value);
        Assert.Equal("13812345678", (await phone.Content.ReadFromJsonAsync<RevealBody>())!.Value);
        var entries = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == PersonalDataAccess.RevealAction && e.Target == $"resident:{resident.Id}")
            .OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(("grid", AuditOutcome.Succeeded), (e.ActorName, e.Outcome)));
        Assert.Contains("办理高龄津贴核对身份", entries[0].Detail, StringComparison.Ordinal);
        Assert.Contains(Resident.IdentityNumberField, entries[0].Detail, StringComparison.Ordinal);
        Assert.Contains("电话通知体检", entries[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reveal_without_a_purpose_is_refused_and_the_refusal_is_audited()
    {
        var grid = await app.ClientForAsync("grid");
        var resident = await RegisteredAsync(grid, await HouseholdAsync(grid, OwnGrid), "周美华", IdentityNumber(new DateOnly(1988, 7, 7), male: false));

        var response = await grid.PostAsJsonAsync($"/api/v1/places/residents/{resident.Id}/reveal", new { field = "identityNumber", purpose = " " });

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("用途", problem.Detail, StringComparison.Ordinal);
        var denied = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .SingleAsync(e => e.Action == PersonalDataAccess.RevealAction && e.Target == $"resident:{resident.Id}"));
        Assert.Equal(AuditOutcome.Denied, denied.Outcome);
        Assert.Equal("grid", denied.ActorName);
    }

    [Fact]
    public async Task Resident_sees_their_own_data_unmasked_and_who_revealed_it_and_why()
    {
        var grid = await app.ClientForAsync("grid");
        var community = await app.ClientForAsync("community");
        var number = IdentityNumber(new DateOnly(1979, 4, 12), male: false);
        var resident = await RegisteredAsync(grid, await HouseholdAsync(grid, OwnGrid, "1-302"), "吴小梅", number, "15861500123", specialGroups: ["低保"]);
        (await community.PutAsJsonAsync($"/api/v1/places/residents/{resident.Id}/account", new { userName = "resident" })).EnsureSuccessStatusCode();
        (await grid.PostAsJsonAsync($"/api/v1/places/residents/{resident.Id}/reveal", new { field = "phone", purpose = "通知低保年审材料" })).EnsureSuccessStatusCode();
        var self = await app.ClientForAsync("resident");

        var mine = await self.GetFromJsonAsync<MineBody>("/api/v1/me/personal-data");

        Assert.Equal("吴小梅", mine!.Data.Name);
        Assert.Equal(number, mine.Data.IdentityNumber);
        Assert.Equal("15861500123", mine.Data.Phone);
        Assert.Equal(["低保"], mine.Data.SpecialGroups);
        Assert.EndsWith("1-302室", mine.Data.Address, StringComparison.Ordinal);
        var disclosure = Assert.Single(mine.Disclosures);
        Assert.Equal(("grid", "grid-worker", "通知低保年审材料"), (disclosure.Who, disclosure.Role, disclosure.Purpose));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == MyPersonalData.SelfReadAction && e.Target == $"resident:{resident.Id}" && e.ActorName == "resident")));
        Assert.Equal(HttpStatusCode.NotFound, (await community.GetAsync("/api/v1/me/personal-data")).StatusCode);
    }

    [Fact]
    public async Task Administrator_exports_and_erases_unless_a_hold_needs_the_data()
    {
        var grid = await app.ClientForAsync("grid");
        var admin = await app.ClientForAsync("admin");
        var number = IdentityNumber(new DateOnly(1970, 12, 24), male: true);
        var resident = await RegisteredAsync(grid, await HouseholdAsync(grid, OwnGrid), "孙志强", number, "13771234567", specialGroups: ["社区矫正"]);

        var export = await admin.GetFromJsonAsync<PersonalDataBody>($"/api/v1/places/residents/{resident.Id}/export");
        Assert.Equal(number, export!.IdentityNumber);
        Assert.Equal(HttpStatusCode.Forbidden, (await grid.GetAsync($"/api/v1/places/residents/{resident.Id}/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await grid.DeleteAsync($"/api/v1/places/residents/{resident.Id}")).StatusCode);

        app.Held[resident.Id] = "矛盾纠纷 2026-0031 尚未办结";
        var refused = await admin.DeleteAsync($"/api/v1/places/residents/{resident.Id}");
        var problem = await Problem.ReadAsync(refused, HttpStatusCode.Conflict);
        Assert.Contains("矛盾纠纷 2026-0031 尚未办结", problem.Detail, StringComparison.Ordinal);
        Assert.Equal("孙志强", (await app.WithDbAsync(db => db.Set<Resident>().AsNoTracking().SingleAsync(r => r.Id == resident.Id))).Name);

        app.Held.TryRemove(resident.Id, out _);
        var erased = await admin.DeleteAsync($"/api/v1/places/residents/{resident.Id}");

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        var row = await app.WithDbAsync(db => db.Set<Resident>().AsNoTracking().SingleAsync(r => r.Id == resident.Id));
        Assert.Equal(Resident.ErasedName, row.Name);
        Assert.Null(row.IdentityNumber);
        Assert.Null(row.IdentityNumberIndex);
        Assert.Null(row.Phone);
        Assert.Empty(row.Tags);
        Assert.True(row.IsErased);
        var actions = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Target == $"resident:{resident.Id}" && e.Outcome == AuditOutcome.Succeeded).Select(e => e.Action).ToListAsync());
        Assert.Contains(ResidentRecords.ExportAction, actions);
        Assert.Contains(ResidentRecords.EraseAction, actions);
        // The number is free again once erased.
        await RegisteredAsync(grid, await HouseholdAsync(grid, OwnGrid), "孙志强", number);
    }

    [Fact]
    public async Task Household_members_are_paged_and_tags_come_from_the_configured_list()
    {
        var grid = await app.ClientForAsync("grid");
        var household = await HouseholdAsync(grid, OwnGrid, "3-101");
        var head = await RegisteredAsync(grid, household, "赵永刚", IdentityNumber(new DateOnly(1968, 1, 3), male: true), specialGroups: ["退役军人"]);
        await RegisteredAsync(grid, household, "钱秀兰", IdentityNumber(new DateOnly(1970, 2, 14), male: false), relation: "配偶");
        await RegisteredAsync(grid, household, "赵小雨", IdentityNumber(new DateOnly(2012, 9, 1), male: false), relation: "子女", specialGroups: ["留守儿童"]);

        var first = await grid.GetFromJsonAsync<PageBody>($"/api/v1/places/households/{household}/residents?page=1&pageSize=2");
        var second = await grid.GetFromJsonAsync<PageBody>($"/api/v1/places/households/{household}/residents?page=2&pageSize=2");
        var secondHead = await RegisterAsync(grid, household, "赵永强", IdentityNumber(new DateOnly(1969, 5, 5), male: true));
        var unknownTag = await RegisterAsync(grid, household, "赵大宝", IdentityNumber(new DateOnly(1999, 3, 3), male: true), relation: "其他", specialGroups: ["吸毒人员"]);

        Assert.Equal((3, 2), (first!.Total, first.Items.Count));
        Assert.Single(second!.Items);
        Assert.Equal(3, first.Items.Concat(second.Items).Select(r => r.Id).Distinct().Count());
        await Problem.ReadAsync(secondHead, HttpStatusCode.Conflict);
        var problem = await Problem.ReadAsync(unknownTag, HttpStatusCode.BadRequest);
        Assert.Contains("吸毒人员", Assert.Single(problem.Errors!["specialGroups"]), StringComparison.Ordinal);
        var households = await grid.GetFromJsonAsync<List<HouseholdBody>>($"/api/v1/places/buildings/{(await app.WithDbAsync(db => db.Set<Household>().AsNoTracking().SingleAsync(h => h.Id == household))).BuildingId}/households");
        Assert.Equal(head.Id, Assert.Single(households!).HeadResidentId);
        var community = await app.ClientForAsync("community");
        var updated = await community.PutAsJsonAsync($"/api/v1/places/residents/{head.Id}", new { specialGroups = new[] { "退役军人", "残疾人" }, phone = "0510-87654321" });
        var body = (await updated.Content.ReadFromJsonAsync<ResidentBody>())!;
        Assert.Equal(["退役军人", "残疾人"], body.SpecialGroups);
        Assert.Equal("0510-******21", body.Phone);
    }

    internal sealed record HouseholdBody(Guid Id, Guid BuildingId, string Address, string Room, Guid? HeadResidentId);

    internal sealed record RevealBody(Guid ResidentId, string Field, string Value);

    internal sealed record PersonalDataBody(Guid Id, string Name, string? IdentityNumber, string? Phone, List<string> SpecialGroups, string Address);

    internal sealed record DisclosureBody(DateTimeOffset At, string Who, string? Role, string Action, string? Field, string? Purpose);

    internal sealed record MineBody(PersonalDataBody Data, List<DisclosureBody> Disclosures);
}
