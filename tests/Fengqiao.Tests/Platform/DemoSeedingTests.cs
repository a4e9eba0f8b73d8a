using Fengqiao.Kernel.Units;
using Fengqiao.Testing;
using Fengqiao.Web.Platform.Demo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Tests.Platform;

/// <summary>The demo jurisdiction comes from real public division codes, and never appears in Production.</summary>
public sealed class DemoSeedingTests
{
    [Fact]
    public void The_shared_division_tables_give_the_streets_of_yixing_and_the_communities_of_yicheng()
    {
        var directory = Path.GetDirectoryName(SharedData.PathOf("data/divisions/villages-32.csv"));

        var divisions = DemoDivisions.Load(directory);

        Assert.Equal("宜兴市", divisions.Single(d => d.Code == "320282").Name);
        Assert.Equal(21, divisions.Count(d => d.Level == UnitLevel.Street));
        var communities = divisions.Where(d => d.Level == UnitLevel.Community).ToList();
        Assert.Equal(35, communities.Count);
        Assert.All(communities, c => Assert.Equal("320282001", c.ParentCode));
        Assert.Contains(communities, c => c is { Code: "320282001001", Name: "茶东社区" });
        Assert.Contains(communities, c => c is { Code: "320282001203", Name: "谈家干村" });
    }

    [Fact]
    public void Without_the_shared_folder_a_built_in_subset_of_the_same_real_codes_is_used()
    {
        var divisions = DemoDivisions.Load(Path.Combine(Path.GetTempPath(), "no-such-folder"));

        Assert.Contains(divisions, d => d is { Code: "320282001", Name: "宜城街道", Level: UnitLevel.Street });
        Assert.Contains(divisions, d => d is { Code: "320282001002", Name: "荆东社区" });
        Assert.All(divisions.Where(d => d.ParentCode is not null), d => Assert.Contains(divisions, p => p.Code == d.ParentCode));
    }

    [Theory]
    [InlineData("茶东社区居民委员会", "茶东社区")]
    [InlineData("谈家干村村民委员会", "谈家干村")]
    [InlineData("梅园新村社区居委会", "梅园新村社区")]
    [InlineData("宜城街道", "宜城街道")]
    public void Committee_names_are_shortened_to_the_place_name(string official, string shown) =>
        Assert.Equal(shown, Fengqiao.Places.Divisions.DivisionTableReader.ShortName(official));

    [Fact]
    public void Generated_passwords_satisfy_the_password_policy_and_differ()
    {
        var passwords = Enumerable.Range(0, 50).Select(_ => DemoSeeder.GeneratePassword()).ToList();

        Assert.All(passwords, p =>
        {
            Assert.Equal(14, p.Length);
            Assert.Contains(p, char.IsDigit);
            Assert.Contains(p, char.IsLower);
        });
        Assert.Equal(passwords.Count, passwords.Distinct().Count());
    }

    [Fact]
    public async Task Production_never_seeds_the_demo()
    {
        var app = new ProductionApp();
        await ((IAsyncLifetime)app).InitializeAsync();
        try
        {
            Assert.Empty(app.Accounts);
            Assert.Equal(0, await app.WithDbAsync(db => db.Users.CountAsync()));
            Assert.Equal(0, await app.WithDbAsync(db => db.Units.IgnoreQueryFilters().CountAsync()));
            Assert.True(await app.WithDbAsync(db => db.Roles.CountAsync()) == 9, "roles are reference data and exist everywhere");
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }

    private sealed class ProductionApp : FengqiaoApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
        }
    }
}
