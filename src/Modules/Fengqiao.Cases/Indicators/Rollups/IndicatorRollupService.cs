using Fengqiao.Kernel.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fengqiao.Cases.Indicators.Rollups;

/// <summary>Settings of the indicator roll-ups (<c>Cases:Indicators:Rollups</c>).</summary>
public sealed class IndicatorRollupOptions
{
    public const string Section = "Cases:Indicators:Rollups";

    /// <summary>How often each node recomputes dirty buckets; readers are exact meanwhile, only slower per dirty bucket.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Buckets recomputed per transaction; unset: 500 on PostgreSQL, 25 on SQLite (whose transaction holds the only write
    /// lock, which intake waits for). Between rounds other writers get in.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, IndicatorRollups.MaxBucketsPerRefresh)]
    public int? BucketsPerRound { get; set; }

    /// <summary>
    /// SQLite: marks (new cases, mostly) a round takes at most, counted when the refresh chose its buckets
    /// (<see cref="IndicatorRollups.SqliteNewCasesPerRound"/> unless set; at least one bucket a round).
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, int.MaxValue)]
    public int? NewCasesPerRound { get; set; }
}

/// <summary>
/// Runs <see cref="IndicatorRollups"/> on every node: at start a rebuild when cases exist but no roll-ups do, or when
/// cases lack stage working times (stored before they were kept: backfilled first), then a
/// refresh of the dirty buckets every <see cref="IndicatorRollupOptions.RefreshInterval"/> (the nodes take turns
/// under the refresher's lock).
/// </summary>
internal sealed class IndicatorRollupService(
    IServiceScopeFactory scopes, IOptionsMonitor<IndicatorRollupOptions> options, ILogger<IndicatorRollupService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateSystemScope();
                var rollups = scope.ServiceProvider.GetRequiredService<IndicatorRollups>();
                if (!started)
                {
                    if (await rollups.RebuildIfNeededAsync(stoppingToken))
                    {
                        logger.LogInformation("Indicator roll-ups were empty or cases lacked stage working times; backfilled and rebuilt from the cases");
                    }

                    started = true;
                }
                else
                {
                    var outcome = await rollups.RefreshAsync(stoppingToken);
                    if (outcome.Buckets > 0)
                    {
                        // The refresh's cost under load (bench/intake.sh summarises these lines).
                        logger.LogDebug(
                            "Indicator roll-up refresh: {Buckets} buckets in {Rounds} rounds, {WorkMilliseconds:F1} ms of work",
                            outcome.Buckets, outcome.Rounds, outcome.Work.TotalMilliseconds);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is DbUpdateException or InvalidOperationException or TimeoutException or System.Data.Common.DbException)
            {
                logger.LogWarning(exception, "Indicator roll-up refresh failed; retrying at the next interval");
            }

            try
            {
                await Task.Delay(options.CurrentValue.RefreshInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

/// <summary>Registration of the roll-ups (called once at the end of <see cref="CasesModule.AddCases"/>).</summary>
internal static class IndicatorRollupsSetup
{
    public static IServiceCollection AddIndicatorRollups(this IServiceCollection services)
    {
        services.AddOptions<IndicatorRollupOptions>().BindConfiguration(IndicatorRollupOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<IndicatorRollups>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, CaseIndicatorDirtyMarker>();
        services.AddHostedService<IndicatorRollupService>();
        return services;
    }
}
