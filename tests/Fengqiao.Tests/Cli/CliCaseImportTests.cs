using System.Text;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Import;
using Fengqiao.Cli;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Tests.Cli;

/// <summary><c>fengqiao cases import</c>: a dry run writes nothing, the import prints counts, a re-run makes no second case,
/// and a file with errors exits 2 listing row, column and reason.</summary>
public sealed class CliCaseImportTests(SeededCliDatabase database) : IClassFixture<SeededCliDatabase>, IDisposable
{
    private const string Header = "external_id,title,text,address,longitude,latitude,unit_code,category_code,channel,reporter_name,reporter_phone,reported_at";

    private readonly string _folder = Directory.CreateTempSubdirectory("fengqiao-case-import-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Dry_run_writes_nothing_the_import_prints_counts_and_a_rerun_makes_no_second_case()
    {
        var file = Write("热线.csv",
            $"{Header}\r\nCLI-0001,东门菜场占道经营,东门菜场门口早上占道经营严重，车辆无法通行。,东门菜场,,,320282001001,E0102,热线,周建国,13912340001,2026-11-24 07:40\r\n"
            + "CLI-0002,广场舞噪音扰民,宜城广场晚上十点以后仍有广场舞音响，影响周边居民休息。,宜城广场,,,320282001001,E0102,,,,\r\n");

        var dry = await database.RunAsync("cases", "import", "--file", file, "--dry-run");
        var afterDry = await database.WithDbAsync(db => db.Set<CaseImportRecord>().CountAsync(r => r.ExternalId.StartsWith("CLI-")));
        var run = await database.RunAsync("cases", "import", "--file", file);
        var again = await database.RunAsync("cases", "import", "--file", file);

        Assert.True(dry.ExitCode == ExitCodes.Ok, dry.ToString());
        Assert.Contains("未保存任何数据", dry.Output, StringComparison.Ordinal);
        Assert.Equal(0, afterDry);
        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("已导入 2 件事件", run.Output, StringComparison.Ordinal);
        Assert.True(again.ExitCode == ExitCodes.Ok, again.ToString());
        Assert.Contains("2 行的外部编号已导入过", again.Output, StringComparison.Ordinal);
        Assert.Equal(1, await database.WithDbAsync(db => db.Set<Case>().CountAsync(c => c.Title == "东门菜场占道经营")));
    }

    [Fact]
    public async Task A_file_with_errors_exits_2_with_row_column_and_reason_and_writes_nothing()
    {
        var file = Write("有误.csv",
            $"{Header}\r\nCLI-E001,路面塌陷,健康路中段路面塌陷一个大坑。,,abc,31.3,,E0102,,,,\r\n"
            + "CLI-E002,井盖缺失,人民南路井盖缺失，非常危险。,,,,320282001001,E0102,,,,\r\n");

        var run = await database.RunAsync("cases", "import", "--file", file);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("第 2 行“longitude”列", run.Output + run.Error, StringComparison.Ordinal);
        Assert.Equal(0, await database.WithDbAsync(db => db.Set<CaseImportRecord>().CountAsync(r => r.ExternalId.StartsWith("CLI-E"))));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }
}
