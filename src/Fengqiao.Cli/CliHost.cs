using Fengqiao.Kernel;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Data;
using Fengqiao.Cases;
using Fengqiao.Mediation;
using Fengqiao.Places;
using Fengqiao.Web.Hosting;
using Fengqiao.Web.Platform;
using Fengqiao.Web.Platform.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Fengqiao.Cli;

/// <summary>What a command line says about where and how to run, before any service exists.</summary>
internal sealed record CliSettings(
    string? DatabaseProvider,
    string? ConnectionString,
    bool Verbose,
    string EnvironmentName,
    string WorkingDirectory);

/// <summary>
/// The web host's composition without the web: the same configuration keys and files, and the same kernel, identity,
/// platform and demo registrations, so a command runs exactly the code an API call would.
/// </summary>
internal static class CliHost
{
    /// <summary>Failed SQL is reported once, by the command, as a readable message; EF's copy would only repeat it.</summary>
    private static readonly string[] QuietCategories =
        ["Microsoft.EntityFrameworkCore.Database", "Microsoft.EntityFrameworkCore.Query", "Microsoft.EntityFrameworkCore.Update"];

    /// <summary>
    /// appsettings.json (and appsettings.{environment}.json) beside the tool, then in the working directory, then
    /// environment variables (Database__Provider, Database__ConnectionString, …), then the command line options.
    /// </summary>
    public static IConfigurationRoot BuildConfiguration(CliSettings settings)
    {
        var builder = new ConfigurationBuilder();
        foreach (var directory in new[] { AppContext.BaseDirectory, settings.WorkingDirectory }.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            builder.AddJsonFile(Path.Combine(directory, "appsettings.json"), optional: true, reloadOnChange: false);
            builder.AddJsonFile(Path.Combine(directory, $"appsettings.{settings.EnvironmentName}.json"), optional: true, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables();
        var overrides = new Dictionary<string, string?>();
        if (settings.DatabaseProvider is not null)
        {
            overrides["Database:Provider"] = settings.DatabaseProvider;
        }

        if (settings.ConnectionString is not null)
        {
            overrides["Database:ConnectionString"] = settings.ConnectionString;
        }

        // As the web host's IHostEnvironment does: e.g. personal-data keys are generated outside Production only.
        overrides[Microsoft.Extensions.Hosting.HostDefaults.EnvironmentKey] = settings.EnvironmentName;
        var configuration = builder.AddInMemoryCollection(overrides).Build();
        configuration["Database:Provider"] = NormaliseProvider(configuration["Database:Provider"]);
        // As in the web host, a relative data folder is anchored — here to the working directory.
        configuration["Database:DataDirectory"] = Path.GetFullPath(configuration["Database:DataDirectory"] ?? "data", settings.WorkingDirectory);
        return configuration;
    }

    public static ServiceProvider BuildServices(IConfiguration configuration, bool verbose)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);
            foreach (var category in QuietCategories)
            {
                logging.AddFilter(category, verbose ? LogLevel.Warning : LogLevel.None);
            }

            logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
            logging.AddSimpleConsole(options => options.SingleLine = true);
        });

        services.AddFengqiaoKernel(configuration, runOutboxWorker: false);
        services.AddHttpContextAccessor();
        services.AddFengqiaoIdentity();
        services.AddFengqiaoPlatform();
        services.AddPlaces();
        services.AddCases();
        services.AddMediation();
        services.AddFengqiaoDemo(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>Runs <paramref name="work"/> in a fresh DI scope acting as the system (no jurisdiction filter).</summary>
    public static async Task<T> InSystemScopeAsync<T>(CliSettings settings, Func<IServiceProvider, Task<T>> work)
    {
        var configuration = BuildConfiguration(settings);
        await using var services = BuildServices(configuration, settings.Verbose);
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().SetSystem();
        return await work(scope.ServiceProvider);
    }

    /// <summary>Every command but <c>migrate</c> (and <c>demo seed</c>, which migrates) needs the current schema.</summary>
    public static async Task EnsureMigratedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<FengqiaoDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            throw new CliFailure(
                ExitCodes.Refused,
                $"数据库结构不是最新：有 {pending.Count} 个迁移尚未应用（{Describe(db)}）。请先运行 fengqiao migrate。");
        }
    }

    /// <summary>"SQLite /srv/fengqiao/data/fengqiao.db" or "PostgreSQL tcp://db:5432/fengqiao" — never the password.</summary>
    public static string Describe(FengqiaoDbContext db)
    {
        var connection = db.Database.GetDbConnection();
        return db.Provider == DatabaseProvider.PostgreSql
            ? $"PostgreSQL {connection.DataSource}/{connection.Database}"
            : $"SQLite {connection.DataSource}";
    }

    private static string NormaliseProvider(string? value) =>
        (value ?? "").Trim().ToLowerInvariant() switch
        {
            "" or "sqlite" => nameof(DatabaseProvider.Sqlite),
            "postgresql" or "postgres" or "pg" or "npgsql" => nameof(DatabaseProvider.PostgreSql),
            _ => throw new CliFailure(ExitCodes.InvalidInput, $"不支持的数据库类型“{value}”：应为 Sqlite 或 PostgreSql。"),
        };
}
