using Fengqiao.Kernel;
using Npgsql;

namespace Fengqiao.Tests.Kernel.Data;

/// <summary>
/// PostgreSQL connections prepare recurring statements (the intake writer's fixed-size inserts rely on it, ADR 0022)
/// unless the operator's connection string decides otherwise, e.g. behind a pooler that cannot keep prepared statements.
/// </summary>
public sealed class PostgreSqlPreparationTests
{
    [Fact]
    public void A_connection_string_silent_on_preparation_gets_automatic_preparation_and_keeps_everything_else()
    {
        var settings = new NpgsqlConnectionStringBuilder(
            KernelServiceCollectionExtensions.WithAutomaticPreparation("Host=127.0.0.1;Database=fengqiao;Username=fengqiao;Password=秘密;Timeout=7"));

        Assert.Equal(KernelServiceCollectionExtensions.DefaultMaxAutoPrepare, settings.MaxAutoPrepare);
        Assert.Equal(("127.0.0.1", "fengqiao", "fengqiao", "秘密", 7), (settings.Host, settings.Database, settings.Username, settings.Password, settings.Timeout));
    }

    [Theory]
    [InlineData("Max Auto Prepare=0", 0)]
    [InlineData("Max Auto Prepare=20", 20)]
    [InlineData("MaxAutoPrepare=0", 0)]
    [InlineData("max auto prepare=0", 0)]
    public void The_operators_own_setting_is_kept(string setting, int expected)
    {
        var settings = new NpgsqlConnectionStringBuilder(
            KernelServiceCollectionExtensions.WithAutomaticPreparation("Host=127.0.0.1;Username=fengqiao;Password=secret;" + setting));

        Assert.Equal(expected, settings.MaxAutoPrepare);
    }
}
