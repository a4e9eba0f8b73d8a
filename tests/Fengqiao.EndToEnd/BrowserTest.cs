using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Fengqiao.EndToEnd;

/// <summary>
/// Helpers for one test: fresh browser contexts (closed afterwards), sign-in, waiting for the circuit, screenshots.
/// When the test ends it writes what each page showed, the browser's console errors and the server's warnings to the
/// test's output, which the runner prints only for a failed test — so a failure in CI explains itself.
/// </summary>
[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(BrowserFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>How much of a page's text the end-of-test report keeps.</summary>
    private const int PageTextLimit = 3000;

    private readonly List<IBrowserContext> _contexts = [];
    private readonly ConcurrentQueue<string> _browserMessages = new();
    private readonly long _serverLogMark = fixture.App.ServerLog.Mark;

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
        context.Page += (_, page) => Watch(page);
        return await context.NewPageAsync();
    }

    private void Watch(IPage page)
    {
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                _browserMessages.Enqueue($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} console {message.Type} at {page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => _browserMessages.Enqueue($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} page error at {page.Url}: {error}");
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

    /// <summary>
    /// Chooses files in a Blazor <c>InputFile</c> once it listens for them. The server initialises the input after it is
    /// rendered, in a later message than the page's data, so a file chosen as soon as the input appears can be lost
    /// (seen under CI load right after a step brought the photo pickers). Waits for the property Blazor's script sets on
    /// the input when it initialises it, then chooses.
    /// </summary>
    protected static async Task ChooseFilesAsync(IPage page, string testId, params FilePayload[] files)
    {
        await page.WaitForFunctionAsync(
            "id => document.querySelector(`[data-testid='${id}']`)?._blazorInputFileNextFileId !== undefined",
            testId,
            new PageWaitForFunctionOptions { Timeout = 30_000, PollingInterval = 50 });
        await page.GetByTestId(testId).SetInputFilesAsync(files);
    }

    /// <summary>
    /// Types <paramref name="typed"/> into the MudAutocomplete carrying the test id and clicks the suggestion containing
    /// <paramref name="option"/>, until the field shows it as chosen (its text contains <paramref name="option"/>). Under
    /// CI load a click on a suggestion can land while the list is being redrawn by the search of the text typed, and
    /// the choice is then lost (seen once: the grid import checked its file without the community); so the field's own
    /// text, written by the server when it takes the choice, is the sign to go on, and a lost choice is made again.
    /// </summary>
    protected static async Task PickSuggestionAsync(IPage page, string testId, string typed, string option)
    {
        var input = Field(page, testId);
        for (var attempt = 1; ; attempt++)
        {
            await input.FillAsync(typed);
            await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = option }).First.ClickAsync();
            try
            {
                await Expect(input).ToHaveValueAsync(new Regex(Regex.Escape(option)), new() { Timeout = 5000 });
                await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
                // The choice did not take: type and choose again.
            }
        }
    }

    /// <summary>The input inside a MudBlazor field carrying the test id (MudBlazor puts attributes on the input, or on a wrapper).</summary>
    protected static ILocator Field(IPage page, string testId) => Field(page.Locator("body"), testId);

    /// <summary>The input carrying the test id inside <paramref name="scope"/>, e.g. one row of a repeated form.</summary>
    protected static ILocator Field(ILocator scope, string testId) =>
        scope.Locator($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea").First;

    /// <summary>Picks the option whose whole text is <paramref name="option"/> in the MudSelect carrying the test id.</summary>
    protected static Task ChooseAsync(IPage page, string testId, string option) => ChooseAsync(page.Locator("body"), page, testId, option);

    /// <summary>Picks the first option matching <paramref name="option"/> in the MudSelect carrying the test id.</summary>
    protected static Task ChooseAsync(IPage page, string testId, Regex option) => ChooseAsync(page.Locator("body"), page, testId, option);

    /// <summary>Picks an option in the MudSelect carrying the test id inside <paramref name="scope"/>.</summary>
    protected static Task ChooseAsync(ILocator scope, IPage page, string testId, string option) =>
        ChooseAsync(scope, page, testId, new Regex($"^\\s*{Regex.Escape(option)}\\s*$"));

    /// <summary>
    /// A MudSelect opens from its container and lists its options in a popover at the end of the page; the first option
    /// matching <paramref name="option"/> is clicked, and the list must close before the test goes on (a click on the
    /// next field while it is open lands on the overlay).
    /// </summary>
    protected static async Task ChooseAsync(ILocator scope, IPage page, string testId, Regex option)
    {
        await scope.Locator($"div.mud-input-control:has([data-testid={testId}])").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = option }).First.ClickAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    protected async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, name + ".png"), FullPage = true });

    protected static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    protected static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        output.WriteLine(await ReportAsync());
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
    }

    /// <summary>The state the test left: every open page's address and text, console errors, server warnings.</summary>
    private async Task<string> ReportAsync()
    {
        var report = new StringBuilder($"--- end of test, {DateTimeOffset.UtcNow:HH:mm:ss.fff} UTC ---").AppendLine();
        foreach (var page in _contexts.SelectMany(c => c.Pages))
        {
            report.AppendLine($"page {page.Url}");
            try
            {
                // A page stuck in a script must not hold the test up: the report is best effort.
                var text = await page.EvaluateAsync<string>("() => document.body ? document.body.innerText : ''").WaitAsync(TimeSpan.FromSeconds(5));
                report.AppendLine(text.Length > PageTextLimit ? text[..PageTextLimit] + " …" : text);
            }
            catch (Exception exception) when (exception is PlaywrightException or TimeoutException)
            {
                report.AppendLine($"(page text not readable: {exception.Message})");
            }
        }

        foreach (var message in _browserMessages)
        {
            report.AppendLine(message);
        }

        foreach (var entry in fixture.App.ServerLog.Since(_serverLogMark))
        {
            report.AppendLine("server " + entry);
        }

        return report.ToString();
    }
}
