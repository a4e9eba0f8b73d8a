using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Identity;
using Fengqiao.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fengqiao.Tests.Platform;

/// <summary>Signing in for a token, refusing bad and expired tokens, lockout, refresh, and changing one's own password.</summary>
public sealed class AuthenticationApiTests(FengqiaoApp app) : IClassFixture<FengqiaoApp>
{
    private const string Community = "320282001001"; // 茶东社区
    private const string Password = "chadong2025a";

    [Fact]
    public async Task Right_password_gives_a_bearer_token_that_opens_the_api()
    {
        var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "street", password = app.Account("street").Password });

        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenBody>();
        Assert.Equal("Bearer", token!.TokenType);
        Assert.Equal(3600, token.ExpiresIn);
        Assert.False(string.IsNullOrEmpty(token.RefreshToken));
        var me = await MeAsync(token.AccessToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var body = await me.Content.ReadFromJsonAsync<MeBody>();
        Assert.Equal("street", body!.UserName);
        Assert.Equal("周晓燕", body.DisplayName);
        Assert.Equal(["street-officer"], body.Roles);
        Assert.Equal(["320282001"], body.UnitCodes);
    }

    [Fact]
    public async Task Wrong_password_is_refused_as_invalid_credentials_and_the_attempt_is_audited()
    {
        var userName = await CreateStaffAsync("林雪梅");

        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { userName, password = "chadong2024x" });

        var problem = await Problem.ReadAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("invalid-credentials", problem.Code);
        Assert.Equal("用户名或密码错误。", problem.Detail);
        var refusal = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == "auth.sign-in" && e.Target == $"user:{userName}")
            .ToListAsync());
        var entry = Assert.Single(refusal);
        Assert.Equal(AuditOutcome.Denied, entry.Outcome);
        Assert.Equal("用户名或密码错误", entry.Detail);
        Assert.DoesNotContain("chadong2024x", entry.Detail);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_so_that_even_the_right_password_is_refused()
    {
        var userName = await CreateStaffAsync("陆志强");
        var client = app.CreateClient();

        var codes = new List<string>();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var wrong = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password = $"wrongpass{attempt}x" });
            codes.Add((await Problem.ReadAsync(wrong, HttpStatusCode.Unauthorized)).Code ?? "");
        }

        var right = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password = Password });

        Assert.Equal(["invalid-credentials", "invalid-credentials", "invalid-credentials", "invalid-credentials"], codes.Take(4));
        var problem = await Problem.ReadAsync(right, HttpStatusCode.Unauthorized);
        Assert.Equal("locked-out", problem.Code);
        Assert.Contains("锁定", problem.Detail);
        var lockoutEnd = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.LockoutEnd).SingleAsync());
        Assert.True(lockoutEnd > DateTimeOffset.UtcNow.AddMinutes(14));
    }

    [Fact]
    public async Task Forged_bearer_token_is_refused_with_a_problem()
    {
        var response = await MeAsync("CfDJ8Forged-token-that-no-key-ever-protected");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("需要登录", problem.Title);
    }

    [Fact]
    public async Task Expired_bearer_token_is_refused_although_a_fresh_one_for_the_same_person_works()
    {
        var expired = await MintTokenAsync("street", DateTimeOffset.UtcNow.AddMinutes(-1));
        var fresh = await MintTokenAsync("street", DateTimeOffset.UtcNow.AddMinutes(10));

        var refused = await MeAsync(expired);
        var accepted = await MeAsync(fresh);

        await Problem.ReadAsync(refused, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Refresh_token_gives_a_new_access_token_that_works()
    {
        var client = app.CreateClient();
        var first = await (await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "community", password = app.Account("community").Password }))
            .Content.ReadFromJsonAsync<TokenBody>();

        var response = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = first!.RefreshToken });

        response.EnsureSuccessStatusCode();
        var renewed = await response.Content.ReadFromJsonAsync<TokenBody>();
        Assert.False(string.IsNullOrEmpty(renewed!.AccessToken));
        var me = await (await MeAsync(renewed.AccessToken)).Content.ReadFromJsonAsync<MeBody>();
        Assert.Equal("community", me!.UserName);
    }

    [Fact]
    public async Task Forged_refresh_token_is_refused()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "not-a-refresh-token" });

        await Problem.ReadAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Disabled_account_cannot_get_a_token()
    {
        var userName = await CreateStaffAsync("顾建华");
        await app.AsSystemAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<FengqiaoUser>>();
            var user = await users.FindByNameAsync(userName);
            user!.IsDisabled = true;
            return await users.UpdateAsync(user);
        });

        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { userName, password = Password });

        var problem = await Problem.ReadAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("停用", problem.Detail);
        Assert.Equal("account-disabled", problem.Code);
        var refusal = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .SingleAsync(e => e.Action == "auth.sign-in" && e.Target == $"user:{userName}"));
        Assert.Equal(AuditOutcome.Denied, refusal.Outcome);
        Assert.Equal("账号已停用", refusal.Detail);
    }

    [Fact]
    public async Task A_refused_sign_in_is_written_to_the_audit_log_once()
    {
        var userName = await CreateStaffAsync("蒋文博");
        var before = await app.WithDbAsync(db => db.AuditEntries.CountAsync());

        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { userName, password = "wrongpass123" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var written = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Sequence > before).ToListAsync());
        var entry = Assert.Single(written, e => e.Target == $"user:{userName}" || e.Target.Contains("auth/token", StringComparison.Ordinal));
        Assert.Equal("auth.sign-in", entry.Action);
    }

    [Fact]
    public async Task A_wrong_password_for_a_disabled_account_does_not_reveal_that_it_is_disabled()
    {
        var userName = await CreateStaffAsync("邵静怡");
        await app.AsSystemAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<FengqiaoUser>>();
            var user = await users.FindByNameAsync(userName);
            user!.IsDisabled = true;
            return await users.UpdateAsync(user);
        });

        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { userName, password = "wrongpass123" });

        var problem = await Problem.ReadAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("invalid-credentials", problem.Code);
        Assert.DoesNotContain("停用", problem.Detail);
    }

    [Fact]
    public async Task Weak_new_password_is_refused_with_field_errors_and_the_old_one_still_works()
    {
        var userName = await CreateStaffAsync("钱红霞");
        var client = await app.ClientForAsync(userName, Password);

        var response = await client.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = Password, newPassword = "abc" });

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("validation-failed", problem.Code);
        Assert.Contains("密码至少需要 10 位。", problem.Errors!["newPassword"]);
        Assert.Contains("密码需要包含数字。", problem.Errors["newPassword"]);
        Assert.Equal(HttpStatusCode.OK, (await TokenResponseAsync(userName, Password)).StatusCode);
    }

    [Fact]
    public async Task Wrong_current_password_is_refused_and_nothing_changes()
    {
        var userName = await CreateStaffAsync("韩雨婷");
        var client = await app.ClientForAsync(userName, Password);

        var response = await client.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = "notmypass99", newPassword = "taodu2026xyz" });

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["原密码不正确。"], problem.Errors!["currentPassword"]);
        Assert.Equal(HttpStatusCode.OK, (await TokenResponseAsync(userName, Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenResponseAsync(userName, "taodu2026xyz")).StatusCode);
    }

    [Fact]
    public async Task Changed_password_replaces_the_old_one_and_the_account_holder_is_told_in_the_inbox()
    {
        var userName = await CreateStaffAsync("沈国平");
        var client = await app.ClientForAsync(userName, Password);

        var response = await client.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = Password, newPassword = "taodu2026xyz" });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var old = await Problem.ReadAsync(await TokenResponseAsync(userName, Password), HttpStatusCode.Unauthorized);
        Assert.Equal("invalid-credentials", old.Code);
        // Tokens issued before the change no longer speak for the account.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me")).StatusCode);
        await app.DrainOutboxAsync();
        var renewed = await app.ClientForAsync(userName, "taodu2026xyz");
        var inbox = await renewed.GetFromJsonAsync<List<InboxBody>>("/api/v1/inbox");
        var notice = Assert.Single(inbox!);
        Assert.Equal("账号安全提醒", notice.Title);
        Assert.Contains("密码已修改", notice.Body);
        Assert.False(notice.IsRead);
    }

    /// <summary>A community worker of 茶东社区 created for one test, so the demo accounts stay usable.</summary>
    private async Task<string> CreateStaffAsync(string displayName)
    {
        var userName = "cd-" + Guid.NewGuid().ToString("N")[..10];
        await app.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<FengqiaoDbContext>();
            var users = sp.GetRequiredService<UserManager<FengqiaoUser>>();
            var unit = await db.Units.SingleAsync(u => u.Code == Community);
            var user = new FengqiaoUser { UserName = userName, DisplayName = displayName, CreatedAt = DateTimeOffset.UtcNow };
            user.Units.Add(new UserUnit { UserId = user.Id, UnitId = unit.Id });
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.CommunityWorker)).Succeeded);
            return user.Id;
        });
        return userName;
    }

    /// <summary>A bearer token exactly as the host protects them, but expiring when the test says.</summary>
    private Task<string> MintTokenAsync(string userName, DateTimeOffset expiresUtc) =>
        app.AsSystemAsync(async sp =>
        {
            var signIn = sp.GetRequiredService<SignInManager<FengqiaoUser>>();
            var user = await signIn.UserManager.FindByNameAsync(userName);
            var principal = await signIn.CreateUserPrincipalAsync(user!);
            var protector = sp.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme).BearerTokenProtector;
            return protector.Protect(new AuthenticationTicket(
                principal,
                new AuthenticationProperties { IssuedUtc = expiresUtc.AddHours(-1), ExpiresUtc = expiresUtc },
                IdentityConstants.BearerScheme));
        });

    private Task<HttpResponseMessage> TokenResponseAsync(string userName, string password) =>
        app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { userName, password });

    private async Task<HttpResponseMessage> MeAsync(string accessToken)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await client.GetAsync("/api/v1/me");
    }

    private sealed record TokenBody(string TokenType, string AccessToken, long ExpiresIn, string RefreshToken);

    private sealed record MeBody(Guid Id, string UserName, string DisplayName, List<string> Roles, List<string> UnitCodes);

    private sealed record InboxBody(Guid Id, string Title, string Body, string? Link, bool IsRead);
}
