using Fengqiao.Cases.Domain;
using Fengqiao.Places.Grids;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SkiaSharp;

namespace Fengqiao.EndToEnd;

/// <summary>
/// Photos in real browsers: a resident on a phone attaches a photo to the plain report form (thumbnail shown before
/// sending, more than nine refused at once), the grid worker sees it on the case page and adds an after-disposal photo
/// with the closing request, and the resident sees both on the tracking page.
/// </summary>
public sealed class CasePhotoTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private const string Grid = "320282001001001";

    [BrowserFact]
    public async Task A_resident_attaches_a_photo_on_a_phone_and_staff_see_the_thumbnail_on_the_case_page()
    {
        var (lon, lat) = await App.WithDbAsync(async db =>
        {
            var point = (await db.Set<Grid>().Where(g => g.Code == Grid).Select(g => g.Boundary).SingleAsync()).InteriorPoint;
            return (point.X, point.Y);
        });

        var resident = await NewPageAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
            Geolocation = new Geolocation { Longitude = (float)lon, Latitude = (float)lat },
            Permissions = ["geolocation"],
        });
        await resident.GotoAsync("/report");
        await resident.GetByTestId("report-gps").ClickAsync();
        await Expect(resident.GetByTestId("report-location")).ToContainTextAsync("已定位");
        await resident.GetByTestId("report-description").FillAsync($"小区北门口的路灯杆被车撞歪了，随时可能倒下（{Guid.NewGuid():N}）");
        await resident.GetByTestId("report-category").SelectOptionAsync("E0102");

        var ten = Enumerable.Range(1, 10).Select(i => new FilePayload { Name = $"现场{i}.jpg", MimeType = "image/jpeg", Buffer = Jpeg() }).ToArray();
        await resident.GetByTestId("report-photos").SetInputFilesAsync(ten);
        await Expect(resident.GetByTestId("report-photos-error")).ToContainTextAsync("最多选择 9 张");
        await Expect(resident.GetByTestId("report-photo-previews").Locator("img")).ToHaveCountAsync(0);

        await resident.GetByTestId("report-photos").SetInputFilesAsync(new FilePayload { Name = "路灯.jpg", MimeType = "image/jpeg", Buffer = Jpeg() });
        await Expect(resident.GetByTestId("report-photos-error")).ToBeHiddenAsync();
        await Expect(resident.GetByTestId("report-photo-previews").Locator("img")).ToHaveCountAsync(1);
        await ScreenshotAsync(resident, "report-photo-phone");
        await resident.GetByTestId("report-submit").ClickAsync();
        await Expect(resident.GetByTestId("report-receipt")).ToContainTextAsync("已收到");
        var code = (await resident.GetByTestId("tracking-code").InnerTextAsync()).Trim();
        await Expect(resident.GetByTestId("track-photos").Locator("img")).ToHaveCountAsync(1);

        var id = await App.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().Where(c => c.TrackingCode == code).Select(c => c.Id).SingleAsync());
        var worker = await NewPageAsync();
        await LoginAsync(worker, "grid");
        await worker.GotoAsync($"/cases/{id}");
        await Expect(worker.GetByTestId("case-ready")).ToHaveCountAsync(1);
        var thumbnail = worker.GetByTestId("case-photos").Locator("img");
        await Expect(thumbnail).ToHaveCountAsync(1);
        await Expect(worker.GetByTestId("timeline-photos-1").Locator("img")).ToHaveCountAsync(1);

        // The thumbnail really loaded (served to the signed-in worker), and links to the full-size image.
        var served = await worker.EvaluateAsync<string>("async () => { const r = await fetch(document.querySelector('[data-testid=case-photos] img').src); return r.status + ' ' + r.headers.get('content-type') + ' ' + r.headers.get('cache-control'); }");
        Assert.Equal("200 image/jpeg private, max-age=86400", served);
        await worker.WaitForFunctionAsync("() => { const i = document.querySelector('[data-testid=case-photos] img'); return i && i.complete && i.naturalWidth > 0; }");
        Assert.StartsWith("/case-photos/", await worker.GetByTestId("case-photos").GetByTestId("case-photo").GetAttributeAsync("href"));

        // Disposal with an after photo, attached to the closing request's timeline entry.
        await worker.GetByTestId("action-accept").ClickAsync();
        await Expect(worker.GetByTestId("case-status")).ToHaveTextAsync("处置中");
        await ChooseFilesAsync(worker, "photo-input-After", new FilePayload { Name = "扶正后.jpg", MimeType = "image/jpeg", Buffer = Jpeg() });
        await Expect(worker.GetByTestId("photos-chosen-After")).ToContainTextAsync("1");
        await worker.GetByTestId("action-note").FillAsync("已联系路灯所扶正路灯杆并加固。");
        await worker.GetByTestId("action-request-close").ClickAsync();
        await Expect(worker.GetByTestId("case-status")).ToHaveTextAsync("待核查");
        await Expect(worker.GetByTestId("case-photos").Locator("img")).ToHaveCountAsync(2);
        await ScreenshotAsync(worker, "case-photos-staff");

        await resident.ReloadAsync();
        await Expect(resident.GetByTestId("track-photos").Locator("img")).ToHaveCountAsync(2);
    }

    private static byte[] Jpeg()
    {
        using var bitmap = new SKBitmap(640, 480);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(90, 140, 200));
            using var paint = new SKPaint { Color = SKColors.Orange };
            canvas.DrawRect(200, 100, 80, 300, paint);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }
}
