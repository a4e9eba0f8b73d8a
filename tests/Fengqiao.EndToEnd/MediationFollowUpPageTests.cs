using System.Net.Http.Json;
using Fengqiao.Mediation.Committees;
using Fengqiao.Mediation.Disputes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Fengqiao.EndToEnd;

/// <summary>The follow-up page of a resolved mediation case: the mediator records a home visit and sees it done.</summary>
public sealed class MediationFollowUpPageTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [BrowserFact]
    public async Task Mediator_records_a_home_visit_on_the_follow_up_page()
    {
        var api = await App.ClientForAsync("mediator");
        var committees = await api.GetFromJsonAsync<List<CommitteeRow>>("/api/v1/mediation/committees?unit=320282001001");
        var created = await api.PostAsJsonAsync("/api/v1/mediation/cases", new
        {
            committeeId = committees!.Single(c => c.Name == DemoCommittees.CommunityCommitteeName).Id,
            source = "ApplicationWalkIn", type = "Neighbourhood", title = "雨棚滴水扰邻", peopleInvolved = 2,
            facts = "茶东新村 8 幢 401 室雨棚滴水落在 301 室窗台，噪声扰民。", claims = "要求加装导水槽。",
            parties = new object[] { new { kind = "Person", role = "Applicant", name = "俞建民" }, new { kind = "Person", role = "Respondent", name = "包丽华" } },
        });
        var caseId = (await created.Content.ReadFromJsonAsync<CaseRow>())!.Id;
        var closedOn = await App.WithDbAsync(async db =>
        {
            var dispute = await db.Set<MediationCase>().SingleAsync(c => c.Id == caseId);
            dispute.Resolve(DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
            return dispute.ClosedOn!.Value;
        });
        var scheduled = await api.PostAsJsonAsync($"/api/v1/mediation/cases/{caseId}/follow-ups", new { dueOn = closedOn });
        Assert.True(scheduled.IsSuccessStatusCode, await scheduled.Content.ReadAsStringAsync());

        var page = await NewPageAsync();
        await LoginAsync(page, "mediator");
        await page.GotoAsync($"/mediation/cases/{caseId}/follow-ups");
        await WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("follow-ups-ready")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("follow-up-status")).ToHaveTextAsync("待回访");

        await page.GetByTestId("follow-up-record").ClickAsync();
        await ChooseAsync(page, "follow-up-way", "上门回访");
        await ChooseAsync(page, "follow-up-result", "协议已履行");
        await Field(page, "follow-up-notes").FillAsync("已加装导水槽，双方表示满意。");
        await Field(page, "follow-up-notes").PressAsync("Tab");
        await page.GetByTestId("follow-up-save").ClickAsync();

        await Expect(page.GetByTestId("follow-up-status")).ToHaveTextAsync("已回访");
        await Expect(page.GetByTestId("follow-up-visit")).ToContainTextAsync("上门回访");
        await Expect(page.GetByTestId("follow-up-visit")).ToContainTextAsync("已加装导水槽");
        await ScreenshotAsync(page, "mediation-follow-up-recorded");
    }

    private sealed record CommitteeRow(Guid Id, string Name);

    private sealed record CaseRow(Guid Id);
}
