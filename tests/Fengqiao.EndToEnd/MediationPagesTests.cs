using System.Globalization;
using System.Text.RegularExpressions;
using Fengqiao.Kernel.Time;
using Fengqiao.Mediation.Disputes;
using Fengqiao.Places.Grids;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Fengqiao.EndToEnd;

/// <summary>
/// The mediation pages in a real browser: the demo mediator 孙明德 takes a neighbours' dispute in through the intake
/// form (refused input explained beside its fields and nothing written), finds it on the workbench with its parties
/// masked, reveals a name with a purpose, schedules a sitting (a double booking refused with the rule's message) and
/// records it; the street officer sees the case on the centre's risk map and approves an extension; an edit made on a
/// stale copy of the case is refused with the Chinese message.
/// </summary>
public sealed class MediationPagesTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private const string Grid = "320282001001001";

    [BrowserFact]
    public async Task A_mediator_takes_a_dispute_in_works_it_and_the_street_sees_it_on_the_risk_map()
    {
        var title = $"楼上漏水致天花板受损{Random.Shared.Next(1000, 10000)}";
        var (lon, lat) = await App.WithDbAsync(async db =>
        {
            var point = (await db.Set<Grid>().Where(g => g.Code == Grid).Select(g => g.Boundary).SingleAsync()).InteriorPoint;
            return (point.X, point.Y);
        });
        var page = await NewPageAsync(new BrowserNewContextOptions { Locale = "zh-CN" });
        await LoginAsync(page, "mediator");

        await page.GotoAsync("/mediation/cases/new");
        await WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("med-intake-ready")).ToHaveCountAsync(1);
        await page.GetByTestId("intake-submit").ClickAsync();
        var form = page.GetByTestId("med-intake-form");
        await Expect(form).ToContainTextAsync("请选择案件来源");
        await Expect(form).ToContainTextAsync("请填写案由");
        await Expect(form).ToContainTextAsync("请填写当事人姓名或名称");
        await ScreenshotAsync(page, "mediation-intake-refused");

        await ChooseAsync(page, "intake-committee", "茶东社区人民调解委员会");
        await ChooseAsync(page, "intake-source", "当事人申请（来访）");
        await ChooseAsync(page, "intake-type", "邻里纠纷");
        await Field(page, "intake-title").FillAsync(title);
        await Field(page, "intake-facts").FillAsync("茶东新村 12 幢 302 室卫生间防水层老化，连续三个月向 202 室渗水，202 室天花板发霉脱落。");
        await Field(page, "intake-claims").FillAsync("申请人要求 302 室修复防水并赔偿天花板修缮费用 3200 元。");
        await Field(page, "intake-amount").FillAsync("3200");
        await Field(page, "intake-people").FillAsync("3");
        await Field(page, "intake-address").FillAsync("茶东新村 12 幢 202 室");
        await Field(page, "intake-longitude").FillAsync(lon.ToString(CultureInfo.InvariantCulture));
        await Field(page, "intake-latitude").FillAsync(lat.ToString(CultureInfo.InvariantCulture));
        var parties = page.GetByTestId("intake-party");
        await Field(parties.Nth(0), "party-name").FillAsync("钱振华");
        await Field(parties.Nth(0), "party-phone").FillAsync("1396151234");
        await Field(parties.Nth(1), "party-name").FillAsync("孙玉兰");
        await page.GetByTestId("intake-add-party").ClickAsync();
        await ChooseAsync(parties.Nth(2), page, "party-kind", "法人或其他组织");
        await ChooseAsync(parties.Nth(2), page, "party-role", "第三人");
        await Field(parties.Nth(2), "party-name").FillAsync("宜兴市茶东物业管理有限公司");

        // A phone number one digit short: explained beside the field, nothing written.
        await page.GetByTestId("intake-submit").ClickAsync();
        await Expect(parties.Nth(0)).ToContainTextAsync("手机号");
        Assert.False(await App.WithDbAsync(db => db.Set<MediationCase>().AnyAsync(c => c.Title == title)));

        await Field(parties.Nth(0), "party-phone").FillAsync("13961512345");
        await page.GetByTestId("intake-submit").ClickAsync();
        await page.WaitForURLAsync(new Regex("/mediation/cases/[0-9a-f-]{36}$"));
        await Expect(page.GetByTestId("med-case-ready")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("med-title")).ToHaveTextAsync(title);
        await Expect(page.GetByTestId("med-status")).ToContainTextAsync("已受理");
        await Expect(page.GetByTestId("med-header")).ToContainTextAsync("茶东社区人民调解委员会");
        var number = await page.GetByTestId("med-number").InnerTextAsync();
        var caseUrl = page.Url;

        // Parties masked; the name revealed with a purpose (audited).
        await page.GetByRole(AriaRole.Tab, new() { Name = "当事人" }).ClickAsync();
        var applicant = page.GetByTestId("med-party").First;
        await Expect(applicant).ToContainTextAsync("钱**");
        await Expect(page.GetByTestId("med-parties")).Not.ToContainTextAsync("钱振华");
        await Expect(page.GetByTestId("med-parties")).ToContainTextAsync("139****2345");
        await Expect(page.GetByTestId("med-parties")).ToContainTextAsync("宜兴市茶东物业管理有限公司");
        await applicant.GetByTestId("reveal-name").ClickAsync();
        await Field(applicant, "reveal-purpose").FillAsync("电话通知当事人参加调解");
        await applicant.GetByTestId("reveal-confirm").ClickAsync();
        await Expect(applicant.GetByTestId("party-name")).ToHaveTextAsync("钱振华");

        // A sitting today; the same time again is a double booking of 孙明德.
        var day = ChinaTime.ToLocal(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var hour = Random.Shared.Next(0, 10);
        await page.GetByRole(AriaRole.Tab, new() { Name = "调解" }).First.ClickAsync();
        await ScheduleAsync(page, $"{day}T{hour:00}:00", $"{day}T{hour:00}:45", "茶东社区党群服务中心二楼调解室");
        await Expect(page.GetByTestId("session-message")).ToContainTextAsync("已安排第 1 次调解");
        await Expect(page.GetByTestId("med-session")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("med-status")).ToContainTextAsync("调解中");
        await ScheduleAsync(page, $"{day}T{hour:00}:30", $"{day}T{hour + 1:00}:00", "茶东社区党群服务中心二楼调解室");
        await Expect(page.GetByTestId("schedule-error")).ToContainTextAsync("同一时间不能参加两场调解");
        await Expect(page.GetByTestId("med-session")).ToHaveCountAsync(1);

        var session = page.GetByTestId("med-session").First;
        await session.GetByTestId("session-record").ClickAsync();
        await Field(session, "record-minutes").FillAsync("调解员孙明德主持。双方同意请物业查明漏水原因后再行调解。");
        await session.GetByText("继续调解").ClickAsync();
        await session.GetByTestId("record-present").First.ClickAsync();
        await session.GetByTestId("record-save").ClickAsync();
        await Expect(session.GetByTestId("session-status")).ToContainTextAsync("已召开");
        await Expect(session.GetByTestId("session-minutes")).ToContainTextAsync("物业查明漏水原因");
        await ScreenshotAsync(page, "mediation-case-sessions-as-mediator");

        await page.GetByRole(AriaRole.Tab, new() { Name = "办理经过" }).ClickAsync();
        await Expect(page.GetByTestId("med-timeline-item")).ToHaveCountAsync(4);
        await Expect(page.GetByTestId("med-timeline")).ToContainTextAsync("受理纠纷");
        await Expect(page.GetByTestId("med-timeline")).ToContainTextAsync("记录调解");
        await page.GetByRole(AriaRole.Tab, new() { Name = "调解期限" }).ClickAsync();
        await Expect(page.GetByTestId("period-summary")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("extension-form")).ToHaveCountAsync(0); // a mediator does not extend alone

        // The workbench: my case with masked parties and its due date; today's sitting.
        await page.GotoAsync("/mediation");
        await Expect(page.GetByTestId("med-workbench-ready")).ToHaveCountAsync(1);
        var row = page.GetByTestId("med-my-cases").Locator("tr").Filter(new() { HasText = number });
        await Expect(row).ToContainTextAsync(title);
        await Expect(row).ToContainTextAsync("钱**、孙**、宜兴市茶东物业管理有限公司");
        await Expect(row.GetByTestId("due-on")).ToHaveTextAsync(ChinaTime.ToLocal(DateTimeOffset.UtcNow).AddMonths(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("med-today").GetByTestId("med-today-session").Filter(new() { HasText = number })).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "mediation-workbench-as-mediator");

        // The street: the case on the centre's risk map, and an approved extension.
        var street = await NewPageAsync(new BrowserNewContextOptions { Locale = "zh-CN" });
        await LoginAsync(street, "street");
        await street.GotoAsync("/mediation/dashboard");
        await Expect(street.GetByTestId("dash-map-ready")).ToHaveCountAsync(1);
        var shown = await street.EvaluateAsync<string[]>("() => window.fengqiaoMediationMap.shown('mediation-map')");
        Assert.Contains(number, shown);
        await Expect(street.GetByTestId("dash-map")).ToHaveAttributeAsync("data-markers", shown.Length.ToString(CultureInfo.InvariantCulture));
        await Expect(street.GetByTestId("dash-map").Locator(".leaflet-overlay-pane canvas")).ToBeAttachedAsync();
        Assert.True(int.Parse(await street.GetByTestId("dash-open").InnerTextAsync(), CultureInfo.InvariantCulture) >= 1);
        await ScreenshotAsync(street, "mediation-dashboard-as-street");

        await street.GotoAsync(caseUrl);
        await WaitForInteractiveAsync(street);
        await Expect(street.GetByTestId("med-case-ready")).ToHaveCountAsync(1);
        await street.GetByRole(AriaRole.Tab, new() { Name = "当事人" }).ClickAsync();
        await Expect(street.GetByTestId("med-parties")).ToContainTextAsync("钱**");
        await Expect(street.GetByTestId("med-parties")).Not.ToContainTextAsync("钱振华");
        await street.GetByRole(AriaRole.Tab, new() { Name = "调解期限" }).ClickAsync();
        var until = ChinaTime.ToLocal(DateTimeOffset.UtcNow).AddMonths(1).AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Field(street, "extension-until").FillAsync(until);
        await Field(street, "extension-reason").FillAsync("需等待物业出具漏水原因鉴定");
        await street.GetByTestId("extension-save").ClickAsync();
        await Expect(street.GetByTestId("extension-done")).ToContainTextAsync(until);
        await Expect(street.GetByTestId("period-extension")).ToContainTextAsync("需等待物业出具漏水原因鉴定");
    }

    [BrowserFact]
    public async Task An_edit_made_on_a_stale_copy_of_the_case_is_refused_with_the_chinese_message_and_the_workbench_fits_a_phone()
    {
        var phone = new BrowserNewContextOptions { Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true };
        var first = await NewPageAsync(phone);
        var second = await NewPageAsync(new BrowserNewContextOptions { Locale = "zh-CN" });
        await LoginAsync(first, "mediator");
        await LoginAsync(second, "mediator");

        await first.GotoAsync("/mediation/cases/new");
        await WaitForInteractiveAsync(first);
        await Expect(first.GetByTestId("med-intake-ready")).ToHaveCountAsync(1);
        var title = $"宠物狗夜间吠叫{Random.Shared.Next(1000, 10000)}";
        await ChooseAsync(first, "intake-committee", "茶东社区人民调解委员会");
        await ChooseAsync(first, "intake-source", "当事人申请（电话）");
        await ChooseAsync(first, "intake-type", "邻里纠纷");
        await Field(first, "intake-title").FillAsync(title);
        await Field(first, "intake-facts").FillAsync("被申请人饲养的犬只夜间持续吠叫，影响申请人一家休息。");
        await Field(first, "intake-claims").FillAsync("要求被申请人夜间看管好犬只。");
        await Field(first, "intake-people").FillAsync("2");
        var parties = first.GetByTestId("intake-party");
        await Field(parties.Nth(0), "party-name").FillAsync("房国栋");
        await Field(parties.Nth(1), "party-name").FillAsync("龚雪梅");
        await first.GetByTestId("intake-submit").ClickAsync();
        // Under CI load (both suites at once) the intake and the case page once took over the default 15 s.
        await first.WaitForURLAsync(new Regex("/mediation/cases/[0-9a-f-]{36}$"), new() { Timeout = 30_000 });
        await Expect(first.GetByTestId("med-case-ready")).ToHaveCountAsync(1);

        // Both open the facts for editing; the second saves first.
        await second.GotoAsync(first.Url);
        await WaitForInteractiveAsync(second);
        await Expect(second.GetByTestId("med-case-ready")).ToHaveCountAsync(1);
        await first.GetByTestId("facts-edit").ClickAsync();
        await second.GetByTestId("facts-edit").ClickAsync();
        await Field(second, "facts-people").FillAsync("3");
        await second.GetByTestId("facts-save").ClickAsync();
        await Expect(second.GetByTestId("med-case-ready")).ToHaveAttributeAsync("data-version", new Regex("^[1-9][0-9]*$"));
        await Expect(second.GetByTestId("facts-form")).ToHaveCountAsync(0);

        await Field(first, "facts-people").FillAsync("4");
        await first.GetByTestId("facts-save").ClickAsync();
        await Expect(first.GetByTestId("facts-error")).ToContainTextAsync("案件已被他人修改");
        Assert.Equal(3, await App.WithDbAsync(db => db.Set<MediationCase>().Where(c => c.Title == title).Select(c => c.PeopleInvolved).SingleAsync()));
        await ScreenshotAsync(first, "mediation-stale-edit-phone");

        await first.GotoAsync("/mediation");
        await Expect(first.GetByTestId("med-workbench-ready")).ToHaveCountAsync(1);
        await Expect(first.GetByTestId("med-my-cases")).ToContainTextAsync(title);
        var width = await first.EvaluateAsync<double>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the workbench is {width}px wide on a 390px phone");
        await ScreenshotAsync(first, "mediation-workbench-phone");
    }

    private static async Task ScheduleAsync(IPage page, string starts, string ends, string place)
    {
        await Field(page, "schedule-starts").FillAsync(starts);
        await Field(page, "schedule-ends").FillAsync(ends);
        await Field(page, "schedule-place").FillAsync(place);
        await page.GetByTestId("schedule-save").ClickAsync();
    }
}
