using System.CommandLine;
using System.Diagnostics;
using Fengqiao.Cases.Import;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Cli.Commands;

/// <summary>
/// <c>fengqiao cases import</c>: CSV batch intake through the same handler as the API and the import page, acting as
/// the system. Every row runs the whole intake pipeline (location, classification, duplicate check, routing).
/// </summary>
internal static class CaseImportCommands
{
    private const int ShownProblems = 200;

    public static Command ImportCommand(CliContext context)
    {
        var file = new Option<FileInfo?>("--file") { Description = "事件 CSV（UTF-8 或 GBK），列见 docs/cli.md：external_id,title,text,address,longitude,latitude,…", HelpName = "FILE", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "试导入：每行走完整流程并打印报告，不保存任何数据" };
        var validOnly = new Option<bool>("--valid-only") { Description = "只导入无误的行，跳过有误的行（默认：任何一行有误则整个文件不导入）" };
        var command = new Command(
            "import",
            "从 CSV 批量导入事件：每行与上报相同地定位、分类、查重、派遣。默认全部无误才写入（一个事务）；同一外部编号重复导入不会重复建案。")
        {
            file, dryRun, validOnly,
        };
        context.SetAction(command, async (parseResult, cancellationToken) =>
        {
            var path = PlacesCommands.Existing(parseResult.GetValue(file))!;
            var request = new CaseImportRequest(Path.GetFileName(path), parseResult.GetValue(dryRun), parseResult.GetValue(validOnly));
            var console = context.Console;
            var watch = Stopwatch.StartNew();
            return await CliHost.InSystemScopeAsync(context.Settings(parseResult), async services =>
            {
                await CliHost.EnsureMigratedAsync(services, cancellationToken);
                var import = services.GetRequiredService<ImportCases>();
                var report = await console.ProgressAsync("正在读取文件…", async progress =>
                {
                    await using var stream = File.OpenRead(path);
                    return await import.ImportAsync(
                        stream, request, new SyncProgress<CaseImportProgress>(p => progress.Report(("正在导入…", p.Done, p.Total))), cancellationToken);
                });
                console.Line($"文件：{Path.GetFileName(path)}（编码 {report.Encoding ?? "?"}），{report.Rows:N0} 行，其中 {report.ValidRows:N0} 行无误（{watch.Elapsed.TotalSeconds:F1} 秒）。");
                var problems = report.Problems.Take(ShownProblems).Select(p => p.ToString()).ToList();
                if (report.Problems.Count > ShownProblems)
                {
                    problems.Add($"……另有 {report.Problems.Count - ShownProblems} 处问题未列出。");
                }

                if (report.AlreadyImported > 0)
                {
                    console.Line($"{report.AlreadyImported:N0} 行的外部编号已导入过，未重复建案。");
                }

                if (report.Imported)
                {
                    console.Line($"已导入 {report.Created:N0} 件事件，{report.Results.Count(r => r.NeedsTriage):N0} 件待人工分拣。");
                    if (report.SkippedRows.Count > 0)
                    {
                        console.Line($"跳过有误的 {report.SkippedRows.Count:N0} 行：");
                        problems.ForEach(p => console.Line("  " + p));
                    }

                    return ExitCodes.Ok;
                }

                if (report.DryRun && report.IsValid)
                {
                    console.Line($"试导入通过：将新建 {report.Created:N0} 件事件（--dry-run：未保存任何数据）。");
                    return ExitCodes.Ok;
                }

                if (report.IsValid)
                {
                    console.Line("没有需要新建的事件。");
                    return ExitCodes.Ok;
                }

                throw new CliFailure(
                    ExitCodes.InvalidInput,
                    report.DryRun
                        ? $"发现 {report.Problems.Count} 处问题（--dry-run：未保存任何数据）："
                        : $"发现 {report.Problems.Count} 处问题，未写入任何数据{(report.ValidOnly ? "" : "（可改正后重新导入，或加 --valid-only 只导入无误的行）")}：",
                    problems);
            });
        });
        return command;
    }
}
