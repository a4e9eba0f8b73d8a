namespace Fengqiao.EndToEnd;

/// <summary>The grid map draws the grids of the caller's jurisdiction with Leaflet, from npm, without the internet.</summary>
public sealed class GridMapTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [BrowserFact]
    public async Task The_street_officer_sees_the_map_of_the_street_with_leaflet_loaded()
    {
        var page = await NewPageAsync();
        await LoginAsync(page, "street");

        await page.GotoAsync("/places/map");
        await WaitForInteractiveAsync(page);

        // The demo tessellates the real outline of 宜兴市: 宜城街道 has 35 communities of 3 grids each.
        var map = page.GetByTestId("grid-map");
        await Expect(map).ToHaveAttributeAsync("data-features", "105");
        await Expect(map).ToHaveAttributeAsync("data-outlines", "35"); // community outlines drawn over the grids
        await Expect(map.Locator(".leaflet-overlay-pane canvas")).ToBeAttachedAsync();
        await Expect(page.GetByTestId("map-summary")).ToContainTextAsync("105");
        await ScreenshotAsync(page, "grid-map-as-street");
    }

    [BrowserFact]
    public async Task A_grid_worker_sees_only_their_own_grid_on_the_map()
    {
        var page = await NewPageAsync();
        await LoginAsync(page, "grid");

        await page.GotoAsync("/places/map");
        await WaitForInteractiveAsync(page);

        await Expect(page.GetByTestId("grid-map")).ToHaveAttributeAsync("data-features", "1");
        await Expect(page.GetByTestId("grid-map")).ToHaveAttributeAsync("data-outlines", "0");
        await ScreenshotAsync(page, "grid-map-as-grid");
    }
}
