using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Fengqiao.Mediation.Statistics;

/// <summary>
/// 人民调解工作统计月报表 as an .xlsx: a title, then rows by dispute type with the usual columns (受理, 调解成功, 成功率,
/// 涉及金额, 调解成功涉及金额, 防止民转刑, 防止群体性上访) and a 合计 row, then the same columns by source and by tier, then the
/// summary figures (平均办理天数, 矛盾不上交率). Numbers are numeric cells, rates percentages rounded to 0.1%.
/// </summary>
public static class StatisticsWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static readonly string[] Columns = ["项目", "受理（件）", "调解成功（件）", "调解成功率", "涉及金额（元）", "调解成功涉及金额（元）", "防止民转刑（件）", "防止群体性上访（件）"];

    public static string FileName(StatisticsReport report) =>
        string.Create(CultureInfo.InvariantCulture, $"人民调解统计-{report.UnitName}-{report.From:yyyyMMdd}-{report.To.AddDays(-1):yyyyMMdd}.xlsx");

    public static byte[] Write(StatisticsReport report)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var rows = new List<object?[]>
            {
                new object?[] { "人民调解工作统计表" },
                new object?[] { $"统计单位：{report.UnitName}", null, null, $"统计期间：{report.From:yyyy-MM-dd} 至 {report.To.AddDays(-1):yyyy-MM-dd}" },
                Array.Empty<object?>(),
                new object?[] { "一、按纠纷类型" },
                Columns,
            };
            rows.AddRange(report.ByType.Select(Line));
            rows.Add(Line(report.Total));
            rows.Add([]);
            rows.Add(["二、按案件来源"]);
            rows.Add(Columns);
            rows.AddRange(report.BySource.Select(Line));
            rows.Add([]);
            rows.Add(["三、按调解层级（受理按现办理层级，成功按化解层级）"]);
            rows.Add(Columns);
            rows.AddRange(report.ByTier.Select(Line));
            rows.Add([]);
            rows.Add(["四、综合指标"]);
            rows.Add(["调解不成（件）", report.Failed]);
            rows.Add(["撤回（件）", report.Withdrawn]);
            rows.Add(["转出（件）", report.ReferredOut]);
            rows.Add(["尚在调解（件）", report.Open]);
            rows.Add(["平均办理天数", report.AverageDays]);
            rows.Add(["村（居）化解（件）", report.ResolvedAtCommunity]);
            rows.Add(["矛盾不上交率", new Percent(report.CommunityShare)]);
            for (var i = 0; i < rows.Count; i++)
            {
                data.Append(RowOf((uint)(i + 1), rows[i], header: ReferenceEquals(rows[i], Columns) || i == 0));
            }

            var columns = new DocumentFormat.OpenXml.Spreadsheet.Columns(
                new Column { Min = 1, Max = 1, Width = 24, CustomWidth = true },
                new Column { Min = 2, Max = 8, Width = 16, CustomWidth = true });
            sheetPart.Worksheet = new Worksheet(columns, data);
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "调解统计" });
            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static object?[] Line(StatisticsRow row) =>
        [row.Name, row.Accepted, row.Resolved, new Percent(row.SuccessRate), row.Amount, row.ResolvedAmount, row.CrimePrevented, row.MassPetitionPrevented];

    private static Row RowOf(uint number, object?[] values, bool header)
    {
        var row = new Row { RowIndex = number };
        for (var i = 0; i < values.Length; i++)
        {
            var reference = ColumnName(i) + number.ToString(CultureInfo.InvariantCulture);
            var cell = values[i] switch
            {
                null => null,
                string text => new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text)), StyleIndex = header ? 1U : 0U },
                Percent { Value: null } => new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text("—")) },
                Percent { Value: { } rate } => new Cell { CellReference = reference, CellValue = new CellValue(rate), DataType = CellValues.Number, StyleIndex = 2U },
                int count => new Cell { CellReference = reference, CellValue = new CellValue(count), DataType = CellValues.Number },
                decimal amount => new Cell { CellReference = reference, CellValue = new CellValue(amount), DataType = CellValues.Number, StyleIndex = 3U },
                double real => new Cell { CellReference = reference, CellValue = new CellValue(real), DataType = CellValues.Number },
                var other => new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Convert.ToString(other, CultureInfo.InvariantCulture) ?? "")) },
            };
            if (cell is not null)
            {
                row.Append(cell);
            }
        }

        return row;
    }

    private static string ColumnName(int index) => ((char)('A' + index)).ToString();

    /// <summary>Fonts: normal, bold; formats: general, bold text, 0.0%, #,##0.00.</summary>
    private static Stylesheet Stylesheet() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164U, FormatCode = "0.0%" }) { Count = 1U },
        new Fonts(new Font(new FontSize { Val = 11 }), new Font(new Bold(), new FontSize { Val = 11 })) { Count = 2U },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2U },
        new Borders(new Border()) { Count = 1U },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1U, ApplyFont = true },
            new CellFormat { NumberFormatId = 164U, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 4U, ApplyNumberFormat = true }) { Count = 4U });

    private sealed record Percent(double? Value);
}
