using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Fengqiao.Kernel.Time;
using Fengqiao.Mediation.Disputes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Fengqiao.EndToEnd;

/// <summary>
/// Issue 5's whole journey through the pages, as the demo mediator 孙明德 would walk it: a neighbours' dispute taken in
/// at the community committee, both parties told of the first sitting, which is adjourned, a second sitting reaching
/// agreement, the agreement filled in, issued, downloaded as a PDF whose text holds both parties' names and the
/// obligation, signed until it takes effect (the case resolved at the village/community tier), and a follow-up visit.
/// </summary>
public sealed class MediationDisputeJourneyTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [BrowserFact]
    public async Task A_dispute_goes_from_intake_through_two_sessions_to_a_signed_agreement_pdf_and_a_follow_up_visit()
    {
        var suffix = Random.Shared.Next(1000, 10000).ToString(CultureInfo.InvariantCulture);
        var title = $"空调外机噪音扰邻{suffix}";
        var page = await NewPageAsync(new BrowserNewContextOptions { Locale = "zh-CN" });
        await LoginAsync(page, "mediator");

        // Intake.
        await page.GotoAsync("/mediation/cases/new");
        await WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("med-intake-ready")).ToHaveCountAsync(1);
        await ChooseAsync(page, "intake-committee", "茶东社区人民调解委员会");
        await ChooseAsync(page, "intake-source", "当事人申请（来访）");
        await ChooseAsync(page, "intake-type", "邻里纠纷");
        await Field(page, "intake-title").FillAsync(title);
        await Field(page, "intake-facts").FillAsync("茶东新村 3 幢 502 室空调外机装在 402 室卧室窗外，夜间噪音和震动影响 402 室老人休息。");
        await Field(page, "intake-claims").FillAsync("申请人要求 502 室将空调外机移位并加装减震垫。");
        await Field(page, "intake-people").FillAsync("2");
        var parties = page.GetByTestId("intake-party");
        await Field(parties.Nth(0), "party-name").FillAsync("邵国平");
        await Field(parties.Nth(1), "party-name").FillAsync("钟晓琳");
        await page.GetByTestId("intake-submit").ClickAsync();
        await page.WaitForURLAsync(new Regex("/mediation/cases/[0-9a-f-]{36}$"));
        await Expect(page.GetByTestId("med-case-ready")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("med-status")).ToContainTextAsync("已受理");
        var caseUrl = page.Url;

        // Two sittings: the first adjourned, the second reaching agreement. Far-future slots keep clear of other tests' bookings.
        var day = ChinaTime.ToLocal(DateTimeOffset.UtcNow).AddDays(400 + Random.Shared.Next(0, 300));
        await page.GetByRole(AriaRole.Tab, new() { Name = "调解" }).First.ClickAsync();
        await ScheduleAsync(page, day, 9);
        await Expect(page.GetByTestId("med-session")).ToHaveCountAsync(1);
        // Both parties told of the first sitting, one by phone and one in writing.
        var notices = page.GetByTestId("med-session").Nth(0).GetByTestId("session-notice");
        await notices.Nth(0).GetByTestId("notice-Phone").ClickAsync();
        await Expect(notices.Nth(0).GetByTestId("notice-done")).ToContainTextAsync("电话通知");
        await notices.Nth(1).GetByTestId("notice-Written").ClickAsync();
        await Expect(notices.Nth(1).GetByTestId("notice-done")).ToContainTextAsync("书面通知");
        await RecordAsync(page.GetByTestId("med-session").Nth(0), "双方陈述意见，502 室同意请安装师傅查看移位方案，择日再调。", "继续调解");
        await ScheduleAsync(page, day.AddDays(3), 14);
        await Expect(page.GetByTestId("med-session")).ToHaveCountAsync(2);
        await RecordAsync(page.GetByTestId("med-session").Nth(1), "502 室同意于两周内将外机移至北侧并加装减震垫，费用自理；402 室表示谅解。", "达成协议");
        await Expect(page.GetByTestId("med-session").Nth(1).GetByTestId("session-status")).ToContainTextAsync("已召开");

        // The agreement: filled in, issued, downloaded, signed.
        await page.GetByTestId("med-link-agreement").ClickAsync();
        await Expect(page.Locator("[data-testid=agreement-ready]")).ToHaveCountAsync(1);
        await Field(page, "agreement-responsibilities").FillAsync("502 室空调外机安装位置不当，应承担移位及减震费用。");
        await ChooseAsync(page, "obligation-party", new Regex("被申请人"));
        await Field(page, "obligation-content").FillAsync("将空调外机移至北侧外墙并加装减震垫");
        await Field(page, "obligation-manner").FillAsync("自行请安装师傅施工，费用自理");
        await Field(page, "obligation-due").FillAsync(ChinaTime.ToLocal(DateTimeOffset.UtcNow).AddDays(14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByTestId("agreement-save").ClickAsync();
        await Expect(page.Locator("[data-testid=agreement-ready][data-status=Draft]")).ToHaveCountAsync(1);
        await page.GetByTestId("agreement-issue").ClickAsync();
        await Expect(page.Locator("[data-testid=agreement-ready][data-status=Issued]")).ToHaveCountAsync(1);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("agreement-pdf").ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"journey-{Guid.NewGuid():N}.pdf");
        try
        {
            await download.SaveAsAsync(file);
            var text = (await PdfTextAsync(file)).Replace("\n", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
            foreach (var expected in new[] { "人民调解协议书", "邵国平", "钟晓琳", "空调外机移至北侧", "加装减震垫" })
            {
                Assert.True(text.Contains(expected, StringComparison.Ordinal), $"“{expected}” is not in the PDF's text: {text}");
            }
        }
        finally
        {
            File.Delete(file);
        }

        for (var party = 0; party < 2; party++)
        {
            var before = await page.GetByTestId("sign-party").CountAsync();
            await page.GetByTestId("sign-party").First.ClickAsync();
            await Expect(page.GetByTestId("sign-party")).ToHaveCountAsync(before - 1);
        }

        await page.GetByTestId("sign-mediator").ClickAsync();
        await Expect(page.GetByTestId("sign-mediator")).ToHaveCountAsync(0);
        await page.GetByTestId("sign-committee").ClickAsync();
        await Expect(page.Locator("[data-testid=agreement-ready][data-status=InEffect]")).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "mediation-journey-agreement-in-effect");

        var resolved = await App.WithDbAsync(db => db.Set<MediationCase>().AsNoTracking().Where(c => c.Title == title)
            .Select(c => new { c.Status, c.ResolvedTier, c.ClosedOn }).SingleAsync());
        Assert.Equal(DisputeStatus.Resolved, resolved.Status);
        Assert.Equal(Fengqiao.Mediation.Committees.MediationTier.VillageOrCommunity, resolved.ResolvedTier);
        Assert.NotNull(resolved.ClosedOn);

        // A follow-up visit, scheduled for today and recorded.
        await page.GotoAsync(caseUrl);
        await Expect(page.GetByTestId("med-status")).ToContainTextAsync("调解成功");
        await WaitForInteractiveAsync(page); // a click on the prerendered link while the circuit connects is lost
        await page.GetByTestId("med-link-follow-ups").ClickAsync();
        await Expect(page.GetByTestId("follow-ups-ready")).ToHaveCountAsync(1);
        var today = ChinaTime.ToLocal(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Field(page, "follow-up-schedule-date").FillAsync(today);
        await Field(page, "follow-up-schedule-date").PressAsync("Tab");
        await page.GetByTestId("follow-up-schedule-save").ClickAsync();
        var planned = page.GetByTestId("follow-up-table").Locator("tr").Filter(new() { HasText = today });
        await Expect(planned.GetByTestId("follow-up-record")).ToHaveCountAsync(1);
        await planned.GetByTestId("follow-up-record").ClickAsync();
        await ChooseAsync(page, "follow-up-way", "上门回访");
        await ChooseAsync(page, "follow-up-result", "协议已履行");
        await Field(page, "follow-up-notes").FillAsync("外机已移至北侧并加装减震垫，402 室老人反映夜间已安静。");
        await Field(page, "follow-up-notes").PressAsync("Tab");
        await page.GetByTestId("follow-up-save").ClickAsync();
        await Expect(page.GetByTestId("follow-up-visit").Filter(new() { HasText = "夜间已安静" })).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "mediation-journey-follow-up");
    }

    private static async Task ScheduleAsync(IPage page, DateTimeOffset day, int hour)
    {
        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Field(page, "schedule-starts").FillAsync($"{date}T{hour:00}:00");
        await Field(page, "schedule-ends").FillAsync($"{date}T{hour + 1:00}:30");
        await Field(page, "schedule-place").FillAsync("茶东社区党群服务中心二楼调解室");
        await page.GetByTestId("schedule-save").ClickAsync();
    }

    private static async Task RecordAsync(ILocator session, string minutes, string outcome)
    {
        await session.GetByTestId("session-record").ClickAsync();
        await Field(session, "record-minutes").FillAsync(minutes);
        await session.GetByText(outcome).ClickAsync();
        await session.GetByTestId("record-present").First.ClickAsync();
        await session.GetByTestId("record-save").ClickAsync();
        await Expect(session.GetByTestId("session-status")).ToContainTextAsync("已召开");
    }

    private static async Task<string> PdfTextAsync(string file)
    {
        var start = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, StandardOutputEncoding = System.Text.Encoding.UTF8 };
        foreach (var argument in new[] { "-enc", "UTF-8", file, "-" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return text;
    }
}
