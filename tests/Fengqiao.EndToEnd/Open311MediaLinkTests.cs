using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Fengqiao.Places.Grids;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Fengqiao.EndToEnd;

/// <summary>
/// A picture a civic app sends with an Open311 request (media_url) is a link on the staff case page, opened in a new
/// window without a referrer or window handle, and marked nofollow.
/// </summary>
public sealed class Open311MediaLinkTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private const string Grid = "320282001001001";

    [BrowserFact]
    public async Task The_staff_case_page_links_the_open311_picture_safely()
    {
        var (lon, lat) = await App.WithDbAsync(async db =>
        {
            var point = (await db.Set<Grid>().Where(g => g.Code == Grid).Select(g => g.Boundary).SingleAsync()).InteriorPoint;
            return (point.X, point.Y);
        });
        using var admin = await App.ClientForAsync("admin");
        var client = JsonDocument.Parse(await (await admin.PostAsJsonAsync("/api/v1/cases/api-clients", new { name = "宜城随手拍" })).Content.ReadAsStringAsync()).RootElement;
        const string picture = "https://img.example.cn/suishoupai/2026/11/rubbish.jpg";
        using var api = App.CreateClient();
        var posted = await api.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = client.GetProperty("apiKey").GetString()!,
            ["service_code"] = "E0102",
            ["lat"] = lat.ToString("R", CultureInfo.InvariantCulture),
            ["long"] = lon.ToString("R", CultureInfo.InvariantCulture),
            ["description"] = $"阳光花园北门垃圾桶满溢，周边散落垃圾袋（{Guid.NewGuid():N}）",
            ["media_url"] = picture,
        }));
        var body = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement;
        Assert.True(posted.IsSuccessStatusCode, body.ToString());
        var code = body[0].GetProperty("service_request_id").GetString()!;
        var id = await App.WithDbAsync(db => db.Set<Fengqiao.Cases.Domain.Case>().IgnoreQueryFilters().Where(c => c.TrackingCode == code).Select(c => c.Id).SingleAsync());

        var page = await NewPageAsync();
        await LoginAsync(page, "grid");
        await page.GotoAsync($"/cases/{id}");
        await Expect(page.GetByTestId("case-ready")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        var link = page.GetByTestId("case-media-url");
        await Expect(link).ToHaveAttributeAsync("href", picture);
        await Expect(link).ToHaveAttributeAsync("target", "_blank");
        await Expect(link).ToHaveAttributeAsync("rel", "noopener noreferrer nofollow");
        await ScreenshotAsync(page, "case-open311-media-link");
    }
}
