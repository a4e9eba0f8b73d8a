using Fengqiao.Kernel.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;

namespace Fengqiao.Web.Hosting;

internal static class ObservabilitySetup
{
    public static IServiceCollection AddFengqiaoObservability(this IServiceCollection services)
    {
        services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Fengqiao")
                .AddPrometheusExporter());
        services.AddHealthChecks()
            .AddDbContextCheck<FengqiaoDbContext>("database", tags: ["ready"]);
        return services;
    }

    /// <summary>/health/live answers while the process runs; /health/ready also needs the database; /metrics for Prometheus.</summary>
    public static WebApplication MapFengqiaoHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).DisableRateLimiting();
        app.MapHealthChecks("/health/ready", new()
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
