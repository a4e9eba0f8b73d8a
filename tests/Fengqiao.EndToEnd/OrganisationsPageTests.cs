namespace Fengqiao.EndToEnd;

/// <summary>The organisations page: 茶东社区's organisations with kind chips and member counts, and its party tree.</summary>
public sealed class OrganisationsPageTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [BrowserFact]
    public async Task Community_worker_sees_the_organisations_and_the_party_tree()
    {
        var page = await NewPageAsync();
        await LoginAsync(page, "community");

        await page.GotoAsync("/places/organisations");
        await WaitForInteractiveAsync(page);

        await Expect(page.GetByTestId("organisation-table")).ToContainTextAsync("茶东社区居民委员会");
        await Expect(page.GetByTestId("organisation-table")).ToContainTextAsync("茶东社区事务工作站");
        await Expect(page.Locator("[data-kind=PartyGeneralBranch]")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("party-tree")).ToContainTextAsync("茶东社区党总支");
        await Expect(page.GetByTestId("party-tree")).ToContainTextAsync("茶东社区第一党支部第一党小组");
        await Expect(page.GetByTestId("party-node")).ToHaveCountAsync(3);
        await page.GetByTestId("organisation-table").GetByText("茶东社区党总支").ClickAsync();
        await Expect(page.GetByTestId("organisation-members")).ToContainTextAsync("138****0201");
        await Expect(page.GetByTestId("organisation-members")).Not.ToContainTextAsync("13861500201");
        await Expect(page.GetByTestId("organisation-member")).ToHaveCountAsync(2);
        await ScreenshotAsync(page, "organisations-as-community");
    }
}
