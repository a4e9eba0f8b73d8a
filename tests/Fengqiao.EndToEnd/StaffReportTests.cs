using System.Text.RegularExpressions;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Photos;
using Fengqiao.Places.Grids;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using SkiaSharp;

namespace Fengqiao.EndToEnd;

/// <summary>
/// Staff intake (/cases/new): a grid worker's patrol report from the phone — located by GPS, with a photo, closed on the
/// spot — and a hotline call that needs a callback number unless the caller stays anonymous.
/// </summary>
public sealed class StaffReportTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private const string Grid = "320282001001001";

    [BrowserFact]
    public async Task A_grid_worker_reports_a_patrol_finding_with_gps_and_a_photo_and_closes_it_on_the_spot()
    {
        var (lon, lat) = await App.WithDbAsync(async db =>
        {
            var point = (await db.Set<Grid>().Where(g => g.Code == Grid).Select(g => g.Boundary).SingleAsync()).InteriorPoint;
            return (point.X, point.Y);
        });
        var worker = await NewPageAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
            Geolocation = new Geolocation { Longitude = (float)lon, Latitude = (float)lat },
            Permissions = ["geolocation"],
        });
        await LoginAsync(worker, "grid");
        await worker.GotoAsync("/workbench");
        // Clicked before the workbench's circuit is up, the enhanced navigation can leave the new page without one (CI).
        await WaitForInteractiveAsync(worker);
        await worker.GetByTestId("workbench-report").ClickAsync();
        await Expect(worker).ToHaveURLAsync(Url("/cases/new"));
        // The circuit starts after the prerendered page arrives; under CI load (both suites at once) that took over 10 s.
        await Expect(worker.GetByTestId("staff-report-ready")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(worker.GetByTestId("staff-report-channel-name")).ToHaveTextAsync("巡查上报");

        // Nothing filled in: each missing part is named in Chinese and nothing is filed.
        await worker.GetByTestId("staff-report-submit").ClickAsync();
        await Expect(worker.GetByTestId("staff-report").GetByText("巡查上报须选择事件类别")).ToBeVisibleAsync();
        await Expect(worker.GetByTestId("error-location")).ToContainTextAsync("巡查上报须定位");
        await Expect(worker).ToHaveURLAsync(Url("/cases/new"));

        await worker.GetByTestId("staff-report-gps").ClickAsync();
        await Expect(Field(worker, "staff-report-longitude")).Not.ToHaveValueAsync("");
        var description = $"巡查发现小区东门消防通道被三辆电动车堵塞（{Guid.NewGuid():N}）";
        await Field(worker, "staff-report-description").FillAsync(description);
        await ChooseAsync(worker, "staff-report-category", new Regex("消防"));
        await ChooseFilesAsync(worker, "photo-input-Report", new FilePayload { Name = "通道.jpg", MimeType = "image/jpeg", Buffer = Jpeg() });
        await Expect(worker.GetByTestId("photos-chosen-Report")).ToBeVisibleAsync();
        await worker.GetByTestId("staff-report").GetByText("已当场处置完毕").ClickAsync();
        await Field(worker, "staff-report-disposal-note").FillAsync("已联系车主将电动车移走，通道已畅通。");
        await Field(worker, "staff-report-disposal-note").PressAsync("Tab");
        await ScreenshotAsync(worker, "staff-report-patrol-phone");
        await worker.GetByTestId("staff-report-submit").ClickAsync();

        await Expect(worker).ToHaveURLAsync(new Regex("/cases/[0-9a-f-]{36}$"));
        var stored = await App.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().Where(c => c.Description == description)
            .Select(c => new { c.Channel, c.Status, c.GridCode }).ToListAsync());
        var filed = Assert.Single(stored);
        Assert.Equal((CaseChannel.GridPatrol, Grid), (filed.Channel, filed.GridCode));
        Assert.Equal(CaseStatus.Closed, filed.Status);
        Assert.Equal(1, await App.WithDbAsync(db => db.Set<Fengqiao.Cases.Photos.CasePhoto>().IgnoreQueryFilters()
            .CountAsync(p => db.Set<Case>().IgnoreQueryFilters().Any(c => c.Description == description && c.Id == p.CaseId))));
    }

    [BrowserFact]
    public async Task A_hotline_call_needs_a_callback_number_unless_the_caller_stays_anonymous()
    {
        var page = await NewPageAsync();
        await LoginAsync(page, "community");
        await page.GotoAsync("/cases/new");
        await WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("staff-report-ready")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("staff-report-channel-name")).ToHaveTextAsync("热线受理");
        var description = $"来电反映茶东新村 5 幢楼道灯坏了一周（{Guid.NewGuid():N}）";
        await Field(page, "staff-report-description").FillAsync(description);
        await Field(page, "staff-report-address").FillAsync("茶东新村 5 幢");
        await Field(page, "staff-report-longitude").FillAsync("119.8230");
        await Field(page, "staff-report-latitude").FillAsync("31.3620");
        await Field(page, "staff-report-latitude").PressAsync("Tab");
        await page.GetByTestId("staff-report-submit").ClickAsync();
        await Expect(page.GetByTestId("staff-report").GetByText("热线工单须填写回访电话")).ToBeVisibleAsync();
        Assert.Equal(0, await App.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().CountAsync(c => c.Description == description)));

        await Field(page, "staff-report-contact-phone").FillAsync("13951560217");
        await Field(page, "staff-report-contact-phone").PressAsync("Tab");
        await page.GetByTestId("staff-report-submit").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/cases/[0-9a-f-]{36}$"));
        var channel = await App.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().Where(c => c.Description == description).Select(c => c.Channel).SingleAsync());
        Assert.Equal(CaseChannel.Hotline, channel);
    }

    [BrowserFact]
    public async Task The_photo_picker_states_and_enforces_the_configured_maximum_not_a_fixed_nine()
    {
        // The shared host's configuration is changed for this test only (the browser suite runs one test at a time):
        // the options cache is dropped so the next read binds the new value, as a configuration reload would.
        var config = App.Services.GetRequiredService<IConfiguration>();
        var cache = App.Services.GetRequiredService<IOptionsMonitorCache<PhotoOptions>>();
        const string key = PhotoOptions.Section + ":MaxPerReport";
        var before = config[key];
        config[key] = "2";
        cache.TryRemove(Options.DefaultName);
        try
        {
            var page = await NewPageAsync();
            await LoginAsync(page, "grid");
            await page.GotoAsync("/cases/new");
            await Expect(page.GetByTestId("staff-report-ready")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
            await Expect(page.GetByTestId("photos-Report")).ToContainTextAsync(new Regex("(最多 2 张|up to 2\\))"));
            await Expect(page.GetByTestId("photos-Report")).Not.ToContainTextAsync("9");

            // Three photos at once are refused by the picker with the same limit; none is uploaded.
            FilePayload Photo(int i) => new() { Name = $"现场{i}.jpg", MimeType = "image/jpeg", Buffer = Jpeg() };
            await ChooseFilesAsync(page, "photo-input-Report", [Photo(1), Photo(2), Photo(3)]);
            await Expect(page.GetByTestId("photos-error-Report")).ToContainTextAsync("2");
            await Expect(page.GetByTestId("photos-chosen-Report")).ToHaveCountAsync(0);
        }
        finally
        {
            config[key] = before ?? new PhotoOptions().MaxPerReport.ToString(System.Globalization.CultureInfo.InvariantCulture);
            cache.TryRemove(Options.DefaultName);
        }
    }

    private static byte[] Jpeg()
    {
        using var bitmap = new SKBitmap(320, 240);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(200, 60, 40));
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }
}
