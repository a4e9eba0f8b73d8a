using System.Globalization;
using System.Text;
using Fengqiao.Places.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Fengqiao.EndToEnd;

/// <summary>
/// The community worker's import wizard: a file with a wrong check character shows the report (row, column, reason)
/// and offers no import; the corrected file validates, and only the confirmation writes it.
/// </summary>
public sealed class ResidentImportWizardTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private const string OwnGrid = "320282001001001";
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    [BrowserFact]
    public async Task Community_worker_uploads_sees_the_report_fixes_the_file_confirms_and_sees_the_count()
    {
        var street = $"东风路{Random.Shared.Next(100, 999)}号锦绣花园{Random.Shared.Next(100_000, 999_999)}";
        var head = IdentityNumber(new DateOnly(1960, 1, 1).AddDays(Random.Shared.Next(0, 9_000)), Random.Shared.Next(0, 400) * 2 + 1);
        var spouse = IdentityNumber(new DateOnly(1962, 1, 1).AddDays(Random.Shared.Next(0, 9_000)), Random.Shared.Next(0, 400) * 2);
        var wrong = spouse[..17] + (spouse[17] == '0' ? '1' : '0');
        const string header = "网格编码,路巷小区,楼栋号,单元-室,姓名,身份证号码,联系电话,与户主关系";
        var bad = $"{header}\r\n{OwnGrid},{street},6,2-302,林国栋,{head},13812345678,户主\r\n{OwnGrid},{street},6,2-302,黄美玲,{wrong},,配偶\r\n";
        var good = bad.Replace(wrong, spouse, StringComparison.Ordinal);

        var page = await NewPageAsync();
        await LoginAsync(page, "community");
        await page.GotoAsync($"/places/grids/{OwnGrid}");
        await Expect(page.GetByTestId("grid-import-link")).ToHaveAttributeAsync("href", $"/places/residents/import?unit={OwnGrid}");
        await page.GotoAsync($"/places/residents/import?unit={OwnGrid}");
        await WaitForInteractiveAsync(page);
        await page.GetByTestId("import-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        var template = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("template-xlsx").ClickAsync());
        Assert.Equal("实有人口导入模板.xlsx", template.SuggestedFilename);

        await ChooseFilesAsync(page, "import-file", new FilePayload { Name = "林家.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(bad) });
        await Expect(page.GetByTestId("import-file-name")).ToContainTextAsync("林家.csv");
        await page.GetByTestId("import-validate").ClickAsync();
        await Expect(page.GetByTestId("import-problems")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("problem-row")).ToHaveTextAsync("3");
        await Expect(page.GetByTestId("problem-column")).ToHaveTextAsync("身份证号码");
        await Expect(page.GetByTestId("problem-reason")).ToContainTextAsync("校验位");
        await Expect(page.GetByTestId("import-confirm")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("import-summary")).ToContainTextAsync("UTF-8");
        await ScreenshotAsync(page, "resident-import-report");

        // Another name, so that the page can be seen to have read the corrected file before it is validated.
        await ChooseFilesAsync(page, "import-file", new FilePayload { Name = "林家（已更正）.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(good) });
        await Expect(page.GetByTestId("import-file-name")).ToContainTextAsync("林家（已更正）.csv");
        await page.GetByTestId("import-validate").ClickAsync();
        await Expect(page.GetByTestId("import-valid")).ToBeVisibleAsync();
        Assert.Equal(0, await App.WithDbAsync(db => db.Set<Resident>().CountAsync(r => r.Name == "林国栋")));
        await page.GetByTestId("import-confirm").ClickAsync();

        await Expect(page.GetByTestId("import-done")).ToContainTextAsync("2");
        Assert.Equal(2, await App.WithDbAsync(db => db.Set<Resident>().CountAsync(r => r.Name == "林国栋" || r.Name == "黄美玲")));
        await ScreenshotAsync(page, "resident-import-done");

        var export = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());
        Assert.EndsWith($"{OwnGrid}.csv", export.SuggestedFilename, StringComparison.Ordinal);
        var exported = await File.ReadAllTextAsync(await export.PathAsync(), Encoding.UTF8);
        Assert.Contains("林**", exported, StringComparison.Ordinal);
        Assert.DoesNotContain(head, exported, StringComparison.Ordinal);
    }

    private static string IdentityNumber(DateOnly birthDate, int sequence)
    {
        var body = "320282" + birthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("000", CultureInfo.InvariantCulture);
        var sum = body.Select((c, i) => (c - '0') * Weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }
}
