using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Data;
using Fengqiao.Web.Platform.Setup;
using Microsoft.Extensions.Options;

namespace Fengqiao.Web.Platform.Demo;

internal static class DatabaseStartup
{
    /// <summary>Demo options and the record of what this process seeded; shared by the web host and the CLI.</summary>
    public static IServiceCollection AddFengqiaoDemo(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DemoOptions>(configuration.GetSection(DemoOptions.Section));
        services.AddSingleton<DemoSeedResult>();
        return services;
    }

    /// <summary>Migrates (when configured) and, outside Production, seeds the demo on the first start.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().SetSystem();
        var database = scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (database.MigrateOnStart)
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
        }

        var demo = scope.ServiceProvider.GetRequiredService<IOptions<DemoOptions>>().Value;
        if (!demo.Seed || app.Environment.IsProduction())
        {
            return;
        }

        var directory = demo.DivisionsDirectory ?? DemoDivisions.Locate(app.Environment.ContentRootPath);
        var accounts = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(directory, null, app.Lifetime.ApplicationStopping);
        scope.ServiceProvider.GetRequiredService<DemoSeedResult>().Accounts = accounts;
        var classifierFile = DemoClassifier.Locate(demo.ClassifierTrainingFile, app.Environment.ContentRootPath, AppContext.BaseDirectory);
        if (await DemoClassifier.SeedAsync(scope.ServiceProvider, classifierFile, app.Lifetime.ApplicationStopping) is { } line)
        {
            app.Logger.LogInformation("{DemoClassifier}", line);
        }

        if (accounts.Count > 0)
        {
            // The server is not listening yet; the configured address is the best guess (none when a free port is picked).
            var url = app.Configuration["urls"]?.Split(';')[0];
            Console.WriteLine(DemoConsole.Format(accounts, url is null || url.EndsWith(":0", StringComparison.Ordinal) ? null : url.TrimEnd('/')));
        }
    }
}
