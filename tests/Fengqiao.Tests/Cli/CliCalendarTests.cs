using System.Text;
using Fengqiao.Cli;
using Fengqiao.Kernel.Calendar;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Tests.Cli;

/// <summary><c>fengqiao calendar import</c>: each test uses its own year, so the tests do not depend on their order.</summary>
public sealed class CliCalendarTests(MigratedCliDatabase database) : IClassFixture<MigratedCliDatabase>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fengqiao-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_valid_file_is_imported_and_the_counts_are_reported()
    {
        var file = Write("holidays-2027.csv", """
            date,kind,name
            2027-01-01,holiday,元旦
            2027-02-06,holiday,春节
            2027-02-07,holiday,春节
            2027-02-08,holiday,春节
            2027-02-20,workday,春节
            """);

        var run = await database.RunAsync("calendar", "import", file);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("新增 5", run.Output, StringComparison.Ordinal);
        Assert.Contains("放假 4 天，调休上班 1 天", run.Output, StringComparison.Ordinal);
        var days = await YearAsync(2027);
        Assert.Equal(5, days.Count);
        Assert.Equal("元旦", days.Single(d => d.Date == new DateOnly(2027, 1, 1)).Name);
        Assert.Equal(CalendarDayKind.Workday, days.Single(d => d.Date == new DateOnly(2027, 2, 20)).Kind);
    }

    [Fact]
    public async Task A_file_with_a_bad_line_exits_2_names_the_line_and_writes_nothing()
    {
        var audit = await database.WithDbAsync(db => db.AuditEntries.CountAsync());
        var file = Write("holidays-2028.csv", """
            date,kind,name
            2028-01-01,holiday,元旦
            2028-13-01,holiday,春节
            2028-05-01,holiday,劳动节
            """);

        var run = await database.RunAsync("calendar", "import", file);

        Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.ToString());
        Assert.Contains("第 3 行", run.Error, StringComparison.Ordinal);
        Assert.Contains("2028-13-01", run.Error, StringComparison.Ordinal);
        Assert.Empty(await YearAsync(2028));
        Assert.Equal(audit, await database.WithDbAsync(db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task A_file_that_is_not_UTF8_exits_2_and_says_it_may_be_GBK()
    {
        var file = Path.Combine(_directory, "holidays-2029-gbk.csv");
        byte[] yuanDanInGbk = [0xD4, 0xAA, 0xB5, 0xA9]; // 元旦
        await File.WriteAllBytesAsync(file, [.. Encoding.ASCII.GetBytes("date,kind,name\n2029-01-01,holiday,"), .. yuanDanInGbk, (byte)'\n']);

        var run = await database.RunAsync("calendar", "import", file);

        Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.ToString());
        Assert.Contains("GBK", run.Error, StringComparison.Ordinal);
        Assert.Contains("第 2 行", run.Error, StringComparison.Ordinal);
        Assert.Empty(await YearAsync(2029));
    }

    [Fact]
    public async Task A_missing_file_exits_2()
    {
        var run = await database.RunAsync("calendar", "import", Path.Combine(_directory, "none.csv"));

        Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.ToString());
        Assert.Contains("文件不存在", run.Error, StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content + "\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    private Task<List<CalendarDay>> YearAsync(int year) =>
        database.WithDbAsync(db => db.CalendarDays.AsNoTracking()
            .Where(d => d.Date >= new DateOnly(year, 1, 1) && d.Date <= new DateOnly(year, 12, 31))
            .ToListAsync());
}
