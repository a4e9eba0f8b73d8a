using Fengqiao.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Fengqiao.EndToEnd;

/// <summary>The demo host served by Kestrel on a free port, so that a real browser can reach it.</summary>
public sealed class KestrelFengqiaoApp : FengqiaoApp
{
    /// <summary>The host's warnings and errors, for a test to print when it ends.</summary>
    public ServerLog ServerLog { get; } = new();

    public override async Task InitializeAsync()
    {
        UseKestrel(0);
        await base.InitializeAsync();
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Outside Development the host serves only published assets; a browser against the build output needs
        // blazor.web.js and MudBlazor's files from the static web assets manifest.
        builder.UseStaticWebAssets();
        builder.ConfigureLogging(logging => logging.AddProvider(ServerLog));
    }

    /// <summary>The address the browser opens, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress => ClientOptions.BaseAddress;
}

/// <summary>
/// One host and one headless Chromium shared by every end-to-end test; each test opens its own browser context
/// (own cookies, own viewport). The browser is the machine's Chromium: Playwright never downloads one.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public KestrelFengqiaoApp App { get; } = new();

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>Absolute folder for screenshots: FENGQIAO_SCREENSHOTS, or artifacts/screenshots at the repository root.</summary>
    public string ScreenshotDirectory { get; } = ResolveScreenshotDirectory();

    public async Task InitializeAsync()
    {
        if (BrowserAvailability.SkipReason is not null)
        {
            return; // every test is skipped with the reason; nothing to start
        }

        Directory.CreateDirectory(ScreenshotDirectory);
        // CI runs the API suite beside the browser suite on two cores: give assertions room before calling it a failure.
        Assertions.SetDefaultExpectTimeout(10_000);
        await App.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserAvailability.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (BrowserAvailability.SkipReason is null)
        {
            await ((IAsyncLifetime)App).DisposeAsync();
        }
    }

    private static string ResolveScreenshotDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("FENGQIAO_SCREENSHOTS");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Fengqiao.slnx")))
            {
                return Path.Combine(directory.FullName, "artifacts", "screenshots");
            }
        }

        return Path.GetFullPath(Path.Combine("artifacts", "screenshots"));
    }
}

/// <summary>All browser tests share one host and one browser, and so run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
