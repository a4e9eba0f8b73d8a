using System.CommandLine;
using Fengqiao.Kernel.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Cli.Commands;

/// <summary><c>fengqiao audit verify</c>: walks the hash chain of the audit log and reports every break.</summary>
internal static class AuditCommands
{
    public static Command Create(CliContext context)
    {
        var audit = new Command("audit", "审计日志。");
        CliContext.ShowHelpWhenBare(audit);
        audit.Subcommands.Add(VerifyCommand(context));
        return audit;
    }

    private static Command VerifyCommand(CliContext context)
    {
        var command = new Command("verify", "校验审计链：逐条核对哈希，发现被修改、删除、插入的记录。链完整时退出码 0，损坏时退出码 4。");
        context.SetAction(command, (parseResult, cancellationToken) =>
            CliHost.InSystemScopeAsync(context.Settings(parseResult), async services =>
            {
                await CliHost.EnsureMigratedAsync(services, cancellationToken);
                var console = context.Console;
                var result = await console.StatusAsync("正在校验审计链…", status =>
                    services.GetRequiredService<AuditChainVerifier>().VerifyAsync(
                        new SyncProgress<long>(count => status.Update($"已检查 {count:N0} 条…")), cancellationToken));

                if (result.IsIntact)
                {
                    console.Line($"审计链完整：{result.EntriesChecked} 条");
                    return ExitCodes.Ok;
                }

                console.Line($"审计链已损坏：检查 {result.EntriesChecked} 条，发现 {result.Problems.Count} 处问题：");
                foreach (var problem in result.Problems)
                {
                    console.Line($"  第 {problem.Sequence} 条  {problem.Kind}（{KindLabel(problem.Kind)}）  {problem.Description}");
                }

                console.Line("请保全数据库及其备份，并报告安全负责人。");
                return ExitCodes.AuditChainBroken;
            }));
        return command;
    }

    private static string KindLabel(string kind) => kind switch
    {
        "edited" => "被修改",
        "deleted" => "被删除",
        "inserted" => "被插入或重排",
        _ => "其他",
    };
}
