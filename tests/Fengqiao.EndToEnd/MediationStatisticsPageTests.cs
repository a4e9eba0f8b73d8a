using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Fengqiao.Mediation.Disputes;
using Fengqiao.Mediation.Statistics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Fengqiao.EndToEnd;

/// <summary>
/// The street officer's mediation statistics page: this month's figures for the street match the API, the chart by
/// type is drawn, and the Excel report downloads with the same total.
/// </summary>
public sealed class MediationStatisticsPageTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [BrowserFact]
    public async Task Street_officer_sees_the_months_figures_and_downloads_the_excel_report()
    {
        using var api = await App.ClientForAsync("street");
        var committees = await api.GetFromJsonAsync<List<CommitteeRow>>("/api/v1/mediation/committees?unit=320282001001", Json);
        var committee = committees!.First(c => c.Name == "茶东社区人民调解委员会").Id;
        var resolved = await IntakeAsync(api, committee, "Labour", "车间工人追讨加班费", 3600m);
        await IntakeAsync(api, committee, "Neighbourhood", "邻居装修噪音扰民", null);
        await App.WithDbAsync(async db =>
        {
            var dispute = await db.Set<MediationCase>().SingleAsync(c => c.Id == resolved);
            dispute.Resolve(DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });
        var month = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var expected = await api.GetFromJsonAsync<StatisticsReport>($"/api/v1/mediation/statistics?unit=320282001&period={month}", Json);
        Assert.True(expected!.Total.Accepted >= 2);

        var page = await NewPageAsync();
        await LoginAsync(page, "street");
        await page.GotoAsync("/mediation/statistics?unit=320282001");
        await WaitForInteractiveAsync(page);
        await page.GetByTestId("medstat-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        await Expect(page.GetByTestId("medstat-accepted")).ToHaveTextAsync(expected.Total.Accepted.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("medstat-resolved")).ToHaveTextAsync(expected.Total.Resolved.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("medstat-type-Labour")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("medstat-chart").Locator("rect").First).ToBeAttachedAsync();
        await ScreenshotAsync(page, "mediation-statistics");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("medstat-xlsx").ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename, StringComparison.Ordinal);
        using var document = SpreadsheetDocument.Open(await download.PathAsync(), false);
        var cells = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>()
            .Select(r => r.Elements<Cell>().Select(c => c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText : c.CellValue?.Text ?? "").ToList())
            .ToList();
        var total = cells.First(r => r.Count > 1 && r[0] == "合计");
        Assert.Equal(expected.Total.Accepted.ToString(System.Globalization.CultureInfo.InvariantCulture), total[1]);
    }

    private static async Task<Guid> IntakeAsync(HttpClient api, Guid committee, string type, string title, decimal? amount)
    {
        var response = await api.PostAsJsonAsync("/api/v1/mediation/cases", new
        {
            committeeId = committee, source = "ApplicationWalkIn", type, title, peopleInvolved = 2, amount,
            facts = $"{title}，双方协商未果。", claims = "请求调解。",
            parties = new object[] { new { kind = "Person", role = "Applicant", name = "冯建军" }, new { kind = "Person", role = "Respondent", name = "冯建华" } },
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CaseRow>(Json))!.Id;
    }

    private sealed record CommitteeRow(Guid Id, string Name);

    private sealed record CaseRow(Guid Id);
}
