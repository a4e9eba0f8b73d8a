using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Fengqiao.Kernel.Privacy;

public static class PrivacyServiceCollectionExtensions
{
    /// <summary>
    /// Personal-data protection: the key ring from the "Privacy" section (validated when the host starts; outside
    /// Production keys are generated into Database:DataDirectory/privacy-keys.json when none are configured), the
    /// protector, the audited reveal, key rotation and blind-index re-keying. Modules add their
    /// <see cref="IPersonalDataStore"/>s and <see cref="IBlindIndexStore"/>s.
    /// </summary>
    public static IServiceCollection AddFengqiaoPrivacy(this IServiceCollection services, IConfiguration configuration)
    {
        // The web host registers IHostEnvironment; the CLI puts the environment name into its configuration.
        services.AddSingleton(sp => new PrivacyEnvironment(
            sp.GetService<IHostEnvironment>()?.EnvironmentName ?? NonEmpty(configuration[HostDefaults.EnvironmentKey]) ?? Environments.Production));
        services.AddOptions<PrivacyOptions>().Bind(configuration.GetSection(PrivacyOptions.Section)).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<PrivacyOptions>, GeneratedDevelopmentKeys>();
        services.AddSingleton<IValidateOptions<PrivacyOptions>, PrivacyOptionsValidator>();
        services.AddSingleton(sp => new PersonalDataProtector(sp.GetRequiredService<IOptions<PrivacyOptions>>()));
        services.AddScoped(sp => new PersonalDataAccess(
            sp.GetRequiredService<Access.ICurrentActor>(), sp.GetRequiredService<Audit.IAuditTrail>(),
            sp.GetRequiredService<Data.FengqiaoDbContext>(), sp.GetRequiredService<PersonalDataProtector>()));
        services.AddScoped(sp => new KeyRotation(sp.GetServices<IPersonalDataStore>(), sp.GetRequiredService<PersonalDataProtector>()));
        services.AddScoped(sp => new BlindIndexRekeying(sp.GetServices<IBlindIndexStore>(), sp.GetRequiredService<PersonalDataProtector>()));
        return services;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
