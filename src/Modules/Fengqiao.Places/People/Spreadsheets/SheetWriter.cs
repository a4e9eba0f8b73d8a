using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Fengqiao.Places.People.Spreadsheets;

/// <summary>A sheet to write: its name, headers, rows of text, and the columns that must be text (identity numbers).</summary>
public sealed record SheetContent(string Name, IReadOnlyList<string> Headers, IEnumerable<IReadOnlyList<string?>> Rows, IReadOnlySet<int>? TextColumns = null, IReadOnlyList<double>? Widths = null);

/// <summary>
/// Writes sheets as CSV (UTF-8 with BOM, so that Excel on Chinese Windows opens it without mojibake; CRLF; RFC 4180
/// quoting) or .xlsx. Every cell is written as a string — never a formula — and text a spreadsheet would execute is
/// neutralised by <see cref="SpreadsheetText.Neutralise"/>.
/// </summary>
public static class SheetWriter
{
    public const string XlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvMediaType = "text/csv";

    /// <summary>Style indexes of the stylesheet below.</summary>
    private const uint HeaderStyle = 1;
    private const uint TextStyle = 2;

    public static async Task WriteCsvAsync(Stream output, SheetContent sheet, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 65536, leaveOpen: true);
        await writer.WriteAsync(Line(sheet.Headers).AsMemory(), cancellationToken);
        foreach (var row in sheet.Rows)
        {
            await writer.WriteAsync(Line(row).AsMemory(), cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }

    public static string CsvField(string? value)
    {
        var text = SpreadsheetText.Neutralise(value);
        return text.IndexOfAny([',', '"', '\r', '\n', ';', '\t']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    /// <summary>Writes a workbook with the given sheets (streamed, so large exports stay small in memory).</summary>
    public static void WriteXlsx(Stream output, params SheetContent[] sheets)
    {
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var styles = workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = Stylesheet();
        var sheetList = workbook.Workbook.AppendChild(new Sheets());
        uint sheetId = 1;
        foreach (var sheet in sheets)
        {
            var part = workbook.AddNewPart<WorksheetPart>();
            WriteSheet(part, sheet);
            sheetList.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = sheetId++, Name = sheet.Name });
        }

        workbook.Workbook.Save();
    }

    private static string Line(IEnumerable<string?> values) => string.Join(',', values.Select(CsvField)) + "\r\n";

    private static void WriteSheet(WorksheetPart part, SheetContent sheet)
    {
        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());
        // The header stays in view while scrolling a long list.
        writer.WriteStartElement(new SheetViews());
        writer.WriteStartElement(new SheetView { WorkbookViewId = 0 });
        writer.WriteElement(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteStartElement(new Columns());
        for (var i = 0; i < sheet.Headers.Count; i++)
        {
            var width = sheet.Widths is { } widths && i < widths.Count ? widths[i] : 14;
            var column = new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = width, CustomWidth = true };
            if (sheet.TextColumns?.Contains(i) == true)
            {
                // Typed into by hand later, an identity number stays text instead of becoming 1.10105E+17.
                column.Style = TextStyle;
            }

            writer.WriteElement(column);
        }

        writer.WriteEndElement();
        writer.WriteStartElement(new SheetData());
        var rowNumber = 1;
        WriteRow(writer, rowNumber++, sheet.Headers, _ => HeaderStyle);
        foreach (var row in sheet.Rows)
        {
            WriteRow(writer, rowNumber++, row, i => sheet.TextColumns?.Contains(i) == true ? TextStyle : null);
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private static void WriteRow(OpenXmlWriter writer, int number, IReadOnlyList<string?> values, Func<int, uint?> style)
    {
        writer.WriteStartElement(new Row { RowIndex = (uint)number });
        for (var i = 0; i < values.Count; i++)
        {
            var text = SpreadsheetText.Neutralise(values[i]);
            if (text.Length == 0)
            {
                continue;
            }

            // An inline string: a value, never a formula (no <f>), whatever it starts with.
            var cell = new Cell { CellReference = Reference(i, number), DataType = CellValues.InlineString };
            if (style(i) is { } s)
            {
                cell.StyleIndex = s;
            }

            cell.Append(new InlineString(new Text(XmlSafe(text)) { Space = SpaceProcessingModeValues.Preserve }));
            writer.WriteElement(cell);
        }

        writer.WriteEndElement();
    }

    /// <summary>XML 1.0 cannot hold most control characters; they would make the file unreadable.</summary>
    private static string XmlSafe(string text) =>
        text.Any(c => c < 0x20 && c is not ('\t' or '\n' or '\r')) ? new string([.. text.Where(c => c >= 0x20 || c is '\t' or '\n' or '\r')]) : text;

    internal static string Reference(int column, int row)
    {
        var letters = "";
        var n = column + 1;
        while (n > 0)
        {
            var remainder = (n - 1) % 26;
            letters = (char)('A' + remainder) + letters;
            n = (n - 1) / 26;
        }

        return letters + row.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Stylesheet Stylesheet() =>
        new(
            new Fonts(
                new Font(new FontSize { Val = 11 }),
                new Font(new Bold(), new FontSize { Val = 11 })),
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())),
            new CellFormats(
                new CellFormat { FontId = 0, FillId = 0, BorderId = 0, NumberFormatId = 0 },
                new CellFormat { FontId = 1, FillId = 0, BorderId = 0, NumberFormatId = 49, ApplyFont = true, ApplyNumberFormat = true },
                // 49 is the built-in text format "@".
                new CellFormat { FontId = 0, FillId = 0, BorderId = 0, NumberFormatId = 49, ApplyNumberFormat = true }));
}
