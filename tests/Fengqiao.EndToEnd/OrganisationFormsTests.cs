using System.Text.RegularExpressions;
using Fengqiao.Places.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Fengqiao.EndToEnd;

/// <summary>
/// The community worker registers an organisation of 茶东社区 and a member of it on the organisations page: 政社分离,
/// a missing or wrong credit code and a bad phone are explained beside their fields and write nothing; the party-tree
/// parent choice offers only higher-ranking party organisations.
/// </summary>
public sealed class OrganisationFormsTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [BrowserFact]
    public async Task Community_worker_registers_an_organisation_and_adds_and_ends_a_member()
    {
        var name = $"茶东社区睦邻互助会{Random.Shared.Next(100, 1000)}";
        var body = "5132028200" + Random.Shared.Next(1_000_000, 10_000_000);
        var creditCode = body + UnifiedSocialCreditCode.CheckCharacter(body);
        var wrongCheck = body + (creditCode[^1] == '0' ? '1' : '0');

        var page = await NewPageAsync(new BrowserNewContextOptions { Locale = "zh-CN" });
        await LoginAsync(page, "community");
        await page.GotoAsync("/places/organisations");
        await WaitForInteractiveAsync(page);
        var form = page.GetByTestId("organisation-form");
        await ClickUntilVisibleAsync(page.GetByTestId("organisation-new"), form);
        await Expect(Field(page, "org-unit")).ToHaveValueAsync(new Regex("茶东社区"));

        // 政社分离: 茶东社区 already has its residents' committee.
        await ChooseAsync(page, "org-kind", "居民委员会");
        await Expect(page.GetByTestId("org-separation-note")).ToBeVisibleAsync();
        await Field(page, "org-name").FillAsync("茶东社区第二居民委员会");
        await page.GetByTestId("org-submit").ClickAsync();
        await Expect(page.GetByTestId("org-separation-error")).ToContainTextAsync("一个社区只能有一个居民委员会");
        await Expect(page.GetByTestId("org-separation-error")).ToContainTextAsync("茶东社区居民委员会");
        await ScreenshotAsync(page, "organisation-separation-as-community");

        // A party group may hang under the branch or the general branch, not under another party group.
        await ChooseAsync(page, "org-kind", "党小组");
        await OpenSelectAsync(page, "org-parent");
        var parents = page.Locator(".mud-popover-open .mud-list-item");
        await Expect(parents.Filter(new() { HasText = "茶东社区第一党支部（" })).ToHaveCountAsync(1);
        await Expect(parents.Filter(new() { HasText = "茶东社区党总支" })).ToHaveCountAsync(1);
        await Expect(parents.Filter(new() { HasText = "第一党小组" })).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("Escape");

        await ChooseAsync(page, "org-kind", "社会组织");
        await Expect(page.GetByTestId("org-separation-note")).ToHaveCountAsync(0);
        await Field(page, "org-name").FillAsync(name);
        await page.GetByTestId("org-submit").ClickAsync();
        await Expect(form).ToContainTextAsync("社会组织须填写统一社会信用代码");
        await Field(page, "org-credit-code").FillAsync(wrongCheck);
        await page.GetByTestId("org-submit").ClickAsync();
        await Expect(form).ToContainTextAsync("校验位不正确");
        Assert.False(await App.WithDbAsync(db => db.Set<Organisation>().AnyAsync(o => o.Name == name || o.Name == "茶东社区第二居民委员会")));

        await Field(page, "org-credit-code").FillAsync(creditCode.ToLowerInvariant());
        await page.GetByTestId("org-submit").ClickAsync();
        await Expect(page.GetByTestId("organisation-table")).ToContainTextAsync(name);
        var members = page.GetByTestId("organisation-members");
        await Expect(members).ToContainTextAsync(name);
        Assert.Equal(creditCode, await App.WithDbAsync(db => db.Set<Organisation>().Where(o => o.Name == name).Select(o => o.CreditCode).SingleAsync()));

        // The page is still reloading the list and tree after the create (the submit button stays disabled until
        // then); typing before that re-render finishes could lose the text.
        await Expect(page.GetByTestId("member-submit")).ToBeEnabledAsync();
        await FillMemberAsync(page, "李秀英", "会长", "1391234");
        await page.GetByTestId("member-submit").ClickAsync();
        await Expect(page.GetByTestId("member-form")).ToContainTextAsync("应为 11 位");
        await Expect(page.GetByTestId("organisation-member")).ToHaveCountAsync(0);

        await Field(page, "member-phone").FillAsync("13912345678");
        await page.GetByTestId("member-submit").ClickAsync();
        var member = page.GetByTestId("organisation-member");
        await Expect(member).ToHaveCountAsync(1);
        await Expect(member).ToContainTextAsync("会长");
        await Expect(member).ToContainTextAsync("139****5678");
        await Expect(members).Not.ToContainTextAsync("13912345678");
        await ScreenshotAsync(page, "organisation-member-as-community");

        await member.GetByTestId("member-end").ClickAsync();
        await page.GetByTestId("member-end-confirm").ClickAsync();
        await Expect(member.GetByTestId("member-term")).ToContainTextAsync("–");
        await Expect(member.GetByTestId("member-end")).ToHaveCountAsync(0);
        Assert.True(await App.WithDbAsync(db => db.Set<OrganisationMember>().AnyAsync(m => m.Name == "李秀英" && m.To != null)));
    }

    /// <summary>A MudSelect opens from its container: the test id is on its input, or on the text shown once a value is chosen.</summary>
    private static Task OpenSelectAsync(IPage page, string testId) =>
        page.Locator($"div.mud-input-control:has([data-testid={testId}])").First.ClickAsync();

    /// <summary>
    /// Fills the member form and waits until the server's render shows the values back: under load a re-render of
    /// the page can arrive after typing and clear the form, which would then be submitted empty. Filled again if so.
    /// </summary>
    private static async Task FillMemberAsync(IPage page, string name, string role, string phone)
    {
        for (var attempt = 1; ; attempt++)
        {
            await Field(page, "member-name").FillAsync(name);
            await Field(page, "member-role").FillAsync(role);
            await Field(page, "member-phone").FillAsync(phone);
            await Field(page, "member-phone").PressAsync("Tab");
            try
            {
                await Expect(Field(page, "member-name")).ToHaveValueAsync(name, new() { Timeout = 3_000 });
                await Expect(Field(page, "member-phone")).ToHaveValueAsync(phone, new() { Timeout = 3_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
            }
        }
    }
}
