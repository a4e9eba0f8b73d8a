using Fengqiao.Kernel.Identity;

namespace Fengqiao.EndToEnd;

/// <summary>Each demo role signs in through the form, lands on the workbench and sees exactly its own menu.</summary>
public sealed class NavigationTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private static readonly string[] Staff = [Roles.GridWorker, Roles.CommunityWorker, Roles.Mediator, Roles.StreetOfficer, Roles.Supervisor, Roles.Administrator];
    private static readonly string[] NoticeSenders = [Roles.CommunityWorker, Roles.StreetOfficer, Roles.Supervisor, Roles.Administrator];
    private static readonly string[] Auditors = [Roles.Administrator, Roles.Supervisor];
    private static readonly string[] ResidentImporters = [Roles.CommunityWorker, Roles.StreetOfficer, Roles.Administrator];
    private static readonly string[] MediationReaders = [Roles.Mediator, Roles.CommunityWorker, Roles.StreetOfficer, Roles.Supervisor, Roles.Administrator];
    private static readonly string[] MediationWorkers = [Roles.Mediator, Roles.CommunityWorker, Roles.StreetOfficer, Roles.Administrator];

    /// <summary>Every role-dependent item of the staff menu (the link to the public site is shown to all).</summary>
    private static readonly string[] RoleItems = ["workbench", "inbox", "units", "divisions", "map", "organisations", "residents", "resident-import", "notices", "audit", "admin-users", "admin-calendar", "triage", "admin-categories", "admin-routing", "account", "mediation", "mediation-cases", "mediation-intake", "mediation-dashboard"];
    private static readonly string[] Triagers = [Roles.CommunityWorker, Roles.StreetOfficer, Roles.Supervisor, Roles.Administrator];

    [BrowserTheory]
    [InlineData("admin")]
    [InlineData("supervisor")]
    [InlineData("street")]
    [InlineData("community")]
    [InlineData("grid")]
    [InlineData("grid2")]
    [InlineData("mediator")]
    [InlineData("handler")]
    [InlineData("informant")]
    [InlineData("resident")]
    public async Task Each_role_lands_on_the_workbench_and_sees_exactly_its_menu(string userName)
    {
        var role = App.Account(userName).Role;
        var page = await NewPageAsync();

        await LoginAsync(page, userName);
        await WaitForInteractiveAsync(page);

        Assert.EndsWith("/workbench", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await Expect(page.GetByTestId("current-user")).ToHaveTextAsync(App.Account(userName).DisplayName);
        var shown = (await page.Locator("[data-nav]").EvaluateAllAsync<string[]>("els => els.map(e => e.getAttribute('data-nav'))"))
            .Where(RoleItems.Contains).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(ExpectedMenu(role).Order(StringComparer.Ordinal), shown);
        await ScreenshotAsync(page, $"login-as-{userName}");
    }

    private static IEnumerable<string> ExpectedMenu(string role)
    {
        yield return "workbench";
        yield return "inbox";
        if (Staff.Contains(role))
        {
            yield return "units";
            yield return "divisions";
            yield return "map";
            yield return "organisations";
            yield return "residents";
        }

        if (ResidentImporters.Contains(role))
        {
            yield return "resident-import";
        }

        if (NoticeSenders.Contains(role))
        {
            yield return "notices";
        }

        if (MediationReaders.Contains(role))
        {
            yield return "mediation";
            yield return "mediation-cases";
            yield return "mediation-dashboard";
        }

        if (MediationWorkers.Contains(role))
        {
            yield return "mediation-intake";
        }

        if (Triagers.Contains(role))
        {
            yield return "triage";
        }

        if (Auditors.Contains(role))
        {
            yield return "audit";
        }

        if (role == Roles.Administrator)
        {
            yield return "admin-users";
            yield return "admin-calendar";
            yield return "admin-categories";
            yield return "admin-routing";
        }

        yield return "account";
    }
}
