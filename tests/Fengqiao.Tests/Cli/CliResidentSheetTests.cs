using Fengqiao.Cli;
using Fengqiao.Kernel.Audit;
using Fengqiao.Places.People;
using Fengqiao.Places.People.Spreadsheets;
using Microsoft.EntityFrameworkCore;
using static Fengqiao.Tests.Places.People.People;
using static Fengqiao.Tests.Places.People.ResidentSheetFiles;

namespace Fengqiao.Tests.Cli;

/// <summary><c>fengqiao places import-residents</c> and <c>export-residents</c> against the seeded demo jurisdiction.</summary>
public sealed class CliResidentSheetTests(SeededCliDatabase database) : IClassFixture<SeededCliDatabase>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fengqiao-residents-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Dry_run_prints_the_report_and_writes_nothing_then_the_import_prints_counts()
    {
        var file = Write("宜城街道.csv", Csv(
        [
            Row(OwnGrid, "健康路12号", "1", "1-101", "朱永康", IdentityNumber(new DateOnly(1961, 6, 16), male: true), "13812340001"),
            Row(OwnGrid, "健康路12号", "1", "1-101", "秦美华", IdentityNumber(new DateOnly(1963, 3, 23), male: false), null, "配偶"),
        ]));

        var dry = await database.RunAsync("places", "import-residents", "--file", file, "--dry-run");
        var written = await database.WithDbAsync(db => db.Set<Resident>().CountAsync(r => r.Name == "朱永康"));
        var run = await database.RunAsync("places", "import-residents", "--file", file);

        Assert.True(dry.ExitCode == ExitCodes.Ok, dry.ToString());
        Assert.Contains("编码 UTF-8", dry.Output, StringComparison.Ordinal);
        Assert.Contains("未写入任何数据", dry.Output, StringComparison.Ordinal);
        Assert.Equal(0, written);
        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("已导入 2 位居民：新建 1 户、1 栋楼", run.Output, StringComparison.Ordinal);
        Assert.Equal(2, await database.WithDbAsync(db => db.Set<Resident>().CountAsync(r => r.Name == "朱永康" || r.Name == "秦美华")));
    }

    [Fact]
    public async Task A_file_with_errors_exits_2_lists_row_column_and_reason_and_writes_nothing()
    {
        var file = Write("errors.csv", Csv(
        [
            Row(OwnGrid, "解放东路5号", "2", "3-301", "尤建平", IdentityNumber(new DateOnly(1970, 10, 10), male: true)),
            Row(OwnGrid, "解放东路5号", "2", "3-301", "施丽", WithWrongCheck(IdentityNumber(new DateOnly(1972, 12, 2), male: false)), null, "配偶"),
        ]));

        var run = await database.RunAsync("places", "import-residents", "--file", file);

        Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.ToString());
        Assert.Contains("第 3 行“身份证号码”列：身份证号码校验位不符", run.Error, StringComparison.Ordinal);
        Assert.Contains("--valid-only", run.Error, StringComparison.Ordinal);
        Assert.False(await database.WithDbAsync(db => db.Set<Resident>().AnyAsync(r => r.Name == "尤建平")));
    }

    [Fact]
    public async Task Export_writes_a_masked_xlsx_and_an_unmasked_csv_only_with_a_purpose()
    {
        var number = IdentityNumber(new DateOnly(1952, 2, 22), male: false);
        var import = Write("one.csv", Csv([Row(OtherGrid, "城中路3号", "4", "2-201", "何淑珍", number, "13961580002")]));
        Assert.Equal(ExitCodes.Ok, (await database.RunAsync("places", "import-residents", "--file", import)).ExitCode);
        var xlsx = Path.Combine(_folder, "masked.xlsx");
        var csv = Path.Combine(_folder, "full.csv");

        var masked = await database.RunAsync("places", "export-residents", "--unit", OtherGrid, "--out", xlsx);
        var refused = await database.RunAsync("places", "export-residents", "--unit", OtherGrid, "--out", csv, "--unmasked");
        var full = await database.RunAsync("places", "export-residents", "--unit", OtherGrid, "--out", csv, "--unmasked", "--purpose", "民政部门核对低保名单");

        Assert.True(masked.ExitCode == ExitCodes.Ok, masked.ToString());
        var (cells, anyFormula, _) = ReadXlsx(await File.ReadAllBytesAsync(xlsx));
        Assert.False(anyFormula);
        Assert.Contains("何**", cells.Values);
        Assert.DoesNotContain(cells.Values, v => v.Contains(number, StringComparison.Ordinal));
        Assert.True(refused.ExitCode == ExitCodes.InvalidInput, refused.ToString());
        Assert.Contains("用途", refused.Error, StringComparison.Ordinal);
        Assert.True(full.ExitCode == ExitCodes.Ok, full.ToString());
        Assert.Contains(number, await File.ReadAllTextAsync(csv), StringComparison.Ordinal);
        Assert.True(await database.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == ExportResidents.AuditAction && e.Outcome == AuditOutcome.Succeeded && e.Detail!.Contains("民政部门核对低保名单"))));
    }

    [Fact]
    public async Task A_missing_file_or_a_wrong_output_extension_exits_2()
    {
        var missing = await database.RunAsync("places", "import-residents", "--file", Path.Combine(_folder, "none.csv"));
        var wrong = await database.RunAsync("places", "export-residents", "--unit", OwnGrid, "--out", Path.Combine(_folder, "x.pdf"));

        Assert.Equal(ExitCodes.InvalidInput, missing.ExitCode);
        Assert.Equal(ExitCodes.InvalidInput, wrong.ExitCode);
    }

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
