using Fengqiao.Places.Grids;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Fengqiao.EndToEnd;

/// <summary>
/// The core loop in real browsers: a resident reports from a phone with GPS; the case is located and routed to the grid
/// worker, whose open queue shows it live; the worker accepts and disposes; a supervisor verifies; the resident rates it
/// on the tracking page; the supervisor's indicators page shows the community's 结案率 and 满意率 move.
/// </summary>
public sealed class CaseLoopTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private const string Grid = "320282001001001";

    [BrowserFact]
    public async Task A_phone_report_reaches_the_grid_worker_live_is_disposed_verified_and_rated()
    {
        var (lon, lat) = await App.WithDbAsync(async db =>
        {
            var point = (await db.Set<Grid>().Where(g => g.Code == Grid).Select(g => g.Boundary).SingleAsync()).InteriorPoint;
            return (point.X, point.Y);
        });

        var worker = await NewPageAsync();
        await LoginAsync(worker, "grid");
        await worker.GotoAsync("/cases?queue=Mine");
        await WaitForInteractiveAsync(worker);
        await Expect(worker.GetByTestId("cases-ready")).ToHaveCountAsync(1);
        var before = int.Parse(await worker.GetByTestId("count-Mine").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);

        // The supervisor notes the community's indicators for this month before the report.
        var supervisor = await NewPageAsync();
        await LoginAsync(supervisor, "supervisor");
        var indicatorsBefore = await IndicatorsAsync(supervisor);

        var resident = await NewPageAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
            Geolocation = new Geolocation { Longitude = (float)lon, Latitude = (float)lat },
            Permissions = ["geolocation"],
        });
        await resident.GotoAsync("/");
        await resident.GetByTestId("home-report").ClickAsync();
        await resident.GetByTestId("report-gps").ClickAsync();
        await Expect(resident.GetByTestId("report-location")).ToContainTextAsync("已定位");
        var description = $"阳光花园南门外堆了很多生活垃圾，好几天没人清理（{Guid.NewGuid():N}）";
        await resident.GetByTestId("report-description").FillAsync(description);
        await resident.GetByTestId("report-category").SelectOptionAsync("E0102");
        await ScreenshotAsync(resident, "report-form-phone");
        await resident.GetByTestId("report-submit").ClickAsync();
        await Expect(resident.GetByTestId("report-receipt")).ToContainTextAsync("已收到");
        var code = (await resident.GetByTestId("tracking-code").InnerTextAsync()).Trim();
        await ScreenshotAsync(resident, "report-receipt-phone");

        // Live: the worker's open queue gains the case without reloading.
        await Expect(worker.GetByTestId("case-table")).ToContainTextAsync(code, new() { Timeout = 20_000 });
        await Expect(worker.GetByTestId("count-Mine")).ToHaveTextAsync((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await worker.GetByTestId("case-link").Filter(new() { HasText = code }).ClickAsync();
        await Expect(worker.GetByTestId("case-ready")).ToHaveCountAsync(1);
        await worker.GetByTestId("action-accept").ClickAsync();
        await Expect(worker.GetByTestId("case-status")).ToHaveTextAsync("处置中");
        await worker.GetByTestId("action-note").FillAsync("已联系保洁公司清运，现场已清理干净。");
        await worker.GetByTestId("action-request-close").ClickAsync();
        await Expect(worker.GetByTestId("case-status")).ToHaveTextAsync("待核查");
        await Expect(worker.GetByTestId("action-verify-pass")).ToHaveCountAsync(0); // the disposer does not verify
        var caseUrl = worker.Url;

        await supervisor.GotoAsync(caseUrl);
        await WaitForInteractiveAsync(supervisor);
        await Expect(supervisor.GetByTestId("case-ready")).ToHaveCountAsync(1);
        await supervisor.GetByTestId("action-verify-pass").ClickAsync();
        await Expect(supervisor.GetByTestId("case-status")).ToHaveTextAsync("已结案");
        await Expect(supervisor.GetByTestId("resolved-tier")).ToContainTextAsync("网格");
        await ScreenshotAsync(supervisor, "case-closed-supervisor");

        await resident.ReloadAsync();
        await Expect(resident.GetByTestId("track-status")).ToHaveTextAsync("已结案");
        await resident.GetByTestId("star-5").CheckAsync();
        await resident.GetByTestId("rate-submit").ClickAsync();
        await Expect(resident.GetByTestId("track-rating")).ToContainTextAsync("5 星");
        await Expect(resident.GetByTestId("track-case")).Not.ToContainTextAsync("王");
        await ScreenshotAsync(resident, "track-rated-phone");

        // The indicators move: one more case due and closed (at grid tier), one more rating of 4–5 stars.
        var after = await IndicatorsAsync(supervisor);
        Assert.Equal(indicatorsBefore.Closing.Numerator + 1, after.Closing.Numerator);
        Assert.Equal(indicatorsBefore.Closing.Denominator + 1, after.Closing.Denominator);
        Assert.Equal(indicatorsBefore.Satisfaction.Numerator + 1, after.Satisfaction.Numerator);
        Assert.Equal(indicatorsBefore.Satisfaction.Denominator + 1, after.Satisfaction.Denominator);
        Assert.Equal(indicatorsBefore.InVillage.Numerator + 1, after.InVillage.Numerator);
        await ScreenshotAsync(supervisor, "indicators-after-rating");
    }

    /// <summary>结案率, 满意率 and 小事不出村率 of 茶东社区 this month, read from the indicators page.</summary>
    private static async Task<(Fraction Closing, Fraction Satisfaction, Fraction InVillage)> IndicatorsAsync(IPage page)
    {
        await page.GotoAsync("/cases/indicators?unit=320282001001&period=this-month");
        await WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("indicators-ready")).ToHaveCountAsync(1);
        async Task<Fraction> Read(string key) => new(
            int.Parse(await page.GetByTestId($"ind-{key}-num").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(await page.GetByTestId($"ind-{key}-den").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture));
        return (await Read("closing"), await Read("satisfaction"), await Read("resolvedInVillage"));
    }

    private sealed record Fraction(int Numerator, int Denominator);

    [BrowserFact]
    public async Task A_report_without_a_place_is_refused_in_chinese_and_nothing_is_stored()
    {
        var before = await App.WithDbAsync(db => db.Set<Fengqiao.Cases.Domain.Case>().IgnoreQueryFilters().CountAsync());
        var resident = await NewPageAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true });
        await resident.GotoAsync("/report");
        await resident.GetByTestId("report-description").FillAsync("路灯坏了好几天了");
        await resident.GetByTestId("report-submit").ClickAsync();

        await Expect(resident.GetByTestId("error-location")).ToContainTextAsync("地图");
        Assert.Equal(before, await App.WithDbAsync(db => db.Set<Fengqiao.Cases.Domain.Case>().IgnoreQueryFilters().CountAsync()));
    }
}
