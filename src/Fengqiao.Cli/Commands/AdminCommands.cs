using System.CommandLine;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Identity;
using Fengqiao.Web.Platform.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Cli.Commands;

/// <summary><c>fengqiao admin create</c>: the first administrator of an installation, or a replacement for a lost one.</summary>
internal static class AdminCommands
{
    public static Command Create(CliContext context)
    {
        var admin = new Command("admin", "管理员账号。");
        CliContext.ShowHelpWhenBare(admin);
        admin.Subcommands.Add(CreateCommand(context));
        return admin;
    }

    private static Command CreateCommand(CliContext context)
    {
        var user = new Option<string>("--user") { Description = "登录用户名（字母、数字和 -._@，2 到 64 个字符）", HelpName = "user", Required = true };
        var name = new Option<string>("--name") { Description = "显示姓名，如“张晓燕”", HelpName = "name", Required = true };
        var unit = new Option<string>("--unit") { Description = "所属单位的行政区划代码（必须已存在），决定管理员的辖区", HelpName = "code", Required = true };
        var password = new Option<string?>("--password")
        {
            Description = "初始密码（至少 10 位，含字母和数字）；不给出则自动生成并只显示一次。注意：命令行参数可能留在 shell 历史中",
            HelpName = "password",
        };
        var command = new Command("create", "创建系统管理员：属于一个已存在的单位，操作记入审计日志。") { user, name, unit, password };
        context.SetAction(command, (parseResult, cancellationToken) =>
            CliHost.InSystemScopeAsync(context.Settings(parseResult), async services =>
            {
                var userName = parseResult.GetRequiredValue(user).Trim();
                var displayName = parseResult.GetRequiredValue(name).Trim();
                var unitCode = parseResult.GetRequiredValue(unit).Trim();
                var chosenPassword = parseResult.GetValue(password);
                await CliHost.EnsureMigratedAsync(services, cancellationToken);

                var db = services.GetRequiredService<FengqiaoDbContext>();
                var unitName = await db.Units.AsNoTracking().Where(u => u.Code == unitCode).Select(u => u.Name).SingleOrDefaultAsync(cancellationToken)
                    ?? throw new CliFailure(ExitCodes.InvalidInput, $"单位“{unitCode}”不存在。请给出已登记单位的行政区划代码（空库可先运行 fengqiao demo seed）。");
                if (await services.GetRequiredService<UserManager<FengqiaoUser>>().FindByNameAsync(userName) is not null)
                {
                    throw new CliFailure(ExitCodes.InvalidInput, $"用户名“{userName}”已被使用。");
                }

                // The same handler as the API's POST /users: validation, password policy, role, audit, one transaction.
                var created = await services.GetRequiredService<UserAdministration>().CreateAsync(
                    new CreateUserRequest(userName, displayName, [Roles.Administrator], [unitCode], null), chosenPassword, cancellationToken);

                var console = context.Console;
                console.Line($"已创建系统管理员 {created.UserName}（{displayName}），所属单位 {unitCode} {unitName}。");
                if (chosenPassword is null)
                {
                    console.Line($"初始密码（仅显示这一次，请妥善保存，首次登录后修改）：{created.InitialPassword}");
                }

                return ExitCodes.Ok;
            }));
        return command;
    }
}
