namespace Fengqiao.EndToEnd;

/// <summary>
/// Where the browser tests can run: Debian's Chromium (FENGQIAO_CHROMIUM, default /usr/bin/chromium). On a machine
/// without it they are reported as skipped with the reason — unless FENGQIAO_REQUIRE_BROWSER=1 (CI), where a
/// missing browser is a failure, not a skip.
/// </summary>
public static class BrowserAvailability
{
    public static string ExecutablePath { get; } = Environment.GetEnvironmentVariable("FENGQIAO_CHROMIUM") ?? "/usr/bin/chromium";

    public static bool IsRequired { get; } = Environment.GetEnvironmentVariable("FENGQIAO_REQUIRE_BROWSER") == "1";

    public static string? SkipReason { get; } = File.Exists(ExecutablePath) || IsRequired
        ? null
        : $"Chromium not found at {ExecutablePath}: install it (apt-get install chromium fonts-wqy-microhei) or set FENGQIAO_CHROMIUM.";
}

/// <summary>A browser test: skipped with a reason where no Chromium is installed (see <see cref="BrowserAvailability"/>).</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute() => Skip = BrowserAvailability.SkipReason;
}

/// <summary>A browser theory: skipped with a reason where no Chromium is installed.</summary>
public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    public BrowserTheoryAttribute() => Skip = BrowserAvailability.SkipReason;
}
