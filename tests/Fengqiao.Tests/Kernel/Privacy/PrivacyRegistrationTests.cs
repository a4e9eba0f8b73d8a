using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Privacy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Fengqiao.Tests.Kernel.Privacy;

/// <summary>AddFengqiaoPrivacy: keys are checked when the host starts, and only Production insists on configured ones.</summary>
public sealed class PrivacyRegistrationTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "fengqiao-privacy-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private ServiceProvider Services(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.Configure<DatabaseOptions>(options => options.DataDirectory = _dataDirectory);
        services.AddFengqiaoPrivacy(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void A_production_host_without_keys_fails_its_start_up_validation()
    {
        using var services = Services(new Dictionary<string, string?> { [HostDefaults.EnvironmentKey] = "Production" });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("生产环境必须配置", failure.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dataDirectory));
    }

    [Fact]
    public void Without_an_environment_name_the_safe_assumption_is_production()
    {
        using var services = Services(new Dictionary<string, string?>());

        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<PersonalDataProtector>());
    }

    [Fact]
    public void A_development_host_without_keys_generates_them_and_starts()
    {
        using var services = Services(new Dictionary<string, string?> { [HostDefaults.EnvironmentKey] = "Development" });

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.True(File.Exists(Path.Combine(_dataDirectory, PrivacyOptions.GeneratedKeyFileName)));
        var protector = services.GetRequiredService<PersonalDataProtector>();
        Assert.Equal("13812345678", protector.Decrypt("phone", protector.Encrypt("phone", "13812345678")));
    }

    [Fact]
    public void Configured_keys_are_used_as_given()
    {
        var key = PrivacyKeys.NewKey();
        using var services = Services(new Dictionary<string, string?>
        {
            [HostDefaults.EnvironmentKey] = "Production",
            ["Privacy:Keys:k2026"] = key,
            ["Privacy:CurrentKeyId"] = "k2026",
            ["Privacy:BlindIndexKey"] = PrivacyKeys.NewKey(),
        });

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal("k2026", services.GetRequiredService<PersonalDataProtector>().CurrentKeyId);
        Assert.False(Directory.Exists(_dataDirectory));
    }

    [Fact]
    public void A_half_configured_section_is_an_error_even_outside_production()
    {
        using var services = Services(new Dictionary<string, string?>
        {
            [HostDefaults.EnvironmentKey] = "Development",
            ["Privacy:CurrentKeyId"] = "k2026",
        });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Privacy:BlindIndexKey", failure.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dataDirectory));
    }
}
