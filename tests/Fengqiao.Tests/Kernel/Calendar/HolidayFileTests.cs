using System.Text;
using Fengqiao.Kernel.Calendar;

namespace Fengqiao.Tests.Kernel.Calendar;

/// <summary>HolidayFile.Parse: the "date,kind,name" format, its header, and how every bad line is reported.</summary>
public class HolidayFileTests
{
    private static HolidayFileResult Parse(string text) => HolidayFile.Parse(new StringReader(text));

    private const string Valid = """
        date,kind,name
        2025-09-28,workday,国庆节、中秋节
        2025-10-01,holiday,国庆节、中秋节
        2026-01-01,holiday,元旦
        """;

    [Fact]
    public void A_valid_file_gives_every_day_in_order_with_kind_and_name()
    {
        var result = Parse(Valid);

        Assert.True(result.IsValid);
        Assert.Empty(result.Errors);
        Assert.Equal(
            [
                (new DateOnly(2025, 9, 28), CalendarDayKind.Workday, "国庆节、中秋节"),
                (new DateOnly(2025, 10, 1), CalendarDayKind.Holiday, "国庆节、中秋节"),
                (new DateOnly(2026, 1, 1), CalendarDayKind.Holiday, "元旦"),
            ],
            result.Days.Select(d => (d.Date, d.Kind, d.Name)));
        Assert.Equal([2025, 2026], result.Years);
    }

    [Fact]
    public void The_header_is_optional()
    {
        var result = Parse("2026-01-01,holiday,元旦\n2026-01-04,workday,元旦\n");

        Assert.True(result.IsValid);
        Assert.Equal(2, result.Days.Count);
    }

    [Fact]
    public void A_header_in_capitals_is_recognised()
    {
        var result = Parse("Date,Kind,Name\n2026-01-01,holiday,元旦\n");

        Assert.True(result.IsValid);
        Assert.Single(result.Days);
    }

    [Fact]
    public void A_byte_order_mark_before_the_header_is_ignored()
    {
        var result = Parse("\uFEFFdate,kind,name\n2026-01-01,holiday,元旦\n");

        Assert.True(result.IsValid);
        Assert.Equal(new DateOnly(2026, 1, 1), Assert.Single(result.Days).Date);
    }

    [Fact]
    public void A_byte_order_mark_before_the_first_date_is_ignored()
    {
        var result = Parse("\uFEFF2026-01-01,holiday,元旦\n");

        Assert.True(result.IsValid);
        Assert.Equal(new DateOnly(2026, 1, 1), Assert.Single(result.Days).Date);
    }

    [Fact]
    public void A_utf8_file_with_a_byte_order_mark_and_windows_line_ends_parses()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("date,kind,name\r\n2026-02-14,workday,春节\r\n2026-02-15,holiday,春节\r\n")).ToArray();
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8);

        var result = HolidayFile.Parse(reader);

        Assert.True(result.IsValid);
        Assert.Equal(["春节", "春节"], result.Days.Select(d => d.Name));
    }

    [Fact]
    public void Blank_lines_comments_spaces_capitalised_kinds_and_quoted_names_are_accepted()
    {
        var result = Parse("date,kind,name\n\n# 2026 元旦\n 2026-01-01 , Holiday , \"元旦\" \n2026-01-04,WORKDAY,元旦\n");

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(
            [(new DateOnly(2026, 1, 1), CalendarDayKind.Holiday, "元旦"), (new DateOnly(2026, 1, 4), CalendarDayKind.Workday, "元旦")],
            result.Days.Select(d => (d.Date, d.Kind, d.Name)));
    }

    [Theory]
    [InlineData("2025-13-01,holiday,国庆节", "2025-13-01")]
    [InlineData("2025/10/01,holiday,国庆节", "2025/10/01")]
    [InlineData("2025-10-1,holiday,国庆节", "2025-10-1")]
    public void A_bad_date_is_reported_with_its_line_number(string line, string date)
    {
        var result = Parse($"date,kind,name\n2025-09-28,workday,国庆节\n{line}\n");

        Assert.Equal([$"第 3 行：日期“{date}”不是 yyyy-MM-dd 格式。"], result.Errors);
    }

    [Fact]
    public void An_unknown_kind_is_reported_with_its_line_number()
    {
        var result = Parse("date,kind,name\n2025-10-01,vacation,国庆节\n");

        Assert.Equal(["第 2 行：类型“vacation”应为 holiday（放假）或 workday（调休上班）。"], result.Errors);
    }

    [Fact]
    public void A_working_day_on_a_weekday_is_reported_with_its_line_number()
    {
        var result = Parse("date,kind,name\n2025-10-01,holiday,国庆节\n2025-09-29,workday,国庆节\n");

        Assert.Equal(["第 3 行：2025-09-29 是星期一，调休上班日应为周末。"], result.Errors);
    }

    [Fact]
    public void A_duplicate_date_is_reported_on_its_second_line()
    {
        var result = Parse("date,kind,name\n2025-10-01,holiday,国庆节\n2025-10-02,holiday,国庆节\n2025-10-01,holiday,国庆节\n");

        Assert.Equal(["第 4 行：日期 2025-10-01 重复出现。"], result.Errors);
    }

    [Fact]
    public void A_missing_column_is_reported_with_its_line_number()
    {
        var result = Parse("date,kind,name\n2025-10-01,holiday\n");

        Assert.Equal(["第 2 行：应有三列 date,kind,name，实际为 2 列：“2025-10-01,holiday”。"], result.Errors);
    }

    [Theory]
    [InlineData("2025-10-01,holiday,")]
    [InlineData("2025-10-01,holiday,\"\"")]
    public void An_empty_name_is_reported_with_its_line_number(string line)
    {
        var result = Parse($"date,kind,name\n{line}\n");

        Assert.Equal(["第 2 行：节日名称不能为空且不超过 50 字。"], result.Errors);
    }

    [Fact]
    public void A_name_of_fifty_characters_is_accepted_and_fifty_one_is_refused()
    {
        Assert.True(Parse($"2025-10-01,holiday,{new string('节', 50)}\n").IsValid);
        Assert.Equal(["第 1 行：节日名称不能为空且不超过 50 字。"], Parse($"2025-10-01,holiday,{new string('节', 51)}\n").Errors);
    }

    [Fact]
    public void Line_numbers_count_blank_and_comment_lines()
    {
        var result = Parse("date,kind,name\n\n# 国庆节\n2025-10-01,holiday\n");

        Assert.Equal(["第 4 行：应有三列 date,kind,name，实际为 2 列：“2025-10-01,holiday”。"], result.Errors);
    }

    [Fact]
    public void Every_bad_line_is_reported_in_file_order_and_no_day_is_returned()
    {
        var result = Parse("""
            date,kind,name
            2025-10-01,holiday,国庆节
            2025-10-32,holiday,国庆节
            2025-10-03,day-off,国庆节
            2025-10-08,workday,国庆节
            2025-10-01,holiday,国庆节
            2025-10-05
            2025-10-06,holiday,国庆节
            """);

        Assert.False(result.IsValid);
        Assert.Empty(result.Days);
        Assert.Empty(result.Years);
        Assert.Equal(5, result.Errors.Count);
        Assert.StartsWith("第 3 行：", result.Errors[0], StringComparison.Ordinal);
        Assert.StartsWith("第 4 行：", result.Errors[1], StringComparison.Ordinal);
        Assert.StartsWith("第 5 行：", result.Errors[2], StringComparison.Ordinal);
        Assert.StartsWith("第 6 行：", result.Errors[3], StringComparison.Ordinal);
        Assert.StartsWith("第 7 行：", result.Errors[4], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("date,kind,name\n")]
    [InlineData("\uFEFFdate,kind,name\r\n")]
    [InlineData("# nothing yet\n")]
    public void A_file_without_any_date_is_an_error(string text)
    {
        var result = Parse(text);

        Assert.False(result.IsValid);
        Assert.Empty(result.Days);
        Assert.Equal(["文件中没有任何日期。"], result.Errors);
    }

    [Fact]
    public void A_header_after_leading_comments_is_recognised()
    {
        var result = Parse("# 2027 年节假日\n\ndate,kind,name\n2027-01-01,holiday,元旦\n");

        Assert.True(result.IsValid);
        Assert.Equal([new DateOnly(2027, 1, 1)], result.Days.Select(d => d.Date));
    }

    [Fact]
    public void A_fourth_column_is_refused_instead_of_joining_the_name()
    {
        var result = Parse("date,kind,name\n2026-01-01,holiday,元旦,extra\n");

        Assert.Equal(["第 2 行：应有三列 date,kind,name，实际为 4 列：“2026-01-01,holiday,元旦,extra”。"], result.Errors);
    }
}
