using Fengqiao.Cli;

namespace Fengqiao.Tests.Cli;

public sealed class CliPrivacyTests(MigratedCliDatabase database) : IClassFixture<MigratedCliDatabase>
{
    [Fact]
    public async Task New_key_prints_only_a_base64_256_bit_key()
    {
        var run = await database.RunAsync("privacy", "new-key");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal(32, Convert.FromBase64String(run.Output.Trim()).Length);
        Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Rotate_keys_runs_and_prints_counts_even_before_any_module_stores_personal_data()
    {
        var run = await database.RunAsync("privacy", "rotate-keys");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("当前密钥：", run.Output, StringComparison.Ordinal);
        Assert.Contains("合计：检查 0 条记录，重新加密 0 个值", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_keys_in_production_without_keys_is_refused_with_what_to_configure()
    {
        var run = await database.RunInEnvironmentAsync("Production", "privacy", "rotate-keys");

        Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
        Assert.Contains("Privacy:CurrentKeyId", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Privacy_alone_shows_its_commands()
    {
        var run = await database.RunAsync("privacy");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("rotate-keys", run.Output, StringComparison.Ordinal);
        Assert.Contains("new-key", run.Output, StringComparison.Ordinal);
    }
}
