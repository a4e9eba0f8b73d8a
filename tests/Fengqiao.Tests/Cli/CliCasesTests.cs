using System.Text.RegularExpressions;
using Fengqiao.Cases.Open311;
using Fengqiao.Cli;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Tests.Cli;

/// <summary><c>fengqiao cases api-client create</c>: the key is printed once and only its hash is stored.</summary>
public sealed partial class CliCasesTests(SeededCliDatabase database) : IClassFixture<SeededCliDatabase>
{
    [Fact]
    public async Task Creates_an_open311_client_prints_its_key_once_and_stores_only_the_hash()
    {
        var run = await database.RunAsync("cases", "api-client", "create", "--name", "宜兴市民通 App", "--unit", "320282001001");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        var key = PrintedKey().Match(run.Output).Groups[1].Value;
        Assert.Equal(43, key.Length);
        var client = await database.WithDbAsync(db => db.Set<ApiClient>().AsNoTracking().SingleAsync(c => c.Name == "宜兴市民通 App"));
        Assert.Equal(ApiClient.HashOf(key), client.KeyHash);
        Assert.Equal("320282001001", client.DefaultUnitCode);
        Assert.True(client.IsActive);

        var list = await database.RunAsync("cases", "api-client", "list");
        Assert.Contains(key[..ApiClient.PrefixLength], list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(key, list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_default_unit_that_is_not_a_community_or_grid_is_refused_and_nothing_is_created()
    {
        var run = await database.RunAsync("cases", "api-client", "create", "--name", "错误单位", "--unit", "320282");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.False(await database.WithDbAsync(db => db.Set<ApiClient>().AnyAsync(c => c.Name == "错误单位")));
    }

    [GeneratedRegex(@"api_key（[^）]*）：(\S+)")]
    private static partial Regex PrintedKey();
}
