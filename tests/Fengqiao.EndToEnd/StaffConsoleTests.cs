using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fengqiao.Places.Grids;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Fengqiao.EndToEnd;

/// <summary>
/// The staff console in a browser: a supervisor filters the queue (the filters land in the URL), selects two cases and
/// issues a supervision order on both at once, sees them on the map; writes a reply template, which the grid worker
/// holding the case picks to fill the reply.
/// </summary>
public sealed class StaffConsoleTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private const string Grid = "320282001001001";
    private const string OtherGrid = "320282001002001";

    [BrowserFact]
    public async Task A_supervisor_filters_supervises_in_bulk_and_maps_cases_and_the_grid_worker_replies_with_a_template()
    {
        var tag = "督" + Guid.NewGuid().ToString("N")[..6];
        // Two unrelated reports in two grids, so that neither is held back as a possible duplicate of the other.
        var codes = new List<string>();
        using (var resident = App.CreateClient())
        {
            foreach (var (grid, title, category) in new[] { (Grid, $"{tag} 南门垃圾堆放", "E0102"), (OtherGrid, $"{tag} 共享单车堵住盲道", "E0504") })
            {
                var (lon, lat) = await App.WithDbAsync(async db =>
                {
                    var point = (await db.Set<Grid>().Where(g => g.Code == grid).Select(g => g.Boundary).SingleAsync()).InteriorPoint;
                    return (point.X, point.Y);
                });
                var response = await resident.PostAsJsonAsync("/api/v1/reports", new { title, description = title + "，好几天没人管了。", longitude = lon, latitude = lat, categoryCode = category });
                response.EnsureSuccessStatusCode();
                codes.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("trackingCode").GetString()!);
            }
        }

        var supervisor = await NewPageAsync();
        await LoginAsync(supervisor, "supervisor");
        await supervisor.GotoAsync("/cases?queue=All");
        await WaitForInteractiveAsync(supervisor);
        await Expect(supervisor.GetByTestId("cases-ready")).ToHaveCountAsync(1);
        await supervisor.Locator("[data-testid=case-search] input, input[data-testid=case-search]").First.FillAsync(tag);
        await ChooseAsync(supervisor, "filter-deadline", new Regex("正常"));
        await supervisor.GetByTestId("filter-apply").ClickAsync();
        await Expect(supervisor).ToHaveURLAsync(new Regex("deadline=Normal.*text=|text=.*deadline=Normal"));
        await Expect(supervisor.GetByTestId("case-total")).ToContainTextAsync("2");

        // A bookmarked URL gives the same filtered queue.
        await supervisor.ReloadAsync();
        await WaitForInteractiveAsync(supervisor);
        // The prerendered rows are replaced when the circuit has loaded the queue; a checkbox ticked before that is lost
        // (CI, both suites at once).
        await Expect(supervisor.GetByTestId("cases-ready")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(supervisor.GetByTestId("case-link")).ToHaveCountAsync(2);

        // A live update (an earlier report's notice delivered late under load) reloads the queue and may redraw a row
        // while it is being ticked; tick again until both are selected.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                foreach (var code in codes)
                {
                    await supervisor.GetByTestId("case-table").Locator("tbody tr").Filter(new() { HasText = code }).Locator("input[type=checkbox]").CheckAsync(new() { Force = true });
                }

                await Expect(supervisor.GetByTestId("bulk-selected")).ToContainTextAsync("2", new() { Timeout = 3_000 });
                break;
            }
            catch (PlaywrightException) when (attempt < 4)
            {
            }
        }

        await ChooseAsync(supervisor, "bulk-action", "督办");
        await supervisor.Locator("[data-testid=bulk-note] input, input[data-testid=bulk-note]").First.FillAsync("请今日内清运完毕。");
        await supervisor.GetByTestId("bulk-run").ClickAsync();
        await Expect(supervisor.GetByTestId("bulk-summary")).ToContainTextAsync("完成 2 件");
        await Expect(supervisor.Locator("[data-testid=bulk-outcome][data-done=true]")).ToHaveCountAsync(2);
        await ScreenshotAsync(supervisor, "console-bulk-supervise");

        await supervisor.GetByTestId("view-map").ClickAsync();
        await Expect(supervisor).ToHaveURLAsync(new Regex("view=map"));
        await Expect(supervisor.GetByTestId("case-map-ready")).ToHaveCountAsync(1);
        await Expect(supervisor.GetByTestId("case-map")).ToHaveAttributeAsync("data-markers", "2");
        await ScreenshotAsync(supervisor, "console-map");

        // A county template, inherited by the grid.
        await supervisor.GotoAsync("/cases/reply-templates");
        await WaitForInteractiveAsync(supervisor);
        await Expect(supervisor.GetByTestId("templates-ready")).ToHaveCountAsync(1);
        await supervisor.Locator("[data-testid=template-title] input, input[data-testid=template-title]").First.FillAsync($"{tag} 处置答复");
        await supervisor.Locator("[data-testid=template-text] textarea, textarea[data-testid=template-text]").First.FillAsync("您反映的问题（查询码 {查询码}，{类别}）已处理完毕，感谢监督。");
        await supervisor.GetByTestId("template-save").ClickAsync();
        await Expect(supervisor.GetByTestId("template-table")).ToContainTextAsync($"{tag} 处置答复");

        var worker = await NewPageAsync();
        await LoginAsync(worker, "grid");
        await worker.GotoAsync($"/cases?queue=Mine&text={codes[0]}");
        await WaitForInteractiveAsync(worker);
        await worker.GetByTestId("case-link").Filter(new() { HasText = codes[0] }).ClickAsync();
        await Expect(worker.GetByTestId("case-ready")).ToHaveCountAsync(1);
        await worker.GetByTestId("action-accept").ClickAsync();
        await Expect(worker.GetByTestId("case-status")).ToHaveTextAsync("处置中");
        await worker.GetByTestId("template-picker").ClickAsync();
        await worker.GetByTestId("template-option").Filter(new() { HasText = $"{tag} 处置答复" }).ClickAsync();
        var note = worker.Locator("[data-testid=action-note] textarea, textarea[data-testid=action-note]").First;
        await Expect(note).ToHaveValueAsync($"您反映的问题（查询码 {codes[0]}，暴露垃圾）已处理完毕，感谢监督。");
        await worker.GetByTestId("action-progress").ClickAsync();
        await Expect(worker.GetByTestId("case-timeline")).ToContainTextAsync($"查询码 {codes[0]}，暴露垃圾");
        await ScreenshotAsync(worker, "console-template-reply");
    }
}
