using System.CommandLine;
using System.Diagnostics;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Units;
using Fengqiao.Places.Boundaries;
using Fengqiao.Places.Divisions;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Cli.Commands;

/// <summary>
/// <c>fengqiao places import-divisions</c>: the administrative tree from the national division tables;
/// <c>fengqiao places import-boundaries</c>: street or community boundaries from GeoJSON.
/// </summary>
internal static class PlacesCommands
{
    public static Command Create(CliContext context)
    {
        var places = new Command("places", "人、地、物、组织：行政区划、网格、房屋、人口、组织。");
        CliContext.ShowHelpWhenBare(places);
        places.Subcommands.Add(ImportDivisionsCommand(context));
        places.Subcommands.Add(ImportBoundariesCommand(context));
        places.Subcommands.Add(ResidentSheetCommands.ImportResidentsCommand(context));
        places.Subcommands.Add(ResidentSheetCommands.ExportResidentsCommand(context));
        return places;
    }

    private static Command ImportBoundariesCommand(CliContext context)
    {
        var file = new Option<FileInfo?>("--file") { Description = "GeoJSON FeatureCollection，每个要素的 properties.code 为单位代码", HelpName = "FILE", Required = true };
        var level = new Option<string>("--level") { Description = "community（社区，12 位代码，默认）或 street（街道，9 位代码）", DefaultValueFactory = _ => "community" };
        var crs = new Option<string?>("--crs") { Description = "文件坐标系：wgs84 或 gcj02（火星坐标）；不给则按文件的 crs，缺省为 wgs84" };
        var command = new Command(
            "import-boundaries",
            "从 GeoJSON 导入街道或社区边界（按 code 匹配单位）。逐要素检查（环、坐标范围、自相交、超出区县、同级重叠、社区超出街道）；有任何问题则不写入任何数据。重复导入会重绘已有边界。")
        {
            file, level, crs,
        };
        context.SetAction(command, async (parseResult, cancellationToken) =>
        {
            var path = Existing(parseResult.GetValue(file)) ?? throw new CliFailure(ExitCodes.InvalidInput, "请用 --file 指定 GeoJSON 文件。");
            var unitLevel = BoundaryGeoJsonExport.ParseLevel(parseResult.GetValue(level))
                ?? throw new CliFailure(ExitCodes.InvalidInput, "--level 应为 community 或 street。");
            var console = context.Console;
            return await CliHost.InSystemScopeAsync(context.Settings(parseResult), async services =>
            {
                await CliHost.EnsureMigratedAsync(services, cancellationToken);
                await using var stream = File.OpenRead(path);
                var report = await services.GetRequiredService<BoundaryGeoJsonImport>()
                    .ImportAsync(stream, new BoundaryImportRequest(unitLevel, parseResult.GetValue(crs)), cancellationToken);
                if (!report.Imported)
                {
                    throw new CliFailure(ExitCodes.InvalidInput, $"边界文件有 {report.Problems.Count} 处问题，未写入任何数据：", [.. report.Problems.Select(p => p.ToString())]);
                }

                console.Line($"已导入{(unitLevel == UnitLevel.Community ? "社区" : "街道")}边界 {report.Features} 个（{report.Crs}）：新增 {report.Created.Count}，重绘 {report.Redrawn.Count}。");
                foreach (var warning in report.Warnings)
                {
                    console.Line("  注意：" + warning);
                }

                return ExitCodes.Ok;
            });
        });
        return command;
    }

    private static Command ImportDivisionsCommand(CliContext context)
    {
        var provinces = FileOption("--provinces", "省级表 provinces.csv（code,name）");
        var cities = FileOption("--cities", "地级表 cities.csv（code,name,provinceCode）");
        var areas = FileOption("--areas", "县级表 areas.csv（code,name,cityCode,provinceCode）");
        var streets = FileOption("--streets", "乡级表 streets-NN.csv（code,name,areaCode,provinceCode,cityCode）");
        var villages = FileOption("--villages", "村级表 villages-NN.csv（code,name,streetCode,provinceCode,cityCode,areaCode）");
        var only = new Option<string[]>("--only")
        {
            Description = "只导入这些县（6 位）或街道（9 位）代码之下的单位（及连接它们的上级），可重复",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command(
            "import-divisions",
            "按国家统计用区划代码表导入行政区划。重复导入是幂等的：改名则更新，新增则添加，表中消失的单位被撤销（保留历史，不删除）；按层级打印新增、更新、撤销、未变的数量。")
        {
            provinces, cities, areas, streets, villages, only,
        };
        context.SetAction(command, async (parseResult, cancellationToken) =>
        {
            var files = new DivisionFiles(
                Existing(parseResult.GetValue(provinces)), Existing(parseResult.GetValue(cities)), Existing(parseResult.GetValue(areas)),
                Existing(parseResult.GetValue(streets)), Existing(parseResult.GetValue(villages)));
            if (files is { Provinces: null, Cities: null, Areas: null, Streets: null, Villages: null })
            {
                throw new CliFailure(ExitCodes.InvalidInput, "请至少给出一个区划表文件（--provinces/--cities/--areas/--streets/--villages）。");
            }

            var codes = parseResult.GetValue(only) ?? [];
            if (codes.Any(code => code.Length is not (2 or 4 or 6 or 9) || !code.All(char.IsAsciiDigit)))
            {
                throw new CliFailure(ExitCodes.InvalidInput, "--only 应为 2、4、6 或 9 位数字的区划代码。");
            }

            var console = context.Console;
            var watch = Stopwatch.StartNew();
            IReadOnlyList<DivisionRow> rows;
            try
            {
                rows = DivisionTableReader.Read(files, codes);
            }
            catch (ValidationFailedException invalid)
            {
                throw new CliFailure(ExitCodes.InvalidInput, "区划表有错误，未写入任何数据：", [.. invalid.Errors.SelectMany(e => e.Value)]);
            }

            console.Line($"已读取 {rows.Count:N0} 个单位（{watch.Elapsed.TotalSeconds:F1} 秒）。");
            return await CliHost.InSystemScopeAsync(context.Settings(parseResult), async services =>
            {
                await CliHost.EnsureMigratedAsync(services, cancellationToken);
                var report = await console.StatusAsync("正在导入行政区划…", status =>
                    services.GetRequiredService<ImportDivisions>().ImportAsync(
                        rows, codes, "cli", new SyncProgress<int>(done => status.Update($"已处理 {done:N0} / {rows.Count:N0} 个单位…")), cancellationToken));
                console.Line($"导入完成（{watch.Elapsed.TotalSeconds:F1} 秒）：");
                foreach (var (level, counts) in report.Levels.OrderBy(pair => pair.Key))
                {
                    console.Line($"  {LevelLabel(level),-6} 新增 {counts.Added,6:N0}  更新 {counts.Updated,6:N0}  撤销 {counts.Retired,6:N0}  未变 {counts.Unchanged,6:N0}");
                }

                return ExitCodes.Ok;
            });
        });
        return command;
    }

    internal static Option<FileInfo?> FileOption(string name, string description) => new(name) { Description = description, HelpName = "FILE" };

    internal static string? Existing(FileInfo? file) => file switch
    {
        null => null,
        { Exists: true } => file.FullName,
        _ => throw new CliFailure(ExitCodes.InvalidInput, $"文件不存在：{file.FullName}"),
    };

    private static string LevelLabel(UnitLevel level) => level switch
    {
        UnitLevel.Province => "省级",
        UnitLevel.City => "地级",
        UnitLevel.County => "县级",
        UnitLevel.Street => "乡级",
        UnitLevel.Community => "村级",
        _ => "网格",
    };
}
