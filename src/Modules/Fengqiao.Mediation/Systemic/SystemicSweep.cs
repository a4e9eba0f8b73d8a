using Fengqiao.Kernel.Access;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fengqiao.Mediation.Systemic;

/// <summary>
/// The periodic run of the detectors: a rise against the baseline can appear (or a window can move) without any dispute
/// changing. Runs as the system every <see cref="SystemicOptions.SweepMinutes"/> minutes (first run after one interval).
/// </summary>
internal sealed class SystemicSweep(IServiceScopeFactory scopes, IOptionsMonitor<SystemicOptions> options, TimeProvider clock, ILogger<SystemicSweep> logger)
    : BackgroundService
{
    /// <summary>One sweep in a system scope; also what <c>POST /mediation/systemic-issues/sweep</c> runs.</summary>
    public static async Task<int> RunOnceAsync(IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateSystemScope();
        var touched = await scope.ServiceProvider.GetRequiredService<SystemicDetector>().SweepAsync(cancellationToken);
        return touched.Distinct().Count();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var minutes = options.CurrentValue.SweepMinutes;
            try
            {
                await Task.Delay(TimeSpan.FromMinutes(minutes <= 0 ? 60 : minutes), clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (options.CurrentValue.SweepMinutes <= 0)
            {
                continue;
            }

            try
            {
                await RunOnceAsync(scopes, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Systemic issue sweep failed; the next one runs on schedule");
            }
        }
    }
}
