using Microsoft.Playwright;

namespace Fengqiao.EndToEnd;

/// <summary>The public site works on a phone, without signing in and without a Blazor circuit.</summary>
public sealed class PublicSiteTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [BrowserFact]
    public async Task Public_home_and_directory_work_on_a_phone_without_login_or_websocket()
    {
        var page = await NewPageAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
        });
        var blazorRequests = new List<string>();
        var websockets = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("_blazor", StringComparison.Ordinal) || request.Url.Contains("blazor.web.js", StringComparison.Ordinal))
            {
                blazorRequests.Add(request.Url);
            }
        };
        page.WebSocket += (_, socket) => websockets.Add(socket.Url);

        await page.GotoAsync("/");

        await Expect(page.GetByTestId("home-directory")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("home-login")).ToBeVisibleAsync();
        var button = await page.GetByTestId("home-directory").BoundingBoxAsync();
        Assert.NotNull(button);
        Assert.True(button.Height >= 44, $"The big button is {button.Height}px high; touch targets need at least 44px.");
        Assert.True(button.X >= 0 && button.X + button.Width <= 390, "The big button fits the phone's width.");
        await ScreenshotAsync(page, "public-home-phone");

        await page.GetByTestId("home-directory").ClickAsync();
        // Under CI load (both suites at once) this navigation once took over the default 15 s.
        await page.WaitForURLAsync("**/public/units", new() { Timeout = 30_000 });
        await page.GotoAsync("/public/units/320282001");

        await Expect(page.Locator("h1")).ToHaveTextAsync("宜城街道");
        await Expect(page.GetByTestId("public-children")).ToContainTextAsync("茶东社区");
        await Expect(page.GetByTestId("public-children").Locator("li")).Not.ToHaveCountAsync(0);
        await ScreenshotAsync(page, "public-directory-phone");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Empty(blazorRequests);
        Assert.Empty(websockets);
    }
}
