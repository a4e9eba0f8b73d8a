using System.Globalization;
using System.Net;
using System.Net.Http.Json;

namespace Fengqiao.EndToEnd;

/// <summary>A notice sent through the API reaches an open staff page without a reload.</summary>
public sealed class LiveNotificationTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [BrowserFact]
    public async Task Notice_from_the_community_raises_the_grid_workers_unread_badge_live_and_lands_in_the_inbox()
    {
        var page = await NewPageAsync();
        await LoginAsync(page, "grid");
        await WaitForInteractiveAsync(page);
        var badge = page.GetByTestId("inbox-badge");
        var before = int.Parse(await badge.GetAttributeAsync("data-unread") ?? "0", CultureInfo.InvariantCulture);
        // The page subscribes to the notification hub after its first interactive render.
        await page.WaitForFunctionAsync("() => window.fengqiaoNotifications && window.fengqiaoNotifications.isConnected()");
        var navigations = 0;
        page.FrameNavigated += (_, frame) =>
        {
            if (frame == page.MainFrame)
            {
                navigations++;
            }
        };

        using var community = await App.ClientForAsync("community");
        var response = await community.PostAsJsonAsync("/api/v1/notices", new
        {
            unitCode = "320282001001",
            title = "防汛通知",
            body = "今晚有暴雨，请巡查低洼地段。",
            roles = new[] { "grid-worker" },
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        // Other browser tests share the application and may notify the same grid worker meanwhile, so the badge
        // must rise by at least one, not exactly one; the inbox below proves this notice is among them.
        await page.WaitForFunctionAsync(
            "min => Number(document.querySelector('[data-testid=inbox-badge]')?.getAttribute('data-unread') ?? 0) >= min",
            before + 1,
            new() { Timeout = 15_000 });
        Assert.Equal(0, navigations);
        await ScreenshotAsync(page, "live-notice-badge-as-grid");

        await page.GotoAsync("/inbox");
        await WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("inbox-list")).ToContainTextAsync("防汛通知");
        await ScreenshotAsync(page, "live-notice-inbox-as-grid");
    }
}
