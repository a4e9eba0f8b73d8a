using Fengqiao.Cli;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Tests.Cli;

public sealed class CliDemoTests(CliDatabase database) : IClassFixture<CliDatabase>
{
    private static readonly string[] DemoUsers =
        ["admin", "supervisor", "street", "community", "grid", "grid2", "mediator", "handler", "informant", "resident"];

    [Fact]
    public async Task Seed_migrates_prints_the_ten_accounts_once_and_a_second_run_skips()
    {
        var first = await database.RunAsync("demo", "seed");

        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
        Assert.Contains("演示用户 10 个", first.Output, StringComparison.Ordinal);
        var accountLines = first.Output.Split('\n')
            .Where(line => DemoUsers.Contains(line.Split(' ', 2)[0], StringComparer.Ordinal))
            .ToList();
        Assert.Equal(10, accountLines.Count);
        Assert.Equal(10, await database.WithDbAsync(db => db.Users.CountAsync()));

        var second = await database.RunAsync("demo", "seed");

        Assert.True(second.ExitCode == ExitCodes.Ok, second.ToString());
        Assert.Contains("已有数据，跳过", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("演示账号", second.Output, StringComparison.Ordinal);
        Assert.Equal(10, await database.WithDbAsync(db => db.Users.CountAsync()));
    }
}

public sealed class CliDemoProductionTests(CliDatabase database) : IClassFixture<CliDatabase>
{
    [Fact]
    public async Task Seed_is_refused_in_Production_with_exit_3_and_touches_nothing()
    {
        var run = await database.RunInEnvironmentAsync("Production", "demo", "seed");

        Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
        Assert.Contains("Production", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("演示账号", run.Output, StringComparison.Ordinal);
        Assert.Empty(await database.WithDbAsync(async db => (await db.Database.GetAppliedMigrationsAsync()).ToList()));
    }
}
