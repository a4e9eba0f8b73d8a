using System.CommandLine;
using Fengqiao.Kernel.Data;
using Fengqiao.Web.Platform.Setup;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Cli.Commands;

/// <summary><c>fengqiao migrate</c>: the schema, the roles and the built-in holidays, as the web host does on start.</summary>
internal static class MigrateCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("migrate", "迁移数据库：应用尚未应用的迁移，并补齐角色和内置节假日。可重复运行。");
        context.SetAction(command, (parseResult, cancellationToken) =>
            CliHost.InSystemScopeAsync(context.Settings(parseResult), async services =>
            {
                var console = context.Console;
                var db = services.GetRequiredService<FengqiaoDbContext>();
                console.Line($"数据库：{CliHost.Describe(db)}");
                var applied = await console.StatusAsync("正在迁移数据库…", _ =>
                    services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken));
                if (applied.Count == 0)
                {
                    console.Line("数据库结构已是最新，无需迁移。");
                }
                else
                {
                    console.Line($"已应用 {applied.Count} 个迁移：");
                    foreach (var migration in applied)
                    {
                        console.Line("  " + migration);
                    }
                }

                return ExitCodes.Ok;
            }));
        return command;
    }
}
