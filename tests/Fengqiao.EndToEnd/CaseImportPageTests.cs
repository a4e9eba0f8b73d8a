using System.Text;
using Fengqiao.Cases.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Fengqiao.EndToEnd;

/// <summary>
/// The hotline/community staff's case import page: a GBK file with a bad coordinate shows the report (row, column,
/// reason) and offers no import; the corrected file's dry run saves nothing, and only the confirmation creates the cases.
/// </summary>
public sealed class CaseImportPageTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private const string Community = "320282001001";

    [BrowserFact]
    public async Task Community_worker_dry_runs_a_gbk_file_sees_the_row_report_fixes_it_and_imports_the_cases()
    {
        var id = $"RX-E2E-{Random.Shared.Next(100_000, 999_999)}";
        const string header = "external_id,title,text,address,longitude,latitude,unit_code,category_code,channel,reporter_name,reporter_phone,reported_at";
        var bad = $"{header}\r\n{id}-1,解放东路垃圾桶满溢,解放东路公交站旁的垃圾桶已经满了两天，垃圾散落一地。,解放东路公交站,东经一百二十,31.34,,E0102,热线,陈建华,13912345678,2026-11-25 08:15\r\n"
            + $"{id}-2,健康路路灯不亮,健康路南段有三盏路灯不亮，晚上很黑。,健康路南段,,,{Community},E0102,,,,\r\n";
        var good = $"{header}\r\n{id}-1,解放东路垃圾桶满溢,解放东路公交站旁的垃圾桶已经满了两天，垃圾散落一地。,解放东路公交站,,,{Community},E0102,热线,陈建华,13912345678,2026-11-25 08:15\r\n"
            + $"{id}-2,健康路路灯不亮,健康路南段有三盏路灯不亮，晚上很黑。,健康路南段,,,{Community},E0102,,,,\r\n";
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gbk = Encoding.GetEncoding("GBK");

        var page = await NewPageAsync();
        await LoginAsync(page, "community");
        await page.GotoAsync("/cases/import");
        await WaitForInteractiveAsync(page);
        await page.GetByTestId("case-import-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        await ChooseFilesAsync(page, "case-import-file", new FilePayload { Name = "热线工单.csv", MimeType = "text/csv", Buffer = gbk.GetBytes(bad) });
        await Expect(page.GetByTestId("case-import-file-name")).ToContainTextAsync("热线工单.csv");
        await page.GetByTestId("case-import-dry-run").ClickAsync();
        await Expect(page.GetByTestId("case-import-problems")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("case-problem-row")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("case-problem-column")).ToHaveTextAsync("longitude");
        await Expect(page.GetByTestId("case-import-summary")).ToContainTextAsync("GBK");
        await Expect(page.GetByTestId("case-import-confirm")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "case-import-report");

        await ChooseFilesAsync(page, "case-import-file", new FilePayload { Name = "热线工单.csv", MimeType = "text/csv", Buffer = gbk.GetBytes(good) });
        await page.GetByTestId("case-import-dry-run").ClickAsync();
        await Expect(page.GetByTestId("case-import-valid")).ToBeVisibleAsync();
        Assert.Equal(0, await App.WithDbAsync(db => db.Set<CaseImportRecord>().CountAsync(r => r.ExternalId.StartsWith(id))));
        await page.GetByTestId("case-import-confirm").ClickAsync();

        await Expect(page.GetByTestId("case-import-done")).ToContainTextAsync("2");
        await Expect(page.GetByTestId("case-import-code")).ToHaveCountAsync(2);
        Assert.Equal(2, await App.WithDbAsync(db => db.Set<CaseImportRecord>().CountAsync(r => r.ExternalId.StartsWith(id))));
        await ScreenshotAsync(page, "case-import-done");
    }
}
