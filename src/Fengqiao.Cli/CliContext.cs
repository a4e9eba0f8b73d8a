using System.CommandLine;
using System.CommandLine.Help;
using Fengqiao.Kernel.Errors;

namespace Fengqiao.Cli;

/// <summary>Options every command accepts (they may be given before or after the command name).</summary>
internal sealed class GlobalOptions
{
    public Option<string?> DatabaseProvider { get; } = new("--database-provider")
    {
        Description = "数据库类型：Sqlite 或 PostgreSql（缺省取配置 Database:Provider，再缺省为 Sqlite）",
        HelpName = "provider",
        Recursive = true,
    };

    public Option<string?> ConnectionString { get; } = new("--connection-string")
    {
        Description = "数据库连接字符串（缺省取配置 Database:ConnectionString；SQLite 缺省为 data/fengqiao.db）",
        HelpName = "connection",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "输出信息级日志；出错时显示完整的异常堆栈",
        Recursive = true,
    };
}

/// <summary>What every command needs: the console, the environment, the global options, and a guarded runner.</summary>
internal sealed class CliContext(CliConsole console, Func<string, string?> environment)
{
    public CliConsole Console { get; } = console;

    public GlobalOptions Global { get; } = new();

    /// <summary>ASPNETCORE_ENVIRONMENT, else DOTNET_ENVIRONMENT, as the web host reads them; "Production" when neither is set.</summary>
    public string EnvironmentName =>
        NonEmpty(environment("ASPNETCORE_ENVIRONMENT")) ?? NonEmpty(environment("DOTNET_ENVIRONMENT")) ?? "Production";

    /// <summary>True only when the environment is explicitly named Production (an unset variable is not a declaration).</summary>
    public bool IsExplicitlyProduction =>
        string.Equals(NonEmpty(environment("ASPNETCORE_ENVIRONMENT")) ?? NonEmpty(environment("DOTNET_ENVIRONMENT")), "Production", StringComparison.OrdinalIgnoreCase);

    public CliSettings Settings(ParseResult parseResult) => new(
        parseResult.GetValue(Global.DatabaseProvider),
        parseResult.GetValue(Global.ConnectionString),
        parseResult.GetValue(Global.Verbose),
        EnvironmentName,
        Directory.GetCurrentDirectory());

    /// <summary>A group such as <c>fengqiao admin</c> given without a subcommand prints its help and exits 2.</summary>
    public static void ShowHelpWhenBare(Command command) =>
        command.SetAction(parseResult =>
        {
            new HelpAction().Invoke(parseResult);
            return ExitCodes.InvalidInput;
        });

    /// <summary>Sets the command's action, turning every failure into a message and its exit code.</summary>
    public void SetAction(Command command, Func<ParseResult, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                return await action(parseResult, cancellationToken);
            }
            catch (CliFailure failure)
            {
                Console.ErrorLine(failure.Message);
                foreach (var detail in failure.Details)
                {
                    Console.ErrorLine("  " + detail);
                }

                return failure.ExitCode;
            }
            catch (ValidationFailedException validation)
            {
                Console.ErrorLine("输入有误：");
                foreach (var message in validation.Errors.SelectMany(pair => pair.Value))
                {
                    Console.ErrorLine("  " + message);
                }

                return ExitCodes.InvalidInput;
            }
            catch (ForbiddenException forbidden)
            {
                Console.ErrorLine(forbidden.Message);
                return ExitCodes.Refused;
            }
            catch (FengqiaoException known)
            {
                Console.ErrorLine(known.Message);
                return ExitCodes.InvalidInput;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Console.ErrorLine("操作已取消。");
                return ExitCodes.UnexpectedError;
            }
            catch (Exception unexpected)
            {
                Console.ErrorLine("出错：" + string.Join(" → ", Messages(unexpected)));
                Console.ErrorLine(parseResult.GetValue(Global.Verbose) ? unexpected.ToString() : "（加 --verbose 查看详细信息）");
                return ExitCodes.UnexpectedError;
            }
        });

    /// <summary>The message of an exception and of each distinct inner one ("See the inner exception" says little).</summary>
    private static IEnumerable<string> Messages(Exception exception)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (seen.Add(current.Message))
            {
                yield return current.Message;
            }
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
