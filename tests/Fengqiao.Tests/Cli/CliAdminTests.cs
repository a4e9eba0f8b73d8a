using System.Text.RegularExpressions;
using Fengqiao.Cli;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Tests.Cli;

/// <summary><c>fengqiao admin create</c> on a database holding the demo jurisdiction.</summary>
public sealed partial class CliAdminTests(SeededCliDatabase database) : IClassFixture<SeededCliDatabase>
{
    private const string County = "320282"; // 宜兴市

    [Fact]
    public async Task Creates_an_administrator_of_the_unit_prints_the_generated_password_once_and_audits_it()
    {
        var run = await database.RunAsync("admin", "create", "--user", "cli-admin", "--name", "命令行管理员", "--unit", County);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("宜兴市", run.Output, StringComparison.Ordinal);
        var password = GeneratedPassword().Match(run.Output).Groups[1].Value;
        Assert.Equal(14, password.Length);
        var (isAdministrator, passwordWorks, units, displayName) = await database.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<FengqiaoUser>>();
            var user = await users.FindByNameAsync("cli-admin");
            Assert.NotNull(user);
            var db = services.GetRequiredService<FengqiaoDbContext>();
            var codes = await db.Set<UserUnit>().Where(m => m.UserId == user.Id)
                .Join(db.Units, m => m.UnitId, u => u.Id, (m, u) => u.Code).ToListAsync();
            return (await users.IsInRoleAsync(user, Roles.Administrator), await users.CheckPasswordAsync(user, password), codes, user.DisplayName);
        });
        Assert.True(isAdministrator);
        Assert.True(passwordWorks);
        Assert.Equal([County], units);
        Assert.Equal("命令行管理员", displayName);
        var audit = await database.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Target == "user:cli-admin"));
        Assert.Equal("users.create", audit.Action);
        Assert.Equal("system", audit.ActorName);
    }

    [Fact]
    public async Task Uses_the_password_given_and_does_not_print_it()
    {
        var run = await database.RunAsync("admin", "create", "--user", "cli-admin-pw", "--name", "指定密码", "--unit", County, "--password", "qiao2027bridge");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.DoesNotContain("qiao2027bridge", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("初始密码", run.Output, StringComparison.Ordinal);
        var works = await database.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<FengqiaoUser>>();
            return await users.CheckPasswordAsync((await users.FindByNameAsync("cli-admin-pw"))!, "qiao2027bridge");
        });
        Assert.True(works);
    }

    [Fact]
    public async Task An_unknown_unit_exits_2_and_writes_nothing()
    {
        var before = await CountsAsync();

        var run = await database.RunAsync("admin", "create", "--user", "cli-nowhere", "--name", "无单位", "--unit", "999999");

        Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.ToString());
        Assert.Contains("999999", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_password_against_the_policy_exits_2_and_writes_nothing()
    {
        var before = await CountsAsync();

        var run = await database.RunAsync("admin", "create", "--user", "cli-weak", "--name", "弱密码", "--unit", County, "--password", "abc");

        Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.ToString());
        Assert.Contains("密码至少需要 10 位", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_user_name_already_taken_exits_2_and_writes_nothing()
    {
        var before = await CountsAsync();

        var run = await database.RunAsync("admin", "create", "--user", "admin", "--name", "重名", "--unit", County);

        Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.ToString());
        Assert.Contains("已被使用", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    private Task<(int Users, int Audit)> CountsAsync() =>
        database.WithDbAsync(async db => (await db.Users.CountAsync(), await db.AuditEntries.CountAsync()));

    [GeneratedRegex("初始密码[^：]*：(\\S+)")]
    private static partial Regex GeneratedPassword();
}
