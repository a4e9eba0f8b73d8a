using System.Text;
using Fengqiao.Cli;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Tests.Cli;

public sealed class CliAuditTests(MigratedCliDatabase database) : IClassFixture<MigratedCliDatabase>
{
    [Fact]
    public async Task Verify_exits_0_on_an_intact_chain_and_4_after_an_entry_is_edited()
    {
        // Two audited changes: an import of 2030, then a corrected import of the same year.
        var file = Path.Combine(Path.GetTempPath(), $"fengqiao-cli-audit-{Guid.NewGuid():N}.csv");
        try
        {
            await File.WriteAllTextAsync(file, "2030-01-01,holiday,元旦\n", Encoding.UTF8);
            Assert.Equal(ExitCodes.Ok, (await database.RunAsync("calendar", "import", file)).ExitCode);
            await File.WriteAllTextAsync(file, "2030-01-01,holiday,元旦\n2030-10-01,holiday,国庆节\n", Encoding.UTF8);
            Assert.Equal(ExitCodes.Ok, (await database.RunAsync("calendar", "import", file)).ExitCode);
        }
        finally
        {
            File.Delete(file);
        }

        var intact = await database.RunAsync("audit", "verify");

        Assert.True(intact.ExitCode == ExitCodes.Ok, intact.ToString());
        Assert.Contains("审计链完整：2 条", intact.Output, StringComparison.Ordinal);

        await database.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""UPDATE audit_log SET "Detail" = 'x' WHERE "Sequence" = 1"""));
        var broken = await database.RunAsync("audit", "verify");

        Assert.True(broken.ExitCode == ExitCodes.AuditChainBroken, broken.ToString());
        Assert.Contains("第 1 条", broken.Output, StringComparison.Ordinal);
        Assert.Contains("edited", broken.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("第 2 条", broken.Output, StringComparison.Ordinal);
    }
}
