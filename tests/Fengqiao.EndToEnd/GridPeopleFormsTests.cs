using System.Globalization;
using Fengqiao.Places.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Fengqiao.EndToEnd;

/// <summary>
/// The grid worker on a phone registers a building and a household on the grid page: each refused entry shows the
/// handler's Chinese message next to its field and writes nothing; the accepted ones appear at once, ready for residents.
/// </summary>
public sealed class GridPeopleFormsTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private const string OwnGrid = "320282001001001";
    private const string Street = "锡山大道 16 号春江花园";

    private static BrowserNewContextOptions Phone => new()
    {
        ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        IsMobile = true,
        HasTouch = true,
        Locale = "zh-CN",
    };

    [BrowserFact]
    public async Task Grid_worker_registers_a_building_and_a_household_on_a_phone_and_bad_entries_write_nothing()
    {
        var number = Random.Shared.Next(800_000, 900_000).ToString(CultureInfo.InvariantCulture);
        var page = await NewPageAsync(Phone);
        await LoginAsync(page, "grid");
        await page.GotoAsync($"/places/grids/{OwnGrid}");
        await WaitForInteractiveAsync(page);

        var building = page.GetByTestId("building-form");
        await Field(page, "building-number").FillAsync(number);
        await Field(page, "building-units").FillAsync("120");
        await page.GetByTestId("building-submit").ClickAsync();
        await Expect(building).ToContainTextAsync("请填写路、巷或小区名称");
        await Expect(building).ToContainTextAsync("单元数应在 1 到 99 之间");
        await ScreenshotAsync(page, "building-form-errors-as-grid-phone");
        Assert.Equal(0, await BuildingsAsync(number));

        await Field(page, "building-street").FillAsync(Street);
        await Field(page, "building-units").FillAsync("2");
        await page.GetByTestId("building-submit").ClickAsync();
        await Expect(page.GetByTestId("building").Filter(new() { HasText = number })).ToHaveCountAsync(1);
        await Expect(building).Not.ToContainTextAsync("请填写路、巷或小区名称");
        Assert.Equal(1, await BuildingsAsync(number));

        // The same address again is a conflict, said above the button; nothing more is written.
        await Field(page, "building-number").FillAsync(number);
        await page.GetByTestId("building-submit").ClickAsync();
        await Expect(page.GetByTestId("building-error")).ToContainTextAsync("已登记");
        Assert.Equal(1, await BuildingsAsync(number));

        // The new building is chosen: its household form is there.
        var household = page.GetByTestId("household-form");
        await Expect(household).ToContainTextAsync($"{Street}{number}幢");
        await page.GetByTestId("household-submit").ClickAsync();
        await Expect(household).ToContainTextAsync("请填写单元-室");
        Assert.Equal(0, await HouseholdsAsync(number));

        await Field(page, "household-room").FillAsync("2-501");
        await page.GetByTestId("household-submit").ClickAsync();
        await Expect(page.GetByTestId("household")).ToHaveTextAsync(["2-501 室"]);
        await Expect(page.GetByTestId("register-household")).ToContainTextAsync("2-501");
        Assert.Equal(1, await HouseholdsAsync(number));
        await ScreenshotAsync(page, "building-household-as-grid-phone");
    }

    private Task<int> BuildingsAsync(string number) =>
        App.WithDbAsync(db => db.Set<Building>().CountAsync(b => b.Number == number));

    private Task<int> HouseholdsAsync(string number) =>
        App.WithDbAsync(db => db.Set<Household>().CountAsync(h => db.Set<Building>().Any(b => b.Id == h.BuildingId && b.Number == number)));
}
