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

    /// <summary>
    /// Clicks until <paramref name="appears"/> is visible: a click that lands on the prerendered copy of a button while
    /// the interactive component is still initialising is lost (Blazor replaces the element), so one retry per second
    /// for up to 15 s stands in for a ready marker the page does not have.
    /// </summary>
    protected static async Task ClickUntilVisibleAsync(ILocator button, ILocator appears)
    {
        for (var attempt = 1; ; attempt++)
        {
            await button.ClickAsync();
            try
            {
                await appears.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 1000 });
                return;
            }
            catch (TimeoutException) when (attempt < 15)
            {
                // Not yet: click again (the button is still there, or the next click fails with Playwright's own message).
            }
        }
    }

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
