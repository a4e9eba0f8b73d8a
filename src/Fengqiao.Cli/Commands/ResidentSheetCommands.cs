using System.CommandLine;
using System.Diagnostics;
using Fengqiao.Places.People.Spreadsheets;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Cli.Commands;

/// <summary>
/// <c>fengqiao places import-residents</c> and <c>export-residents</c>: the resident sheet (.xlsx or CSV) through the
/// same handlers as the API and the import wizard, acting as the system (every jurisdiction).
/// </summary>
internal static class ResidentSheetCommands
{
    /// <summary>Problems printed before "… and N more" (the report of a large file can hold thousands).</summary>
    private const int ShownProblems = 200;

    public static Command ImportResidentsCommand(CliContext context)
    {
        var file = new Option<FileInfo?>("--file") { Description = "实有人口表（.xlsx，或 UTF-8/GBK 编码的 .csv），列见模板", HelpName = "FILE", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "只校验并打印报告，不写入任何数据" };
        var validOnly = new Option<bool>("--valid-only") { Description = "只导入无误的行，跳过有误的行（默认：任何一行有误则整个文件不导入）" };
        var command = new Command(
            "import-residents",
            "从 Excel 或 CSV 批量导入实有人口：逐行逐列校验（身份证号码校验位、重复、电话、网格……），按地址匹配或新建楼栋和户。默认全部无误才写入（一个事务）。")
        {
            file, dryRun, validOnly,
        };
        context.SetAction(command, async (parseResult, cancellationToken) =>
        {
            var path = PlacesCommands.Existing(parseResult.GetValue(file))!;
            var request = new ResidentImportRequest(Path.GetFileName(path), parseResult.GetValue(dryRun), parseResult.GetValue(validOnly));
            var console = context.Console;
            var watch = Stopwatch.StartNew();
            return await CliHost.InSystemScopeAsync(context.Settings(parseResult), async services =>
            {
                await CliHost.EnsureMigratedAsync(services, cancellationToken);
                var import = services.GetRequiredService<ImportResidents>();
                var report = await console.ProgressAsync("正在读取文件…", async progress =>
                {
                    await using var stream = File.OpenRead(path);
                    return await import.ImportAsync(
                        stream,
                        request,
                        new SyncProgress<ResidentImportProgress>(p => progress.Report((Describe(p.Phase), p.Done, p.Total))),
                        cancellationToken);
                });
                console.Line($"文件：{Path.GetFileName(path)}（{report.Format ?? "?"}{(report.Encoding is null ? "" : "，编码 " + report.Encoding)}），{report.Rows:N0} 行，其中 {report.ValidRows:N0} 行无误（{watch.Elapsed.TotalSeconds:F1} 秒）。");
                var problems = report.Problems.Take(ShownProblems).Select(p => p.ToString()).ToList();
                if (report.Problems.Count > ShownProblems)
                {
                    problems.Add($"……另有 {report.Problems.Count - ShownProblems} 处问题未列出（可用 --dry-run 分批检查）。");
                }

                if (report.Imported)
                {
                    console.Line($"已导入 {report.ResidentsCreated:N0} 位居民：新建 {report.HouseholdsCreated:N0} 户、{report.BuildingsCreated:N0} 栋楼，并入已有的 {report.HouseholdsMatched:N0} 户。");
                    if (report.SkippedRows.Count > 0)
                    {
                        console.Line($"跳过有误的 {report.SkippedRows.Count:N0} 行：");
                        problems.ForEach(p => console.Line("  " + p));
                    }

                    return ExitCodes.Ok;
                }

                if (report.DryRun && report.IsValid)
                {
                    console.Line("校验通过（--dry-run：未写入任何数据）。");
                    return ExitCodes.Ok;
                }

                if (report.IsValid)
                {
                    console.Line("没有可导入的行。");
                    return ExitCodes.Ok;
                }

                throw new CliFailure(
                    ExitCodes.InvalidInput,
                    report.DryRun
                        ? $"发现 {report.Problems.Count} 处问题（--dry-run：未写入任何数据）："
                        : $"发现 {report.Problems.Count} 处问题，未写入任何数据{(report.ValidOnly ? "" : "（可改正后重新导入，或加 --valid-only 只导入无误的行）")}：",
                    problems);
            });
        });
        return command;
    }

    public static Command ExportResidentsCommand(CliContext context)
    {
        var unit = new Option<string>("--unit") { Description = "要导出的单位代码：网格（15 位）、社区（12 位）或街道（9 位）", HelpName = "CODE", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "输出文件：.xlsx 或 .csv（UTF-8 带 BOM），按扩展名决定格式", HelpName = "FILE", Required = true };
        var unmasked = new Option<bool>("--unmasked") { Description = "导出完整的姓名、身份证号码、电话和出生日期（须同时用 --purpose 说明用途，记入审计日志）" };
        var purpose = new Option<string?>("--purpose") { Description = "导出完整个人信息的用途（4 到 200 字）", HelpName = "TEXT" };
        var command = new Command(
            "export-residents",
            "把一个网格、社区或街道的实有人口导出为 Excel 或 CSV：默认脱敏；单元格一律为文本，可能被表格软件当作公式执行的内容已转义。")
        {
            unit, output, unmasked, purpose,
        };
        context.SetAction(command, async (parseResult, cancellationToken) =>
        {
            var target = parseResult.GetValue(output)!;
            var format = target.Extension.ToLowerInvariant() switch
            {
                ".xlsx" => "xlsx",
                ".csv" => "csv",
                _ => throw new CliFailure(ExitCodes.InvalidInput, $"--out 应以 .xlsx 或 .csv 结尾：{target.Name}"),
            };
            if (target.Directory is { Exists: false } directory)
            {
                throw new CliFailure(ExitCodes.InvalidInput, $"目录不存在：{directory.FullName}");
            }

            var console = context.Console;
            return await CliHost.InSystemScopeAsync(context.Settings(parseResult), async services =>
            {
                await CliHost.EnsureMigratedAsync(services, cancellationToken);
                var request = new ResidentExportRequest(parseResult.GetValue(unit), format, parseResult.GetValue(unmasked), parseResult.GetValue(purpose));
                var file = await console.ProgressAsync("正在导出…", progress =>
                    services.GetRequiredService<ExportResidents>().ExportAsync(
                        request, new SyncProgress<int>(done => progress.Report(("正在导出居民…", done, 0))), cancellationToken));
                await File.WriteAllBytesAsync(target.FullName, file.Content, cancellationToken);
                console.Line($"已导出 {file.Residents:N0} 位居民（{(request.Unmasked ? "完整个人信息，已记入审计日志" : "脱敏")}）到 {target.FullName}");
                return ExitCodes.Ok;
            });
        });
        return command;
    }

    private static string Describe(ResidentImportPhase phase) => phase switch
    {
        ResidentImportPhase.Reading => "正在读取…",
        ResidentImportPhase.Validating => "正在校验…",
        _ => "正在写入…",
    };
}
