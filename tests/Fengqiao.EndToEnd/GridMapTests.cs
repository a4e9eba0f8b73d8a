namespace Fengqiao.EndToEnd;

/// <summary>The grid map draws the grids of the caller's jurisdiction with Leaflet, from npm, without the internet.</summary>
public sealed class GridMapTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task The_street_officer_sees_the_map_of_the_street_with_leaflet_loaded()
    {
        var page = await NewPageAsync();
        await LoginAsync(page, "street");

        await page.GotoAsync("/places/map");
        await WaitForInteractiveAsync(page);

        var map = page.GetByTestId("grid-map");
        await Expect(map).ToHaveAttributeAsync("data-features", new System.Text.RegularExpressions.Regex("^[0-9]+$"));
        await Expect(map.Locator(".leaflet-container, .leaflet-pane").First).ToBeAttachedAsync();
        var features = int.Parse((await map.GetAttributeAsync("data-features"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(features, await page.Locator(".leaflet-overlay-pane path, .leaflet-overlay-pane canvas").CountAsync() > 0 ? features : 0);
        await ScreenshotAsync(page, "grid-map-as-street");
    }
}
