using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fengqiao.Mediation.Committees;
using Microsoft.Playwright;

namespace Fengqiao.EndToEnd;

/// <summary>
/// The agreement page in a real browser: a mediator tries to issue an incomplete agreement (told in Chinese what is
/// missing), completes it, issues it, downloads the PDF whose text holds the parties' names and the obligation, and
/// records the signatures until the agreement takes effect.
/// </summary>
public sealed class MediationAgreementPageTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private const string Cases = "/api/v1/mediation/cases";

    [BrowserFact]
    public async Task A_mediator_fills_issues_and_downloads_an_agreement_and_records_the_signatures()
    {
        var caseId = await AgreedCaseAsync("卞志强", "祝海燕");
        var page = await NewPageAsync();
        await LoginAsync(page, "mediator");
        await page.GotoAsync($"/mediation/cases/{caseId}/agreement");
        await WaitForInteractiveAsync(page);
        await Expect(page.Locator("[data-testid=agreement-ready]")).ToHaveCountAsync(1);
        await Expect(Field(page, "agreement-facts")).ToHaveValueAsync(new Regex("卞志强"));

        // Issuing an agreement without responsibilities or an obligation is refused, every missing element named.
        await page.GetByTestId("agreement-save").ClickAsync();
        await Expect(page.Locator("[data-testid=agreement-ready][data-status=Draft]")).ToHaveCountAsync(1);
        await page.GetByTestId("agreement-issue").ClickAsync();
        await Expect(page.GetByTestId("agreement-error")).ToContainTextAsync("各方当事人的责任");
        await Expect(page.GetByTestId("agreement-error")).ToContainTextAsync("第 1 项义务的义务人");
        await Expect(page.GetByTestId("agreement-missing")).ToContainTextAsync("履行期限");

        await Field(page, "agreement-responsibilities").FillAsync("被申请人长期占用申请人车位，应承担全部责任。");
        await ChooseAsync(page, "obligation-party", new Regex("被申请人"));
        await Field(page, "obligation-content").FillAsync("腾退车位并赔礼道歉");
        await Field(page, "obligation-manner").FillAsync("自行移走车辆");
        await Field(page, "obligation-due").FillAsync(DateTime.Today.AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByTestId("agreement-issue").ClickAsync();
        await Expect(page.Locator("[data-testid=agreement-ready][data-status=Issued]")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("obligation-table")).ToContainTextAsync("腾退车位并赔礼道歉");
        await ScreenshotAsync(page, "mediation-agreement-issued");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("agreement-pdf").ClickAsync());
        Assert.EndsWith(".pdf", download.SuggestedFilename, StringComparison.Ordinal);
        var file = Path.Combine(Path.GetTempPath(), $"agreement-{Guid.NewGuid():N}.pdf");
        try
        {
            await download.SaveAsAsync(file);
            var text = (await PdfTextAsync(file)).Replace("\n", "", StringComparison.Ordinal);
            Assert.Contains("人民调解协议书", text, StringComparison.Ordinal);
            Assert.Contains("卞志强", text, StringComparison.Ordinal);
            Assert.Contains("祝海燕", text, StringComparison.Ordinal);
            Assert.Contains("腾退车位并赔礼道歉", text, StringComparison.Ordinal);
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
        await Expect(page.GetByTestId("agreement-confirmation")).ToBeVisibleAsync();
    }

    private async Task<Guid> AgreedCaseAsync(string applicant, string respondent)
    {
        using var api = await App.ClientForAsync("mediator");
        var committees = await api.GetFromJsonAsync<JsonElement>("/api/v1/mediation/committees?unit=320282001001");
        var committeeId = committees.EnumerateArray().Single(c => c.GetProperty("name").GetString() == DemoCommittees.CommunityCommitteeName).GetProperty("id").GetGuid();
        var intake = await api.PostAsJsonAsync(Cases, new
        {
            committeeId, source = "ApplicationWalkIn", type = "Neighbourhood", title = "车位被长期占用", peopleInvolved = 2,
            facts = $"{applicant}与{respondent}系同楼邻居，{respondent}自 2026 年 8 月起占用{applicant}名下车位。", claims = "要求腾退车位、赔礼道歉。",
            parties = new object[] { new { kind = "Person", role = "Applicant", name = applicant }, new { kind = "Person", role = "Respondent", name = respondent } },
        });
        Assert.True(intake.IsSuccessStatusCode, await intake.Content.ReadAsStringAsync());
        var caseId = (await intake.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var start = new DateTimeOffset(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Date.AddDays(700 + Random.Shared.Next(0, 300)).AddHours(9), TimeSpan.FromHours(8));
        var session = await api.PostAsJsonAsync($"{Cases}/{caseId}/sessions", new { startsAt = start, endsAt = start.AddHours(2), place = "茶东社区调解室" });
        Assert.True(session.IsSuccessStatusCode, await session.Content.ReadAsStringAsync());
        var sessionId = (await session.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var recorded = await api.PostAsJsonAsync($"{Cases}/{caseId}/sessions/{sessionId}/record", new { minutes = "双方自愿达成协议。", outcome = "AgreementReached" });
        Assert.True(recorded.IsSuccessStatusCode, await recorded.Content.ReadAsStringAsync());
        return caseId;
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
