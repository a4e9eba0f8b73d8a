using System.CommandLine;
using System.Diagnostics;
using Fengqiao.Cases.Indicators.Rollups;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Cli.Commands;

/// <summary><c>fengqiao indicators rebuild|refresh</c>: the daily roll-ups the indicators are summed from (ADR 0018).</summary>
internal static class IndicatorCommands
{
    public static Command Create(CliContext context)
    {
        var indicators = new Command("indicators", "考核指标：日汇总表的重建与刷新。");
        CliContext.ShowHelpWhenBare(indicators);
        indicators.Subcommands.Add(RebuildCommand(context));
        indicators.Subcommands.Add(RefreshCommand(context));
        return indicators;
    }

    private static Command RebuildCommand(CliContext context)
    {
        var command = new Command("rebuild", "补算缺少的各环节工作用时，并从事件表重新计算全部指标日汇总（绕过程序直接写入 cases 之后、升级之后使用）。");
        context.SetAction(command, (parseResult, cancellationToken) =>
            CliHost.InSystemScopeAsync(context.Settings(parseResult), async services =>
            {
                await CliHost.EnsureMigratedAsync(services, cancellationToken);
                var watch = Stopwatch.StartNew();
                var rollups = services.GetRequiredService<IndicatorRollups>();

                // Cases stored before stage working times were kept (or written past the application) get them first.
                var backfilled = await rollups.BackfillStageWorkingTimeAsync(cancellationToken);
                if (backfilled > 0)
                {
                    context.Console.Line($"已按工作日历补算 {backfilled} 件事件的各环节工作用时。");
                }

                var rows = await rollups.RebuildAsync(cancellationToken);
                context.Console.Line($"已重建指标日汇总：{rows} 行，用时 {watch.Elapsed.TotalSeconds:F1} 秒。");
                return ExitCodes.Ok;
            }));
        return command;
    }

    private static Command RefreshCommand(CliContext context)
    {
        var command = new Command("refresh", "立即重算被标记为待更新的指标日汇总（网站各节点也会定时执行）。");
        context.SetAction(command, (parseResult, cancellationToken) =>
            CliHost.InSystemScopeAsync(context.Settings(parseResult), async services =>
            {
                await CliHost.EnsureMigratedAsync(services, cancellationToken);
                var outcome = await services.GetRequiredService<IndicatorRollups>().RefreshAsync(cancellationToken);
                context.Console.Line($"已重算 {outcome.Buckets} 个待更新的日汇总。");
                return ExitCodes.Ok;
            }));
        return command;
    }
}
