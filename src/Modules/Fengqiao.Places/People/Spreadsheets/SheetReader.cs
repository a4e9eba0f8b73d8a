using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Fengqiao.Places.People.Spreadsheets;

/// <summary>One cell as read: its text, and whether the spreadsheet stored it as a number (Excel turns long digit
/// strings into numbers and loses the digits after the 15th — an identity number typed into a number cell is lost).</summary>
public readonly record struct SheetCell(string Text, bool WasNumber, double? Number = null);

/// <summary>A data row with the row number the user sees in the spreadsheet (the header is row 1 of a CSV).</summary>
public sealed record SheetRow(int Number, IReadOnlyList<SheetCell> Cells)
{
    public SheetCell this[int column] => column < Cells.Count ? Cells[column] : new SheetCell("", false);

    public bool IsBlank => Cells.All(c => string.IsNullOrWhiteSpace(c.Text));
}

/// <summary>A table read from a file: the header row, the data rows, and how it was read.</summary>
public sealed class SheetTable
{
    /// <summary>"xlsx" or "csv".</summary>
    public required string Format { get; init; }

    /// <summary>For CSV: "UTF-8 (BOM)", "UTF-8" or "GB18030 (GBK)"; null for xlsx.</summary>
    public string? Encoding { get; init; }

    public required IReadOnlyList<string> Headers { get; init; }

    /// <summary>Row number of the header (1 unless blank rows come first in a sheet).</summary>
    public int HeaderRow { get; init; } = 1;

    public required IReadOnlyList<SheetRow> Rows { get; init; }
}

/// <summary>Why a file could not be read as a table at all; the message is for people.</summary>
public sealed class SheetFormatException(string message) : Exception(message);

/// <summary>
/// Reads the first sheet of an .xlsx workbook (streaming, cached values of formulas, never evaluating them) or a CSV
/// file (RFC 4180: quoted fields may hold commas, quotes and line breaks). A CSV's encoding is detected: a BOM wins;
/// otherwise bytes that decode as strict UTF-8 are UTF-8, and anything else is read as GB18030, the superset of the
/// GBK that Excel on Chinese Windows saves. Reading stops with a clear message beyond <c>maxRows</c> data rows.
/// </summary>
public static class SheetReader
{
    public const string Utf8Bom = "UTF-8（带 BOM）";
    public const string Utf8 = "UTF-8";
    public const string Gb18030 = "GB18030（GBK）";

    /// <summary>Largest XML part of a workbook read (characters): far above 20,000 rows, far below a zip bomb.</summary>
    public const long MaxXlsxPartCharacters = 64L * 1024 * 1024;

    static SheetReader() => System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>"xlsx" or "csv" from the file name, or from the content (a zip archive is a workbook).</summary>
    public static string DetectFormat(string? fileName, ReadOnlySpan<byte> head)
    {
        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        return extension switch
        {
            ".xlsx" => "xlsx",
            ".csv" or ".txt" => "csv",
            ".xls" => throw new SheetFormatException("不支持旧版 Excel 97-2003 的 .xls 文件：请在 Excel 中“另存为” .xlsx 或 CSV 后再导入。"),
            _ when head.Length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4 => "xlsx",
            "" or ".tsv" => "csv",
            _ => throw new SheetFormatException($"不支持的文件类型“{extension}”：请上传 .xlsx 或 .csv 文件。"),
        };
    }

    public static SheetTable Read(byte[] content, string format, int maxRows, IProgress<int>? progress = null)
    {
        if (format != "xlsx")
        {
            return ReadCsv(content, maxRows, progress);
        }

        try
        {
            return ReadXlsx(content, maxRows, progress);
        }
        catch (Exception exception) when (exception is System.Xml.XmlException or InvalidDataException or OpenXmlPackageException or InvalidOperationException)
        {
            throw new SheetFormatException("工作簿的内容无法读取：文件已损坏，或解压后过大。请在 Excel 中另存为新的 .xlsx，或改用 CSV。");
        }
    }

    public static (string Text, string Encoding) Decode(byte[] content)
    {
        if (content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF)
        {
            return (new UTF8Encoding(false, true).GetString(content, 3, content.Length - 3), Utf8Bom);
        }

        if (content.Length >= 2 && ((content[0] == 0xFF && content[1] == 0xFE) || (content[0] == 0xFE && content[1] == 0xFF)))
        {
            var unicode = content[0] == 0xFF ? System.Text.Encoding.Unicode : System.Text.Encoding.BigEndianUnicode;
            return (unicode.GetString(content, 2, content.Length - 2), unicode == System.Text.Encoding.Unicode ? "UTF-16 LE" : "UTF-16 BE");
        }

        try
        {
            return (new UTF8Encoding(false, true).GetString(content), Utf8);
        }
        catch (DecoderFallbackException)
        {
            // Not UTF-8: Excel on Chinese Windows saves CSV in the ANSI code page, GBK (936); GB18030 reads all of it.
            var gb = System.Text.Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            try
            {
                return (gb.GetString(content), Gb18030);
            }
            catch (DecoderFallbackException)
            {
                throw new SheetFormatException("无法识别文件的编码：既不是 UTF-8，也不是 GBK/GB18030。请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入。");
            }
        }
    }

    private static SheetTable ReadCsv(byte[] content, int maxRows, IProgress<int>? progress)
    {
        var (text, encoding) = Decode(content);
        var delimiter = DetectDelimiter(text);
        var rows = new List<SheetRow>();
        IReadOnlyList<string>? headers = null;
        var number = 0;
        foreach (var record in CsvRecords(text, delimiter))
        {
            number++;
            if (headers is null)
            {
                headers = record;
                continue;
            }

            var row = new SheetRow(number, [.. record.Select(v => new SheetCell(v, false))]);
            if (row.IsBlank)
            {
                continue;
            }

            if (rows.Count >= maxRows)
            {
                throw new SheetFormatException($"文件的数据行超过上限：一次最多导入 {maxRows:N0} 行，请分成几个文件导入。");
            }

            rows.Add(row);
            if (rows.Count % 500 == 0)
            {
                progress?.Report(rows.Count);
            }
        }

        if (headers is null)
        {
            throw new SheetFormatException("文件是空的：第 1 行应为列标题。");
        }

        return new SheetTable { Format = "csv", Encoding = encoding, Headers = headers, Rows = rows };
    }

    /// <summary>Comma, or the semicolon / tab some regional Excel versions write, whichever the header line has most of.</summary>
    private static char DetectDelimiter(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        var line = end < 0 ? text : text[..end];
        var candidates = new[] { ',', ';', '\t' };
        var best = candidates.MaxBy(c => line.Count(ch => ch == c));
        return !line.Contains(best, StringComparison.Ordinal) ? ',' : best;
    }

    private static IEnumerable<string[]> CsvRecords(string text, char delimiter)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        var inQuotes = false;
        var any = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                        continue;
                    }

                    inQuotes = false;
                }
                else
                {
                    field.Append(c);
                }

                i++;
                continue;
            }

            if (c == '"' && field.Length == 0)
            {
                inQuotes = true;
                any = true;
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                any = true;
            }
            else if (c is '\r' or '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                yield return [.. fields];
                fields.Clear();
                any = false;
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
            }
            else
            {
                field.Append(c);
                any = true;
            }

            i++;
        }

        if (inQuotes)
        {
            throw new SheetFormatException("CSV 文件在末尾有未闭合的引号（\"），请检查最后几行。");
        }

        if (any || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return [.. fields];
        }
    }

    private static SheetTable ReadXlsx(byte[] content, int maxRows, IProgress<int>? progress)
    {
        SpreadsheetDocument document;
        try
        {
            // A few MB of zip can inflate to gigabytes of XML: no part may exceed MaxXlsxPartCharacters.
            document = SpreadsheetDocument.Open(new MemoryStream(content, writable: false), false, new OpenSettings { MaxCharactersInPart = MaxXlsxPartCharacters });
        }
        catch (Exception exception) when (exception is OpenXmlPackageException or InvalidDataException or FileFormatException or IOException or InvalidOperationException)
        {
            throw new SheetFormatException("不是有效的 .xlsx 文件（可能已损坏，或是改了扩展名的其他文件）。");
        }

        using (document)
        {
            var workbook = document.WorkbookPart ?? throw new SheetFormatException("工作簿中没有工作表。");
            var sheets = workbook.Workbook.Sheets?.Elements<Sheet>().ToList() ?? [];
            var sheet = sheets.FirstOrDefault(s => s.Name?.Value == ResidentSheet.SheetName) ?? sheets.FirstOrDefault()
                ?? throw new SheetFormatException("工作簿中没有工作表。");
            if (sheet.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart part)
            {
                throw new SheetFormatException($"工作表“{sheet.Name}”无法读取。");
            }

            var shared = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(item => item.InnerText).ToList() ?? [];
            var dates = DateStyles(workbook);
            IReadOnlyList<string>? headers = null;
            var headerRow = 1;
            var rows = new List<SheetRow>();
            using var reader = OpenXmlReader.Create(part);
            var lastRow = 0;
            while (reader.Read())
            {
                if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
                {
                    continue;
                }

                var row = (Row)reader.LoadCurrentElement()!;
                var number = row.RowIndex?.Value is { } index ? (int)index : lastRow + 1;
                lastRow = number;
                var cells = new List<SheetCell>();
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : cells.Count;
                    while (cells.Count < column)
                    {
                        cells.Add(new SheetCell("", false));
                    }

                    cells.Add(Value(cell, shared, dates));
                }

                var sheetRow = new SheetRow(number, cells);
                if (headers is null)
                {
                    if (sheetRow.IsBlank)
                    {
                        continue;
                    }

                    headers = [.. cells.Select(c => c.Text)];
                    headerRow = number;
                    continue;
                }

                if (sheetRow.IsBlank)
                {
                    continue;
                }

                if (rows.Count >= maxRows)
                {
                    throw new SheetFormatException($"文件的数据行超过上限：一次最多导入 {maxRows:N0} 行，请分成几个文件导入。");
                }

                rows.Add(sheetRow);
                if (rows.Count % 500 == 0)
                {
                    progress?.Report(rows.Count);
                }
            }

            if (headers is null)
            {
                throw new SheetFormatException($"工作表“{sheet.Name}”是空的：第 1 行应为列标题。");
            }

            return new SheetTable { Format = "xlsx", Headers = headers, HeaderRow = headerRow, Rows = rows };
        }
    }

    private static SheetCell Value(Cell cell, List<string> shared, HashSet<uint> dateStyles)
    {
        var raw = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return new SheetCell(int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Count ? shared[i] : "", false);
        }

        if (type == CellValues.InlineString)
        {
            return new SheetCell(cell.InlineString?.InnerText ?? "", false);
        }

        if (type == CellValues.String || type == CellValues.Error)
        {
            return new SheetCell(raw, false);
        }

        if (type == CellValues.Boolean)
        {
            return new SheetCell(raw == "1" ? "TRUE" : "FALSE", false);
        }

        if (raw.Length > 0 && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            if (cell.StyleIndex?.Value is { } style && dateStyles.Contains(style) && number is > 0 and < 2958466)
            {
                return new SheetCell(DateTime.FromOADate(number).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), true, number);
            }

            var text = number == Math.Floor(number) && Math.Abs(number) < 1e15
                ? ((long)number).ToString(CultureInfo.InvariantCulture)
                : number.ToString("R", CultureInfo.InvariantCulture);
            return new SheetCell(text, true, number);
        }

        return new SheetCell(raw, false);
    }

    /// <summary>Style indexes whose number format shows a date (built-in 14–22, 45–47, or a custom format with y/m/d).</summary>
    private static HashSet<uint> DateStyles(WorkbookPart workbook)
    {
        var result = new HashSet<uint>();
        var stylesheet = workbook.WorkbookStylesPart?.Stylesheet;
        if (stylesheet?.CellFormats is null)
        {
            return result;
        }

        var custom = stylesheet.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null)
            .ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode?.Value ?? "") ?? [];
        uint index = 0;
        foreach (var format in stylesheet.CellFormats.Elements<CellFormat>())
        {
            var id = format.NumberFormatId?.Value ?? 0;
            var isDate = id is >= 14 and <= 22 or >= 45 and <= 47
                || (custom.TryGetValue(id, out var code) && IsDateFormat(code));
            if (isDate)
            {
                result.Add(index);
            }

            index++;
        }

        return result;
    }

    private static bool IsDateFormat(string code)
    {
        // Text in quotes and [colour]/[locale] sections say nothing about dates.
        var plain = System.Text.RegularExpressions.Regex.Replace(code, "\"[^\"]*\"|\\[[^\\]]*\\]", "");
        return plain.IndexOfAny(['y', 'Y', 'd', 'D']) >= 0 || plain.Contains('年', StringComparison.Ordinal);
    }

    /// <summary>Zero-based column of a reference such as "C7" or "AB12".</summary>
    internal static int ColumnIndex(string reference)
    {
        var column = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c))
            {
                break;
            }

            column = (column * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
        }

        return Math.Max(column - 1, 0);
    }
}
