using System.Text.Json;
using Fengqiao.Places.Grids;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Fengqiao.EndToEnd;

/// <summary>
/// 办理公开 on a phone (static page, no circuit): the map, the list with masked text and a coarsened private home, the
/// filters and the per-community statistics; and the staff indicators page with formulas, tiers and the comparison.
/// </summary>
public sealed class PublicCasesPageTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private const string Grid = "320282001001001";

    [BrowserFact]
    public async Task A_resident_on_a_phone_sees_public_cases_on_a_map_and_list_without_personal_data_and_the_community_statistics()
    {
        var page = await NewPageAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
        });
        var websockets = new List<string>();
        page.WebSocket += (_, socket) => websockets.Add(socket.Url);
        var code = await ReportAtHomeAsync(page);

        await page.GotoAsync("/");
        await page.GetByTestId("home-public-cases").ClickAsync();
        await page.WaitForURLAsync("**/public/cases");

        var item = page.GetByTestId("public-case").Filter(new() { Has = page.Locator($"a[href='/track/{code}']") });
        await Expect(item).ToHaveCountAsync(1);
        await Expect(item).ToContainTextAsync("139****5678");
        await Expect(item).Not.ToContainTextAsync("13912345678");
        await Expect(item).Not.ToContainTextAsync("王建国");
        await Expect(item.GetByTestId("public-coarsened")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("public-map").Locator(".leaflet-overlay-pane canvas")).ToBeAttachedAsync();
        Assert.True(int.Parse(await page.GetByTestId("public-map").GetAttributeAsync("data-markers") ?? "0", System.Globalization.CultureInfo.InvariantCulture) >= 1);
        await Expect(page.GetByTestId("public-stats").Locator("tr[data-community='320282001001']")).ToContainTextAsync("茶东社区");
        await Expect(page.GetByTestId("public-stats-chart").Locator("svg")).ToBeVisibleAsync();
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "The public page fits the phone's width (the statistics table scrolls inside its box).");
        await ScreenshotAsync(page, "public-cases-phone");

        // Filters are a plain GET form: closed cases only leaves the open report out; the community keeps it.
        await page.GetByTestId("filter-status").SelectOptionAsync("closed");
        await page.GetByTestId("filter-submit").ClickAsync();
        await page.WaitForURLAsync("**status=closed**");
        await Expect(page.Locator($"[data-testid=public-case] a[href='/track/{code}']")).ToHaveCountAsync(0);
        await page.GetByTestId("filter-status").SelectOptionAsync("");
        await page.GetByTestId("filter-community").SelectOptionAsync("320282001001");
        await page.GetByTestId("filter-submit").ClickAsync();
        await page.WaitForURLAsync("**community=320282001001**");
        await Expect(page.Locator($"[data-testid=public-case] a[href='/track/{code}']")).ToHaveCountAsync(1);

        // A private category in a hand-edited link is refused in Chinese, with the page still usable.
        await page.GotoAsync("/public/cases?category=S0101");
        await Expect(page.GetByTestId("public-error")).ToContainTextAsync("不是公开的事件类别");
        await page.GotoAsync("/report");
        await Expect(page.GetByTestId("report-public-cases")).ToHaveAttributeAsync("href", "/public/cases");
        Assert.Empty(websockets);
    }

    [BrowserFact]
    public async Task The_street_officer_reads_every_indicator_with_its_formula_the_tier_chart_and_a_sortable_comparison_of_communities()
    {
        var page = await NewPageAsync();
        await LoginAsync(page, "street");

        await page.GotoAsync("/cases/indicators?unit=320282001&period=this-year");
        await WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("indicators-ready")).ToHaveCountAsync(1);

        foreach (var key in new[] { "onTimeFiling", "accurateDispatch", "disposal", "onTimeDisposal", "closing", "onTimeClosing", "rework", "satisfaction", "hotlineResponse", "hotlineResolution", "hotlineSatisfaction", "resolvedInVillage" })
        {
            await Expect(page.GetByTestId($"ind-{key}")).ToHaveCountAsync(1);
        }

        await Expect(page.GetByTestId("ind-closing-name")).ToHaveAttributeAsync("data-formula", new System.Text.RegularExpressions.Regex("结案数 / 应结案数"));
        await page.GetByTestId("ind-closing-name").HoverAsync();
        await Expect(page.Locator(".mud-tooltip").Filter(new() { HasText = "结案数 / 应结案数" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("ind-tier-chart").Locator("svg")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("ind-stage-total")).ToHaveCountAsync(1);

        // Stage times are working time from the working calendar, and the table says so.
        await Expect(page.GetByTestId("ind-stages")).ToContainTextAsync("平均工作用时（工作小时）");

        // 宜城街道 has 35 communities; sorting by 结案率 puts the units with nothing due ("—") first.
        var rows = page.GetByTestId("ind-compare").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(35);
        await page.GetByTestId("sort-closing").ClickAsync();
        await page.GetByTestId("sort-closing").ClickAsync();
        var first = await rows.First.InnerTextAsync();
        await ScreenshotAsync(page, "indicators-street");
        Assert.False(string.IsNullOrWhiteSpace(first));

        await page.GotoAsync("/cases/indicators?unit=320282001&period=fortnight");
        await WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("ind-error")).ToContainTextAsync("统计周期");
    }

    /// <summary>A resident's report through the public API, at a private home with a phone number in the text.</summary>
    private async Task<string> ReportAtHomeAsync(IPage page)
    {
        var (lon, lat) = await App.WithDbAsync(async db =>
        {
            var point = (await db.Set<Grid>().Where(g => g.Code == Grid).Select(g => g.Boundary).SingleAsync()).InteriorPoint;
            return (point.X, point.Y);
        });
        var response = await page.APIRequest.PostAsync("/api/v1/reports", new APIRequestContextOptions
        {
            DataObject = new
            {
                description = $"我家楼下绿化带里有人倾倒装修垃圾，联系电话13912345678（{Guid.NewGuid():N}）",
                longitude = lon,
                latitude = lat,
                categoryCode = "E0106",
                privatePlace = true,
                contactName = "王建国",
                contactPhone = "13912345678",
            },
        });
        Assert.True(response.Ok, await response.TextAsync());
        var receipt = JsonDocument.Parse(await response.TextAsync()).RootElement;
        return receipt.GetProperty("trackingCode").GetString()!;
    }
}
