using System.Text.RegularExpressions;
using Fengqiao.Kernel.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Fengqiao.EndToEnd;

/// <summary>The login page: Chinese by default, errors and lockout, keyboard use, language switch.</summary>
public sealed class LoginTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [BrowserFact]
    public async Task Wrong_password_shows_a_Chinese_error_and_five_lock_the_account()
    {
        const string password = "lockout-test-2024";
        var userName = "lockout-" + Guid.NewGuid().ToString("N")[..8];
        await App.AsSystemAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<FengqiaoUser>>();
            var created = await users.CreateAsync(new FengqiaoUser { UserName = userName, DisplayName = "锁定测试", CreatedAt = DateTimeOffset.UtcNow }, password);
            Assert.True(created.Succeeded, string.Join("；", created.Errors.Select(e => e.Description)));
            return created;
        });
        var page = await NewPageAsync();

        await SubmitLoginAsync(page, userName, "wrong-password-1");

        await Expect(page.GetByTestId("login-error")).ToHaveTextAsync("用户名或密码错误。");
        await ScreenshotAsync(page, "login-wrong-password");

        for (var attempt = 2; attempt <= 5; attempt++)
        {
            await SubmitLoginAsync(page, userName, $"wrong-password-{attempt}");
        }

        await Expect(page.GetByTestId("login-error")).ToContainTextAsync("锁定");
        await ScreenshotAsync(page, "login-locked");

        // While locked, even the right password is refused.
        await SubmitLoginAsync(page, userName, password);
        await Expect(page.GetByTestId("login-error")).ToContainTextAsync("锁定");
        Assert.EndsWith("/login", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task Tab_reaches_user_name_password_and_submit_in_order_and_Enter_submits()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/login");
        Assert.Equal("userName", await FocusedAsync(page)); // autofocus

        // Walk from the first link of the page (the brand in the header) as a keyboard user would.
        await page.FocusAsync("a.fq-brand");

        var visited = new List<string>();
        for (var i = 0; i < 15 && (visited.Count == 0 || visited[^1] != "userName"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
            visited.Add(await FocusedAsync(page));
        }

        Assert.Equal("userName", visited[^1]);
        Assert.DoesNotContain("password", visited);
        await page.Keyboard.TypeAsync("mediator");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("password", await FocusedAsync(page));
        await page.Keyboard.TypeAsync(App.Account("mediator").Password);
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("submit", await FocusedAsync(page));
        await ScreenshotAsync(page, "login-keyboard");

        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync("**/workbench");
        await WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("current-user")).ToHaveTextAsync(App.Account("mediator").DisplayName);
    }

    [BrowserFact]
    public async Task Interface_is_Chinese_although_the_browser_asks_for_English_until_the_language_is_switched()
    {
        var page = await NewPageAsync(new BrowserNewContextOptions { Locale = "en-US" });
        var acceptLanguage = "";
        page.Request += (_, request) =>
        {
            if (request.Url.EndsWith("/login", StringComparison.Ordinal))
            {
                acceptLanguage = request.Headers.TryGetValue("accept-language", out var value) ? value : "";
            }
        };

        await page.GotoAsync("/login");

        Assert.StartsWith("en-US", acceptLanguage, StringComparison.Ordinal);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.Locator("h1")).ToHaveTextAsync("登录");
        await ScreenshotAsync(page, "language-chinese");

        await page.GetByTestId("language-switch").ClickAsync();

        await page.WaitForURLAsync("**/login");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
        await Expect(page.Locator("form[data-testid=login-form] button[type=submit]")).ToHaveTextAsync("Sign in");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await ScreenshotAsync(page, "language-english");
    }

    private static async Task SubmitLoginAsync(IPage page, string userName, string password)
    {
        await page.GotoAsync("/login");
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("form[data-testid=login-form] button[type=submit]");
        await page.WaitForURLAsync(new Regex(@"/login\?error="));
    }

    /// <summary>The id of the focused element, or "submit" for the login form's submit button.</summary>
    private static Task<string> FocusedAsync(IPage page) => page.EvaluateAsync<string>(
        "() => { const e = document.activeElement; if (!e) return ''; if (e.matches('form[data-testid=login-form] button[type=submit]')) return 'submit'; return e.id || e.tagName.toLowerCase(); }");
}
