using Microsoft.Playwright;

namespace Fengqiao.EndToEnd;

/// <summary>Helpers for one test: fresh browser contexts (closed afterwards), sign-in, waiting for the circuit, screenshots.</summary>
[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(BrowserFixture fixture) : IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];

    protected KestrelFengqiaoApp App => fixture.App;

    /// <summary>An absolute URL on the test host for a path such as "/login".</summary>
    protected string Url(string path) => new Uri(App.BaseAddress, path).ToString();

    protected async Task<IPage> NewPageAsync(BrowserNewContextOptions? options = null)
    {
        options ??= new BrowserNewContextOptions();
        options.BaseURL = App.BaseAddress.ToString();
        options.Locale ??= "en-US";
        var context = await fixture.Browser.NewContextAsync(options);
        context.SetDefaultTimeout(15_000);
        _contexts.Add(context);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the login form and waits for the workbench.</summary>
    protected async Task LoginAsync(IPage page, string userName, string? password = null)
    {
        await page.GotoAsync("/login");
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", password ?? App.Account(userName).Password);
        await page.ClickAsync("form[data-testid=login-form] button[type=submit]");
        await page.WaitForURLAsync("**/workbench");
    }

    /// <summary>Staff pages are prerendered; they answer clicks only once the circuit is up.</summary>
    protected static Task WaitForInteractiveAsync(IPage page) =>
        page.Locator("[data-testid=interactive]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    protected async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, name + ".png"), FullPage = true });

    protected static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    protected static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
    }
}
