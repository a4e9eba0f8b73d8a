using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using Fengqiao.Cli.Commands;

namespace Fengqiao.Cli;

/// <summary>
/// <c>fengqiao</c>, the administration tool: migrate the database, create an administrator, seed the demo, import
/// holidays, verify the audit chain. Public so that tests run it in-process with their own writers.
/// </summary>
public static class CliApp
{
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        RunAsync(args, output, error, Environment.GetEnvironmentVariable, cancellationToken);

    /// <summary>As the public entry, with the environment variables that decide the environment name supplied.</summary>
    internal static async Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter error, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        // Help and parse errors in Chinese, whatever the machine's locale (the parser ships zh-Hans resources).
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        var context = new CliContext(new CliConsole(output, error), environment);
        var root = BuildRootCommand(context);
        var parseResult = root.Parse(args);
        var invocation = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        if (parseResult.Errors.Count > 0 && parseResult.Action is not HelpAction)
        {
            error.WriteLine("命令行有误：");
            foreach (var parseError in parseResult.Errors)
            {
                error.WriteLine("  " + parseError.Message);
            }

            error.WriteLine($"运行“{CommandPath(parseResult)} --help”查看用法。");
            return ExitCodes.InvalidInput;
        }

        return await parseResult.InvokeAsync(invocation, cancellationToken);
    }

    private static RootCommand BuildRootCommand(CliContext context)
    {
        var root = new RootCommand("枫桥 Fengqiao 管理工具：数据库迁移、创建管理员、演示数据、节假日导入、审计链校验、个人信息密钥。\n"
            + "数据库连接取自 appsettings.json、环境变量 Database__Provider / Database__ConnectionString 或下列选项。");
        root.Options.Add(context.Global.DatabaseProvider);
        root.Options.Add(context.Global.ConnectionString);
        root.Options.Add(context.Global.Verbose);
        root.Subcommands.Add(MigrateCommand.Create(context));
        root.Subcommands.Add(AdminCommands.Create(context));
        root.Subcommands.Add(DemoCommands.Create(context));
        root.Subcommands.Add(CalendarCommands.Create(context));
        root.Subcommands.Add(AuditCommands.Create(context));
        root.Subcommands.Add(PlacesCommands.Create(context));
        root.Subcommands.Add(PrivacyCommands.Create(context));
        root.Subcommands.Add(ClassifyCommands.Create(context));
        root.Subcommands.Add(CasesCommands.Create(context));
        root.Subcommands.Add(IndicatorCommands.Create(context));
        CliContext.ShowHelpWhenBare(root);
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            help.Description = "显示帮助和用法";
        }

        return root;
    }

    private static string CommandPath(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Parent is null ? "fengqiao" : result.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
