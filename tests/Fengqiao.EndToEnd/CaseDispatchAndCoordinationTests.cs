using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fengqiao.Places.Grids;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Fengqiao.EndToEnd;

/// <summary>
/// Cases waiting to be dispatched and cases touching two communities, in a browser. The shared host files and
/// dispatches confident reports on intake, so the to-dispatch queue is filled the way it fills in practice: reports
/// naming a sensitive word wait for a person (triage), who files them; they then wait to be dispatched.
/// </summary>
public sealed class CaseDispatchAndCoordinationTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private const string Grid = "320282001001001";      // 茶东社区's grid ("grid")
    private const string OtherGrid = "320282001002001"; // 荆东社区's grid ("grid2")
    private const string Community = "320282001001";
    private const string Street = "320282001";

    [BrowserFact]
    public async Task A_street_officer_dispatches_two_waiting_cases_to_the_street_tier_in_bulk_with_a_reason_and_they_leave_the_queue()
    {
        var tag = "派" + Guid.NewGuid().ToString("N")[..6];
        var codes = new List<string>();
        foreach (var (grid, title) in new[] { (Grid, $"{tag} 工地门口建筑垃圾堆积"), (OtherGrid, $"{tag} 河边空地渣土乱倒") })
        {
            codes.Add((await FiledCaseAsync("street", grid, title, title + "，附近居民很不满，说再不处理就去上访。")).Code);
        }

        var page = await NewPageAsync();
        await LoginAsync(page, "street");
        await page.GotoAsync($"/cases?queue=ToDispatch&text={Uri.EscapeDataString(tag)}");
        await WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("cases-ready")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("case-link")).ToHaveCountAsync(2);
        await TickAsync(page, codes);

        await ChooseAsync(page, "bulk-action", "派遣");
        await ChooseAsync(page, "bulk-tier", new Regex(Regex.Escape("本案所在街道")));
        await page.Locator("[data-testid=bulk-override-reason] input, input[data-testid=bulk-override-reason]").First.FillAsync("群众扬言上访，提级由街道统一协调处理。");
        await ScreenshotAsync(page, "console-bulk-dispatch-tier");
        await page.GetByTestId("bulk-run").ClickAsync();

        await Expect(page.GetByTestId("bulk-summary")).ToContainTextAsync("完成 2 件");
        await Expect(page.Locator("[data-testid=bulk-outcome][data-done=true]")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("case-link")).ToHaveCountAsync(0);

        // Every case goes to the street of its own place, with the reason on its tier record.
        await page.GotoAsync($"/cases?queue=All&text={Uri.EscapeDataString(tag)}");
        await WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("cases-ready")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        foreach (var code in codes)
        {
            var row = page.GetByTestId("case-table").Locator("tbody tr").Filter(new() { HasText = code });
            await Expect(row).ToContainTextAsync($"街道（乡镇） {Street}");
            await Expect(row).ToContainTextAsync("待签收");
        }

        await page.GetByTestId("case-link").Filter(new() { HasText = codes[1] }).ClickAsync();
        await Expect(page.GetByTestId("case-ready")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("tier-path")).ToContainTextAsync("群众扬言上访，提级由街道统一协调处理。");
    }

    [BrowserFact]
    public async Task A_community_worker_dispatches_one_case_to_a_chosen_tier_and_department_and_is_asked_for_a_reason_first()
    {
        var (id, _) = await FiledCaseAsync("community", Grid, "小区围墙外大量装修垃圾", $"小区围墙外堆了大量装修垃圾，有人扬言要去上访（{Guid.NewGuid():N}）。");

        var page = await NewPageAsync();
        await LoginAsync(page, "community");
        await page.GotoAsync($"/cases/{id}");
        await WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("case-ready")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("case-status")).ToHaveTextAsync("待派遣");
        await Expect(page.GetByTestId("dispatch-basis")).Not.ToBeEmptyAsync();

        // The routed default needs no reason; a chosen tier does.
        await Expect(page.GetByTestId("dispatch-reason")).ToHaveCountAsync(0);
        await ChooseAsync(page, "dispatch-tier", new Regex(Regex.Escape($"（{Street}）")));
        await ChooseAsync(page, "dispatch-department", new Regex(Regex.Escape("宜兴市城市管理局")));
        await page.GetByTestId("action-dispatch").ClickAsync();
        await Expect(page.GetByTestId("case-message")).ToContainTextAsync("须说明理由");
        await Expect(page.GetByTestId("case-status")).ToHaveTextAsync("待派遣");

        await page.Locator("[data-testid=dispatch-reason] input, input[data-testid=dispatch-reason]").First.FillAsync("装修垃圾量大，须城管执法查处倾倒者。");
        await ScreenshotAsync(page, "case-dispatch-target");
        await page.GetByTestId("action-dispatch").ClickAsync();

        await Expect(page.GetByTestId("case-status")).ToHaveTextAsync("待签收");
        await Expect(page.GetByTestId("tier-path")).ToContainTextAsync($"{Street} / cg");
        await Expect(page.GetByTestId("tier-path")).ToContainTextAsync("装修垃圾量大，须城管执法查处倾倒者。");
        await Expect(page.GetByTestId("dispatch-panel")).ToHaveCountAsync(0);
    }

    [BrowserFact]
    public async Task The_involved_community_sends_a_coordination_reply_and_the_street_holding_the_case_sees_it_live()
    {
        var (id, _) = await CoordinatedCaseAsync("两社区交界处路灯不亮", $"健康路与人民路交界处的路灯一周没亮，两个社区都说归对方管（{Guid.NewGuid():N}）。");

        var holder = await NewPageAsync();
        await LoginAsync(holder, "street");
        await holder.GotoAsync($"/cases/{id}");
        await WaitForInteractiveAsync(holder);
        await Expect(holder.GetByTestId("case-ready")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(holder.GetByTestId("action-accept")).ToHaveCountAsync(1);
        await Expect(holder.GetByTestId("action-coordination-reply")).ToHaveCountAsync(0);

        var involved = await NewPageAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        await LoginAsync(involved, "community");
        await involved.GotoAsync($"/cases/{id}");
        await WaitForInteractiveAsync(involved);
        await Expect(involved.GetByTestId("case-ready")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(involved.GetByTestId("coordination-reply-hint")).ToBeVisibleAsync();
        await Expect(involved.GetByTestId("action-accept")).ToHaveCountAsync(0);
        await Expect(involved.GetByTestId("no-actions")).ToHaveCountAsync(0);

        // Nothing written: the reply is refused with the reason.
        await involved.GetByTestId("action-coordination-reply").ClickAsync();
        await Expect(involved.GetByTestId("case-message")).ToContainTextAsync("请填写协办反馈");

        const string Reply = "茶东社区一侧的两盏路灯已报修，供电所答复周五前更换。";
        await involved.Locator("[data-testid=action-note] textarea, textarea[data-testid=action-note]").First.FillAsync(Reply);
        await ScreenshotAsync(involved, "case-coordination-reply-phone");
        await involved.GetByTestId("action-coordination-reply").ClickAsync();
        await Expect(involved.GetByTestId("case-timeline")).ToContainTextAsync(Reply);
        await Expect(involved.GetByTestId("case-timeline")).ToContainTextAsync($"协办反馈 · community（社区工作者 {Community}）");
        await Expect(involved.GetByTestId("case-status")).ToHaveTextAsync("待签收");

        // The holder's open page gains the reply without reloading (the notice reaches the street's staff).
        await Expect(holder.GetByTestId("case-timeline")).ToContainTextAsync(Reply, new() { Timeout = 20_000 });
        await ScreenshotAsync(holder, "case-coordination-reply-holder");
    }

    [BrowserFact]
    public async Task The_involved_communitys_worker_finds_the_case_under_coordination_in_the_console_on_a_phone_sees_new_ones_live_and_opens_it()
    {
        var (id, code) = await CoordinatedCaseAsync("两社区交界处井盖缺失", $"人民路与健康路交界处的人行道井盖不见了，晚上很危险（{Guid.NewGuid():N}）。");

        var page = await NewPageAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        await LoginAsync(page, "community");
        await page.GotoAsync("/cases");
        await WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("cases-ready")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("count-Coordination")).Not.ToHaveTextAsync("0");
        await page.GetByTestId("tile-Coordination").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("queue=Coordination"));
        await Expect(page.GetByTestId("coordination-ready")).ToHaveCountAsync(1, new() { Timeout = 30_000 });

        // Held by the street, not yet answered by this community.
        var row = page.GetByTestId("coordination-table").Locator("tr").Filter(new() { HasText = code });
        await Expect(row).ToContainTextAsync("宜城街道");
        await Expect(row).ToContainTextAsync("茶东社区");
        await Expect(row.GetByTestId("coordination-replied")).ToHaveAttributeAsync("data-replied", "false");
        await Expect(row.GetByTestId("deadline-state")).ToHaveCountAsync(1);

        // Another case involving the community appears without reloading (its staff are told, and the console listens).
        var (_, later) = await CoordinatedCaseAsync("两社区交界处积水", $"交界处的路口一下雨就积水没过脚踝（{Guid.NewGuid():N}）。");
        await Expect(page.GetByTestId("coordination-table").Locator("tr").Filter(new() { HasText = later })).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await ScreenshotAsync(page, "console-coordination-phone");

        await Expect(page.GetByTestId("coordination-ready")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await WaitForInteractiveAsync(page);
        await row.GetByTestId("coordination-case-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/cases/{id}"));
        await Expect(page.GetByTestId("case-ready")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("action-coordination-reply")).ToBeVisibleAsync();
    }

    /// <summary>Ticks the rows; a live update that redraws a row while it is ticked is answered by ticking again.</summary>
    private static async Task TickAsync(IPage page, List<string> codes)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                foreach (var code in codes)
                {
                    await page.GetByTestId("case-table").Locator("tbody tr").Filter(new() { HasText = code }).Locator("input[type=checkbox]").CheckAsync(new() { Force = true });
                }

                await Expect(page.GetByTestId("bulk-selected")).ToContainTextAsync(codes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 3_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 4)
            {
            }
        }
    }

    /// <summary>A report that names a sensitive word waits for a person; <paramref name="filer"/> files it (E0102 暴露垃圾).</summary>
    private async Task<(Guid Id, string Code)> FiledCaseAsync(string filer, string grid, string title, string description)
    {
        var receipt = await ReportAsync(grid, title, description);
        Assert.Equal("Reported", receipt.GetProperty("status").GetString());
        var id = receipt.GetProperty("id").GetGuid();
        using var staff = await App.ClientForAsync(filer);
        var version = await VersionAsync(staff, id);
        (await staff.PostAsJsonAsync($"/api/v1/cases/{id}/file", new { version, categoryCode = "E0102" })).EnsureSuccessStatusCode();
        return (id, receipt.GetProperty("trackingCode").GetString()!);
    }

    /// <summary>A case in 荆东社区 that also involves 茶东社区: coordinated, and held, by 宜城街道.</summary>
    private async Task<(Guid Id, string Code)> CoordinatedCaseAsync(string title, string description)
    {
        var receipt = await ReportAsync(OtherGrid, title, description);
        var id = receipt.GetProperty("id").GetGuid();
        using var street = await App.ClientForAsync("street");
        var version = await VersionAsync(street, id);
        if (receipt.GetProperty("status").GetString() == "Reported")
        {
            // Held back for a person (e.g. as a possible duplicate of an earlier report here): the street files it.
            var filed = await street.PostAsJsonAsync($"/api/v1/cases/{id}/file", new { version, categoryCode = "E0102" });
            filed.EnsureSuccessStatusCode();
            version = JsonDocument.Parse(await filed.Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetInt64();
        }

        var involved = await street.PostAsJsonAsync($"/api/v1/cases/{id}/involve", new { version, unitCodes = new[] { Community }, reason = "问题位于两社区交界处，需要两边共同处理。" });
        involved.EnsureSuccessStatusCode();
        return (id, receipt.GetProperty("trackingCode").GetString()!);
    }

    private async Task<JsonElement> ReportAsync(string grid, string title, string description)
    {
        var (lon, lat) = await App.WithDbAsync(async db =>
        {
            var point = (await db.Set<Grid>().Where(g => g.Code == grid).Select(g => g.Boundary).SingleAsync()).InteriorPoint;
            return (point.X, point.Y);
        });
        using var resident = App.CreateClient();
        var response = await resident.PostAsJsonAsync("/api/v1/reports", new { title, description, longitude = lon, latitude = lat, categoryCode = "E0102" });
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<long> VersionAsync(HttpClient staff, Guid id) =>
        JsonDocument.Parse(await staff.GetStringAsync($"/api/v1/cases/{id}")).RootElement.GetProperty("summary").GetProperty("version").GetInt64();
}
