using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Kernel.Data;

/// <summary>
/// Builds a system-scoped context outside the web host, with the same module models the host registers.
/// Used by the migration assemblies' design-time factories.
/// </summary>
public static class DesignTimeContext
{
    public static FengqiaoDbContext Create(DatabaseProvider provider, string connectionString, Action<IServiceCollection>? addModules = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = provider.ToString(),
                ["Database:ConnectionString"] = connectionString,
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();

        // Modules bind their options from configuration, as in the host.
        services.AddSingleton<IConfiguration>(configuration);
        services.AddFengqiaoKernel(configuration, runOutboxWorker: false);
        addModules?.Invoke(services);
        var scope = services.BuildServiceProvider().CreateScope();
        scope.ServiceProvider.GetRequiredService<Access.CurrentActor>().SetSystem();
        return scope.ServiceProvider.GetRequiredService<FengqiaoDbContext>();
    }
}
