using System.Globalization;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Fengqiao.EndToEnd;

/// <summary>
/// The grid worker on a phone: registers a resident on the grid page, sees them masked, reveals the identity number with a
/// stated purpose (audited), finds them by identity number; the worker of another grid finds nothing.
/// </summary>
public sealed class ResidentPagesTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private const string OwnGrid = "320282001001001";
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    private static BrowserNewContextOptions Phone => new()
    {
        ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        IsMobile = true,
        HasTouch = true,
    };

    [BrowserFact]
    public async Task Grid_worker_registers_sees_masked_reveals_with_purpose_and_searches_by_identity_number()
    {
        var buildingNumber = Random.Shared.Next(700_000, 800_000).ToString(CultureInfo.InvariantCulture);
        using (var api = await App.ClientForAsync("grid"))
        {
            var building = await api.PostAsJsonAsync($"/api/v1/places/grids/{OwnGrid}/buildings", new { street = "锡山大道 16 号春江花园", number = buildingNumber, unitsCount = 2 });
            building.EnsureSuccessStatusCode();
            var buildingId = (await building.Content.ReadFromJsonAsync<IdBody>())!.Id;
            (await api.PostAsJsonAsync($"/api/v1/places/buildings/{buildingId}/households", new { room = "3-602" })).EnsureSuccessStatusCode();
        }

        var number = IdentityNumber(new DateOnly(1962, 1, 1).AddDays(Random.Shared.Next(0, 12_000)), Random.Shared.Next(0, 500) * 2 + 1);
        var masked = number[..4] + "**********" + number[^4..];
        var purpose = "入户走访核对身份信息";

        var page = await NewPageAsync(Phone);
        await LoginAsync(page, "grid");
        await page.GotoAsync($"/units/{OwnGrid}");
        await Expect(page.GetByTestId("grid-people-link")).ToHaveAttributeAsync("href", $"/places/grids/{OwnGrid}");
        await page.GotoAsync($"/places/grids/{OwnGrid}");
        await WaitForInteractiveAsync(page);

        await Expect(page.GetByTestId("grid-title")).ToContainTextAsync("实有人口");
        await page.GetByTestId("building").Filter(new() { HasText = buildingNumber }).ClickAsync();
        await Expect(page.GetByTestId("household")).ToHaveCountAsync(1);
        await Field(page, "register-name").FillAsync("王建国");
        var wrongCheck = number[..17] + (number[17] == '0' ? '1' : '0');
        await Field(page, "register-identity").FillAsync(wrongCheck);
        await Field(page, "register-phone").FillAsync("1381234");
        await page.GetByTestId("register-submit").ClickAsync();
        await Expect(page.GetByTestId("register-resident")).ToContainTextAsync("校验位"); // the handler's reason, in Chinese, beside the field
        await Field(page, "register-identity").FillAsync(number);
        await Field(page, "register-phone").FillAsync("13812345678");
        await Field(page, "register-groups").FillAsync("独居老人");
        await page.GetByTestId("register-submit").ClickAsync();
        await Expect(page.GetByTestId("register-error")).ToHaveCountAsync(0);

        await page.GetByTestId("household").ClickAsync();
        var table = page.GetByTestId("resident-table");
        await Expect(table.GetByTestId("resident-name")).ToHaveCountAsync(1); // the refused registration wrote nothing
        await Expect(table.GetByTestId("resident-name")).ToHaveTextAsync("王**");
        await Expect(table.GetByTestId("resident-identity")).ToHaveTextAsync(masked);
        await Expect(table.GetByTestId("resident-phone")).ToHaveTextAsync("138****5678");
        await Expect(table.GetByTestId("resident-tags")).ToHaveTextAsync("独居老人"); // the grid worker sees the tag recorded (ADR 0010)
        await Expect(table).Not.ToContainTextAsync(number);
        await ScreenshotAsync(page, "grid-people-as-grid-phone");

        await table.GetByTestId("reveal-identity").ClickAsync();
        await page.GetByTestId("reveal-confirm").ClickAsync();
        await Expect(page.GetByTestId("reveal-error")).ToBeVisibleAsync(); // a purpose is required
        await Field(page, "reveal-purpose").FillAsync(purpose);
        await page.GetByTestId("reveal-confirm").ClickAsync();
        await Expect(page.GetByTestId("revealed-value")).ToHaveTextAsync(number);
        await ScreenshotAsync(page, "reveal-identity-as-grid-phone");
        await page.GetByTestId("reveal-close").ClickAsync();

        Assert.True(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(e =>
            e.Action == "personal-data.reveal" && e.ActorName == "grid" && e.Detail != null && e.Detail.Contains(purpose))));

        await page.GotoAsync("/places/residents");
        await WaitForInteractiveAsync(page);
        await Field(page, "resident-search").FillAsync(number);
        await page.GetByTestId("resident-search-submit").ClickAsync();
        await Expect(page.GetByTestId("resident-identity")).ToHaveTextAsync(masked);
        await Expect(page.GetByTestId("resident-name")).ToHaveTextAsync("王**");
        await ScreenshotAsync(page, "resident-search-as-grid-phone");

        var other = await NewPageAsync();
        await LoginAsync(other, "grid2");
        await other.GotoAsync("/places/residents");
        await WaitForInteractiveAsync(other);
        await Field(other, "resident-search").FillAsync(number);
        await other.GetByTestId("resident-search-submit").ClickAsync();
        await Expect(other.GetByTestId("no-residents")).ToBeVisibleAsync();
        await Expect(other.GetByTestId("resident-name")).ToHaveCountAsync(0);
    }

    /// <summary>A valid GB 11643 number for 锡山区 (320282): the check character from the weighted sum mod 11.</summary>
    private static string IdentityNumber(DateOnly birthDate, int sequence)
    {
        var body = "320282" + birthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("000", CultureInfo.InvariantCulture);
        var sum = body.Select((c, i) => (c - '0') * Weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }

    private sealed record IdBody(Guid Id);
}
