using System.CommandLine;
using Fengqiao.Web.Platform.Demo;
using Fengqiao.Web.Platform.Setup;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fengqiao.Cli.Commands;

/// <summary><c>fengqiao demo seed</c>: the demo jurisdiction and one account per role, never in Production.</summary>
internal static class DemoCommands
{
    public static Command Create(CliContext context)
    {
        var demo = new Command("demo", "演示数据（仅用于开发、测试和演示环境）。");
        CliContext.ShowHelpWhenBare(demo);
        demo.Subcommands.Add(SeedCommand(context));
        return demo;
    }

    private static Command SeedCommand(CliContext context)
    {
        var divisions = new Option<DirectoryInfo?>("--divisions")
        {
            Description = "全国行政区划 CSV 所在目录（含 villages-32.csv）；缺省取配置 Demo:DivisionsDirectory，或向上查找 shared/data/divisions，都没有时用内置子集",
            HelpName = "dir",
        };
        var command = new Command("seed", "向空数据库写入演示辖区（宜兴市宜城街道，真实区划代码）、网格和十个演示账号，并显示一次账号密码。先自动迁移数据库。") { divisions };
        context.SetAction(command, async (parseResult, cancellationToken) =>
        {
            if (context.IsExplicitlyProduction)
            {
                throw new CliFailure(
                    ExitCodes.Refused,
                    "拒绝执行：当前环境为 Production（ASPNETCORE_ENVIRONMENT / DOTNET_ENVIRONMENT）。演示账号和演示辖区不得写入生产数据库。");
            }

            var directory = parseResult.GetValue(divisions);
            if (directory is not null && !File.Exists(Path.Combine(directory.FullName, "villages-32.csv")))
            {
                throw new CliFailure(ExitCodes.InvalidInput, $"目录“{directory.FullName}”中没有 villages-32.csv，不是行政区划数据目录。");
            }

            return await CliHost.InSystemScopeAsync(context.Settings(parseResult), async services =>
            {
                var console = context.Console;
                var divisionsDirectory = directory?.FullName
                    ?? services.GetRequiredService<IOptions<DemoOptions>>().Value.DivisionsDirectory
                    ?? DemoDivisions.Locate(Directory.GetCurrentDirectory())
                    ?? DemoDivisions.Locate(AppContext.BaseDirectory);
                var accounts = await console.StatusAsync("正在准备演示数据…", async status =>
                {
                    var applied = await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
                    status.Step(applied.Count == 0 ? "数据库结构已是最新" : $"已应用 {applied.Count} 个迁移");
                    status.Update("正在写入演示辖区和账号…");
                    var seeded = await services.GetRequiredService<DemoSeeder>().SeedAsync(
                        divisionsDirectory, new SyncProgress<string>(status.Step), cancellationToken);
                    status.Update("正在训练演示分类模型…");
                    var classifierFile = DemoClassifier.Locate(
                        services.GetRequiredService<IOptions<DemoOptions>>().Value.ClassifierTrainingFile, Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
                    if (await DemoClassifier.SeedAsync(services, classifierFile, cancellationToken) is { } line)
                    {
                        status.Step(line);
                    }

                    return seeded;
                });

                if (accounts.Count == 0)
                {
                    console.Line("已有数据，跳过：数据库中已有单位或用户，演示数据只写入空数据库。");
                    return ExitCodes.Ok;
                }

                console.Output.Write(DemoConsole.Format(accounts, null));
                return ExitCodes.Ok;
            });
        });
        return command;
    }
}
