using Microsoft.EntityFrameworkCore;

namespace Fengqiao.EndToEnd;

/// <summary>A grid worker's unit pages: another grid does not exist for them; their own grid's public card is theirs to edit.</summary>
public sealed class UnitPageTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private const string OwnGrid = "320282001001001";   // 茶东社区第一网格
    private const string OtherGrid = "320282001002001";  // 荆东社区第一网格

    [BrowserFact]
    public async Task Grid_worker_sees_another_grid_as_not_found_without_an_edit_button()
    {
        var page = await NewPageAsync();
        await LoginAsync(page, "grid");

        await page.GotoAsync($"/units/{OtherGrid}");
        await WaitForInteractiveAsync(page);

        await Expect(page.GetByTestId("unit-error")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("unit-error")).ToContainTextAsync("未找到");
        await Expect(page.GetByTestId("edit-card")).ToHaveCountAsync(0);
        await Expect(page.GetByText("荆东社区第一网格")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "units-other-grid-as-grid");
    }

    [BrowserFact]
    public async Task Grid_worker_edits_the_public_card_of_own_grid_and_the_new_phone_is_shown_and_stored()
    {
        const string phone = "13861500177";
        var page = await NewPageAsync();
        await LoginAsync(page, "grid");

        await page.GotoAsync($"/units/{OwnGrid}");
        await WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("unit-name")).ToContainTextAsync("茶东社区第一网格");
        // The community above the grid is named in the breadcrumb but is not a link the grid worker could follow.
        await Expect(page.Locator(".mud-breadcrumbs")).ToContainTextAsync("茶东社区");
        await Expect(page.Locator("a[href='/units/320282001001']")).ToHaveCountAsync(0);
        await page.GetByTestId("edit-card").ClickAsync();
        var phoneInput = page.Locator("input[data-testid=duty-phone], [data-testid=duty-phone] input").First;
        await phoneInput.FillAsync(phone);
        await phoneInput.PressAsync("Tab");
        await page.GetByTestId("save-card").ClickAsync();

        await Expect(page.GetByTestId("unit-card")).ToContainTextAsync(phone);
        await Expect(page.GetByTestId("save-card")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "units-own-grid-edited-as-grid");
        var stored = await App.WithDbAsync(db => db.Units.AsNoTracking().SingleAsync(u => u.Code == OwnGrid));
        Assert.Equal(phone, stored.DutyPhone);

        // A fresh load shows the stored value, not just the circuit's state.
        await page.ReloadAsync();
        await Expect(page.GetByTestId("unit-card")).ToContainTextAsync(phone);
    }

    [BrowserFact]
    public async Task On_a_phone_the_grid_worker_reaches_their_grid_card_from_the_workbench()
    {
        var page = await NewPageAsync(new Microsoft.Playwright.BrowserNewContextOptions { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        await LoginAsync(page, "grid");
        await WaitForInteractiveAsync(page);
        await ScreenshotAsync(page, "workbench-phone-as-grid");

        await page.GetByText("茶东社区第一网格").First.ClickAsync();

        await page.WaitForURLAsync($"**/units/{OwnGrid}");
        await Expect(page.GetByTestId("unit-card")).ToBeVisibleAsync();
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the page scrolls sideways on a phone ({width} px wide)");
        await ScreenshotAsync(page, "units-own-grid-phone-as-grid");
    }
}
