using Fengqiao.Cli;

namespace Fengqiao.Tests.Cli;

/// <summary>The command line itself: help, and wrong input refused with exit code 2 before anything runs.</summary>
public sealed class CliHelpTests
{
    [Fact]
    public async Task Help_exits_0_and_lists_every_command()
    {
        var run = await RunAsync("--help");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        foreach (var command in new[] { "migrate", "admin", "demo", "calendar", "audit", "privacy", "cases" })
        {
            Assert.Contains(command, run.Output, StringComparison.Ordinal);
        }

        Assert.Contains("--database-provider", run.Output, StringComparison.Ordinal);
        Assert.Contains("--connection-string", run.Output, StringComparison.Ordinal);
        Assert.Contains("数据库迁移", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_of_admin_create_lists_its_options()
    {
        var run = await RunAsync("admin", "create", "--help");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        foreach (var option in new[] { "--user", "--name", "--unit", "--password" })
        {
            Assert.Contains(option, run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task No_command_prints_help_and_exits_2()
    {
        var run = await RunAsync();

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("migrate", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_command_exits_2_with_a_hint()
    {
        var run = await RunAsync("frobnicate");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("--help", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_required_option_exits_2()
    {
        var run = await RunAsync("admin", "create", "--user", "someone");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("--name", run.Error, StringComparison.Ordinal);
        Assert.Contains("--unit", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_database_provider_exits_2()
    {
        var run = await RunAsync("migrate", "--database-provider", "oracle");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("oracle", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_database_exits_1_with_a_message_and_no_stack_trace()
    {
        var run = await RunAsync("migrate", "--database-provider", "PostgreSql", "--connection-string", "Host=127.0.0.1;Port=1;Username=nobody;Password=x;Database=none;Timeout=5");

        Assert.Equal(ExitCodes.UnexpectedError, run.ExitCode);
        Assert.Contains("出错", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.Contains("--verbose", run.Error, StringComparison.Ordinal);
    }

    private static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, output, error);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
