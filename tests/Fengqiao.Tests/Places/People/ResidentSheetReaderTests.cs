using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Fengqiao.Places.People.Spreadsheets;
using static Fengqiao.Tests.Places.People.ResidentSheetFiles;

namespace Fengqiao.Tests.Places.People;

/// <summary>Reading and writing sheets without a database: encodings, CSV quoting, xlsx cells, formula neutralisation.</summary>
public sealed class ResidentSheetReaderTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")")]
    [InlineData("+8613812345678", "'+8613812345678")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("＝1+1", "'＝1+1")]
    [InlineData("王德明", "王德明")]
    [InlineData("2-501", "2-501")]
    public void Text_a_spreadsheet_would_execute_is_prefixed_and_the_prefix_comes_off_on_import(string value, string written)
    {
        Assert.Equal(written, SpreadsheetText.Neutralise(value));
        Assert.Equal(value, SpreadsheetText.Restore(SpreadsheetText.Neutralise(value)));
    }

    [Fact]
    public void Utf8_with_and_without_bom_and_gbk_are_told_apart()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        const string text = "姓名,户籍地\r\n张秀英,江苏省无锡市宜兴市\r\n";

        var withBom = SheetReader.Decode([.. new UTF8Encoding(true).GetPreamble(), .. Encoding.UTF8.GetBytes(text)]);
        var plain = SheetReader.Decode(Encoding.UTF8.GetBytes(text));
        var gbk = SheetReader.Decode(Encoding.GetEncoding(936).GetBytes(text));

        Assert.Equal((text, SheetReader.Utf8Bom), withBom);
        Assert.Equal((text, SheetReader.Utf8), plain);
        Assert.Equal((text, SheetReader.Gb18030), gbk);
    }

    [Fact]
    public void Csv_fields_may_hold_commas_quotes_and_line_breaks_and_rows_keep_their_spreadsheet_numbers()
    {
        var csv = "a,b\r\n\"1,2\",\"he said \"\"hi\"\"\"\r\n\r\n\"line\nbreak\",x\r\n";

        var table = SheetReader.Read(Encoding.UTF8.GetBytes(csv), "csv", 10);

        Assert.Equal(["a", "b"], table.Headers);
        Assert.Equal([2, 4], table.Rows.Select(r => r.Number));
        Assert.Equal("1,2", table.Rows[0][0].Text);
        Assert.Equal("he said \"hi\"", table.Rows[0][1].Text);
        Assert.Equal("line\nbreak", table.Rows[1][0].Text);
    }

    [Fact]
    public void An_xlsx_written_by_the_export_reads_back_as_the_same_text()
    {
        var row = Row("320282001001001", "人民南路88号阳光花园", "3", "2-501", "王德明", "32028219580315123X", "13812345678", "户主", null, "=HYPERLINK(\"http://x\",\"y\")");

        var table = SheetReader.Read(Xlsx([row]), "xlsx", 10);

        Assert.Equal(ResidentSheetFiles.Headers, table.Headers);
        var read = Assert.Single(table.Rows);
        Assert.Equal(2, read.Number);
        Assert.Equal("'=HYPERLINK(\"http://x\",\"y\")", read[11].Text);
        Assert.Equal("32028219580315123X", read[7].Text);
        Assert.False(read[7].WasNumber);
    }

    [Fact]
    public void Too_many_rows_stop_the_reading_with_the_limit()
    {
        var csv = "a\r\n" + string.Concat(Enumerable.Repeat("x\r\n", 11));

        var problem = Assert.Throws<SheetFormatException>(() => SheetReader.Read(Encoding.UTF8.GetBytes(csv), "csv", 10));

        Assert.Contains("10", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Excel_numbers_are_marked_and_date_serials_read_as_dates()
    {
        // As Excel saves a sheet typed by hand: the identity number became 1.10105E+17, the birth date a date serial.
        var table = SheetReader.Read(HandTypedWorkbook(), "xlsx", 10);

        var row = Assert.Single(table.Rows);
        Assert.Equal(["姓名", "身份证号码", "出生日期", "联系电话"], table.Headers);
        Assert.True(row[1].WasNumber);
        Assert.Equal("1985-03-15", row[2].Text);
        Assert.Equal("13812345678", row[3].Text);
    }

    private static byte[] HandTypedWorkbook()
    {
        using var output = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new Fonts(new Font()),
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None })),
                new Borders(new Border()),
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }));
            var sheet = workbook.AddNewPart<WorksheetPart>();
            static Cell Text(string reference, string text) => new(new InlineString(new Text(text))) { CellReference = reference, DataType = CellValues.InlineString };
            static Cell Number(string reference, string value, uint? style = null) => new(new CellValue(value)) { CellReference = reference, StyleIndex = style };
            sheet.Worksheet = new Worksheet(new SheetData(
                new Row(Text("A1", "姓名"), Text("B1", "身份证号码"), Text("C1", "出生日期"), Text("D1", "联系电话")) { RowIndex = 1 },
                new Row(Text("A2", "王德明"), Number("B2", "3.2028219850315E+17"), Number("C2", "31121", 1), Number("D2", "13812345678")) { RowIndex = 2 }));
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "Sheet1" }));
            workbook.Workbook.Save();
        }

        return output.ToArray();
    }
}
