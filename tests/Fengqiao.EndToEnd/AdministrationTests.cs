using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Fengqiao.EndToEnd;

/// <summary>The administrator's area and the staff tools: users, calendar, audit log, notices — driven through the UI.</summary>
public sealed class AdministrationTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [BrowserFact]
    public async Task Administrator_creates_a_grid_worker_who_can_then_sign_in_with_the_initial_password()
    {
        var page = await NewPageAsync();
        await LoginAsync(page, "admin");
        await page.GotoAsync("/admin/users");
        await WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("user-table")).ToContainTextAsync("王建国");

        await page.GetByTestId("new-user").ClickAsync();
        await WaitForInteractiveAsync(page);
        await Field(page, "user-name").FillAsync("hepingwangge1");
        await Field(page, "display-name").FillAsync("刘红梅");
        await page.Locator($"input[data-role={Roles.GridWorker}], [data-role={Roles.GridWorker}] input").First.CheckAsync();
        await Field(page, "unit-codes").FillAsync("320282001003001");
        await Field(page, "unit-codes").PressAsync("Tab");
        await page.GetByTestId("save-user").ClickAsync();

        var password = page.GetByTestId("initial-password").Locator("b");
        await Expect(password).ToBeVisibleAsync();
        await ScreenshotAsync(page, "admin-user-created");
        var initial = await password.InnerTextAsync();

        var worker = await NewPageAsync();
        await LoginAsync(worker, "hepingwangge1", initial);
        await WaitForInteractiveAsync(worker);
        await Expect(worker.GetByTestId("current-user")).ToHaveTextAsync("刘红梅");
        await Expect(worker.GetByTestId("my-roles")).ToContainTextAsync("网格员");
    }

    [BrowserFact]
    public async Task Administrator_sees_the_statutory_holidays_and_computes_a_deadline_across_national_day()
    {
        var page = await NewPageAsync();
        await LoginAsync(page, "admin");
        await page.GotoAsync("/admin/calendar");
        await WaitForInteractiveAsync(page);

        await Expect(page.GetByTestId("calendar-year")).ToContainTextAsync("2026");
        await Expect(page.GetByTestId("calendar-days")).ToContainTextAsync("春节");
        await Expect(page.GetByTestId("calendar-days")).ToContainTextAsync("调休上班");
        await ScreenshotAsync(page, "admin-calendar");
    }

    [BrowserFact]
    public async Task Administrator_imports_a_holiday_file_and_a_broken_file_is_refused_with_its_line()
    {
        var page = await NewPageAsync();
        await LoginAsync(page, "admin");
        await page.GotoAsync("/admin/calendar");
        await WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("working-days")).ToBeVisibleAsync();

        await ChooseFilesAsync(page, "holiday-file", new FilePayload
        {
            Name = "bad-2029.csv",
            MimeType = "text/csv",
            Buffer = "date,kind,name\n2029-01-01,holiday,元旦\n2029-01-03,workday,元旦\n"u8.ToArray(),
        });
        await Expect(page.GetByTestId("import-errors")).ToContainTextAsync("第 3 行");
        Assert.Equal(0, await App.WithDbAsync(db => db.CalendarDays.CountAsync(d => d.Date.Year == 2029)));

        await ChooseFilesAsync(page, "holiday-file", new FilePayload
        {
            Name = "cn-2029.csv",
            MimeType = "text/csv",
            Buffer = "date,kind,name\n2029-01-01,holiday,元旦\n2029-02-12,holiday,春节\n2029-02-13,holiday,春节\n"u8.ToArray(),
        });
        await Expect(page.GetByTestId("import-result")).ToContainTextAsync("新增 3");
        await Expect(page.GetByTestId("calendar-year")).ToContainTextAsync("2029");
        await ScreenshotAsync(page, "admin-calendar-imported");
        Assert.Equal(3, await App.WithDbAsync(db => db.CalendarDays.CountAsync(d => d.Date.Year == 2029)));
    }

    [BrowserFact]
    public async Task Supervisor_browses_the_audit_log_and_verifies_the_chain()
    {
        var page = await NewPageAsync();
        await LoginAsync(page, "supervisor");
        await page.GotoAsync("/audit");
        await WaitForInteractiveAsync(page);

        await Expect(page.GetByTestId("audit-table")).ToContainTextAsync("auth.sign-in");
        await page.GetByTestId("verify-chain").ClickAsync();
        await Expect(page.GetByTestId("chain-intact")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "audit-verified-as-supervisor");
    }

    [BrowserFact]
    public async Task Community_worker_sends_a_notice_through_the_form_and_the_grid_worker_receives_it()
    {
        var page = await NewPageAsync();
        await LoginAsync(page, "community");
        await page.GotoAsync("/notices/new");
        await WaitForInteractiveAsync(page);

        await Field(page, "notice-title").FillAsync("垃圾分类宣传周");
        await Field(page, "notice-body").FillAsync("本周六上午在茶东社区广场开展垃圾分类宣传，请各网格员到场。");
        await Field(page, "notice-body").PressAsync("Tab");
        await page.GetByTestId("notice-send").ClickAsync();
        await Expect(page.Locator(".mud-snackbar").Filter(new() { HasText = "通知已发送" })).ToBeVisibleAsync();
        await ScreenshotAsync(page, "notice-sent-as-community");

        await App.DrainOutboxAsync();
        var grid = await App.WithDbAsync(db => db.Users.SingleAsync(u => u.UserName == "grid"));
        Assert.True(await App.WithDbAsync(db => db.Inbox.AnyAsync(i => i.UserId == grid.Id && i.Title == "垃圾分类宣传周")));
        var entry = await App.WithDbAsync(db => db.AuditEntries.OrderByDescending(e => e.Sequence).FirstAsync(e => e.Action == "notices.send"));
        Assert.Equal(AuditOutcome.Succeeded, entry.Outcome);
        Assert.Equal("community", entry.ActorName);
    }

    [BrowserFact]
    public async Task A_grid_worker_typing_an_admin_address_is_told_the_role_does_not_allow_it()
    {
        var page = await NewPageAsync();
        await LoginAsync(page, "grid");

        await page.GotoAsync("/admin/users");

        await page.WaitForURLAsync("**/forbidden**");
        await Expect(page.Locator("h1")).ToHaveTextAsync("没有权限");
        await Expect(page.Locator("main")).ToContainTextAsync("无权");
        await Expect(page.GetByTestId("user-table")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "admin-forbidden-as-grid");
    }
}
