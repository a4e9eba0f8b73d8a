using Fengqiao.Cli;
using Fengqiao.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Tests.Cli;

public sealed class CliMigrateTests(CliDatabase database) : IClassFixture<CliDatabase>
{
    [Fact]
    public async Task Commands_wait_for_migrate_and_migrate_applies_the_schema_once()
    {
        var early = await database.RunAsync("audit", "verify");
        Assert.True(early.ExitCode == ExitCodes.Refused, early.ToString());
        Assert.Contains("fengqiao migrate", early.Error, StringComparison.Ordinal);

        var first = await database.RunAsync("migrate");

        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
        Assert.Contains("已应用", first.Output, StringComparison.Ordinal);
        Assert.Contains("_Initial", first.Output, StringComparison.Ordinal);
        var applied = await database.WithDbAsync(async db => (await db.Database.GetAppliedMigrationsAsync()).ToList());
        Assert.NotEmpty(applied);
        var roles = await database.WithDbAsync(db => db.Roles.CountAsync());
        Assert.Equal(Roles.All.Count, roles);

        var second = await database.RunAsync("migrate");

        Assert.True(second.ExitCode == ExitCodes.Ok, second.ToString());
        Assert.Contains("已是最新", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("_Initial", second.Output, StringComparison.Ordinal);
        Assert.Equal(roles, await database.WithDbAsync(db => db.Roles.CountAsync()));
    }
}
