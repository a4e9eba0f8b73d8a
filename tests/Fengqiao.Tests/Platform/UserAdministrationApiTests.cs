using System.Net;
using System.Net.Http.Json;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Identity;
using Fengqiao.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Tests.Platform;

/// <summary>Administrators manage the accounts of their own jurisdiction, and nobody else manages accounts at all.</summary>
public sealed class UserAdministrationApiTests(FengqiaoApp app) : IClassFixture<FengqiaoApp>
{
    private const string HepingGrid = "320282001003001"; // 和平社区第一网格, 宜城街道

    [Fact]
    public async Task Administrator_creates_a_grid_worker_whose_initial_password_opens_the_api()
    {
        var admin = await app.ClientForAsync("admin");
        var userName = NewName("xulan");

        var response = await admin.PostAsJsonAsync("/api/v1/users", new { userName, displayName = "徐兰", roles = new[] { "grid-worker" }, unitCodes = new[] { HepingGrid } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<CreatedBody>();
        Assert.Equal($"/api/v1/users/{created!.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(userName, created.UserName);
        var worker = await app.ClientForAsync(userName, created.InitialPassword);
        var me = await worker.GetFromJsonAsync<MeBody>("/api/v1/me");
        Assert.Equal("徐兰", me!.DisplayName);
        Assert.Equal(["grid-worker"], me.Roles);
        Assert.Equal([HepingGrid], me.UnitCodes);
        var unit = await worker.GetFromJsonAsync<UnitBody>($"/api/v1/units/{HepingGrid}");
        Assert.Equal("和平社区第一网格", unit!.Name);
        var entry = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "users.create" && e.Target == $"user:{userName}"));
        Assert.Equal("admin", entry.ActorName);
        Assert.DoesNotContain(created.InitialPassword, entry.Detail);
    }

    [Fact]
    public async Task Street_administrator_cannot_give_anyone_a_unit_of_another_street()
    {
        var streetAdmin = await CreateStreetAdministratorAsync();
        var client = await app.ClientForAsync(streetAdmin, "yicheng2025admin");
        var outsider = NewName("qiting");
        var insider = NewName("heping");

        var refused = await client.PostAsJsonAsync("/api/v1/users", new { userName = outsider, displayName = "蒋文斌", roles = new[] { "street-officer" }, unitCodes = new[] { "320282002" } }); // 屺亭街道
        var accepted = await client.PostAsJsonAsync("/api/v1/users", new { userName = insider, displayName = "蒋文华", roles = new[] { "grid-worker" }, unitCodes = new[] { HepingGrid } });

        var problem = await Problem.ReadAsync(refused, HttpStatusCode.BadRequest);
        Assert.Contains("320282002", Assert.Single(problem.Errors!["unitCodes"]));
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == outsider)));
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Fact]
    public async Task A_street_administrator_lists_the_people_of_the_street_and_not_those_of_the_county()
    {
        var streetAdmin = await CreateStreetAdministratorAsync();
        var client = await app.ClientForAsync(streetAdmin, "yicheng2025admin");

        var users = await client.GetFromJsonAsync<List<ListedUser>>("/api/v1/users");

        var names = users!.Select(u => u.UserName).ToList();
        Assert.Contains("grid", names);
        Assert.Contains("street", names);
        Assert.DoesNotContain("admin", names);      // 宜兴市: above the street
        Assert.DoesNotContain("supervisor", names);
        var grid = users!.Single(u => u.UserName == "grid");
        Assert.Equal(["grid-worker"], grid.Roles);
        Assert.Equal(["320282001001001"], grid.UnitCodes);
        Assert.Equal("cg", (await (await app.ClientForAsync("admin")).GetFromJsonAsync<List<ListedUser>>("/api/v1/users"))!.Single(u => u.UserName == "handler").DepartmentCode);
    }

    [Fact]
    public async Task Street_officer_may_not_manage_users()
    {
        var street = await app.ClientForAsync("street");
        var userName = NewName("zhoumin");

        var create = await street.PostAsJsonAsync("/api/v1/users", new { userName, displayName = "周敏", roles = new[] { "grid-worker" }, unitCodes = new[] { HepingGrid } });
        var list = await street.GetAsync("/api/v1/users");

        await Problem.ReadAsync(create, HttpStatusCode.Forbidden);
        await Problem.ReadAsync(list, HttpStatusCode.Forbidden);
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == userName)));
        var refusal = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.ActorName == "street" && e.Action == "users.create")
            .OrderByDescending(e => e.Sequence).FirstAsync());
        Assert.Equal(AuditOutcome.Denied, refusal.Outcome);
    }

    [Fact]
    public async Task Administrator_unlocks_a_locked_out_account_and_it_can_sign_in_again()
    {
        var admin = await app.ClientForAsync("admin");
        var (id, userName, password) = await CreateGridWorkerAsync(admin, "陶静");
        var anonymous = app.CreateClient();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { userName, password = $"guess{attempt}abcdef" });
        }

        var locked = await Problem.ReadAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { userName, password }), HttpStatusCode.Unauthorized);
        Assert.Equal("locked-out", locked.Code);
        Assert.True((await admin.GetFromJsonAsync<UserBody>($"/api/v1/users/{id}"))!.IsLockedOut);

        var unlock = await admin.PostAsync($"/api/v1/users/{id}/unlock", null);

        Assert.Equal(HttpStatusCode.NoContent, unlock.StatusCode);
        Assert.False((await admin.GetFromJsonAsync<UserBody>($"/api/v1/users/{id}"))!.IsLockedOut);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { userName, password })).StatusCode);
    }

    [Fact]
    public async Task Disabled_account_is_refused_a_token()
    {
        var admin = await app.ClientForAsync("admin");
        var (id, userName, password) = await CreateGridWorkerAsync(admin, "杭卫东");

        var disable = await admin.PostAsync($"/api/v1/users/{id}/disable", null);

        Assert.Equal(HttpStatusCode.NoContent, disable.StatusCode);
        Assert.True((await admin.GetFromJsonAsync<UserBody>($"/api/v1/users/{id}"))!.IsDisabled);
        var refused = await Problem.ReadAsync(
            await app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { userName, password }), HttpStatusCode.Unauthorized);
        Assert.Contains("停用", refused.Detail);
    }

    [Fact]
    public async Task Disabling_an_account_ends_the_tokens_it_already_holds()
    {
        var admin = await app.ClientForAsync("admin");
        var (id, userName, password) = await CreateGridWorkerAsync(admin, "殷晓峰");
        var worker = await app.ClientForAsync(userName, password);
        Assert.Equal(HttpStatusCode.OK, (await worker.GetAsync($"/api/v1/units/{HepingGrid}")).StatusCode);

        (await admin.PostAsync($"/api/v1/users/{id}/disable", null)).EnsureSuccessStatusCode();

        await Problem.ReadAsync(await worker.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
        await Problem.ReadAsync(await worker.GetAsync($"/api/v1/units/{HepingGrid}"), HttpStatusCode.Unauthorized);
    }

    private static string NewName(string pinyin) => $"{pinyin}-{Guid.NewGuid().ToString("N")[..8]}";

    private static async Task<(Guid Id, string UserName, string Password)> CreateGridWorkerAsync(HttpClient admin, string displayName)
    {
        var userName = NewName("wangge");
        var response = await admin.PostAsJsonAsync("/api/v1/users", new { userName, displayName, roles = new[] { "grid-worker" }, unitCodes = new[] { HepingGrid } });
        response.EnsureSuccessStatusCode();
        var created = (await response.Content.ReadFromJsonAsync<CreatedBody>())!;
        return (created.Id, userName, created.InitialPassword);
    }

    /// <summary>An administrator of 宜城街道 only, set up directly as the system (no such demo account exists).</summary>
    private async Task<string> CreateStreetAdministratorAsync()
    {
        var userName = NewName("yicheng-admin");
        await app.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<FengqiaoDbContext>();
            var users = sp.GetRequiredService<UserManager<FengqiaoUser>>();
            var street = await db.Units.SingleAsync(u => u.Code == "320282001");
            var user = new FengqiaoUser { UserName = userName, DisplayName = "宜城街道管理员", CreatedAt = DateTimeOffset.UtcNow };
            user.Units.Add(new UserUnit { UserId = user.Id, UnitId = street.Id });
            Assert.True((await users.CreateAsync(user, "yicheng2025admin")).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Administrator)).Succeeded);
            return user.Id;
        });
        return userName;
    }

    private sealed record ListedUser(string UserName, List<string> Roles, List<string> UnitCodes, string? DepartmentCode);

    private sealed record CreatedBody(Guid Id, string UserName, string InitialPassword);

    private sealed record MeBody(string UserName, string DisplayName, List<string> Roles, List<string> UnitCodes);

    private sealed record UnitBody(string Code, string Name);

    private sealed record UserBody(Guid Id, string UserName, bool IsDisabled, bool IsLockedOut);
}
