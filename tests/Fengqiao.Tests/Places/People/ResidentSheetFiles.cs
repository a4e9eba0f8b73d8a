using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Fengqiao.Places.People.Spreadsheets;

namespace Fengqiao.Tests.Places.People;

/// <summary>Resident sheets as a community worker would fill them in, and the API's import report.</summary>
internal static class ResidentSheetFiles
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly string[] Headers = [.. ResidentSheet.Columns.Select(c => c.Header)];

    /// <summary>A row in the template's column order; gender, birth date and the rest optional.</summary>
    public static string[] Row(
        string grid, string street, string building, string room, string name, string identityNumber, string? phone = null, string relation = "户主",
        string? kind = null, string? registeredResidence = null, string? tags = null, string? gender = null, string? birthDate = null) =>
        [grid, street, building, room, name, gender ?? "", birthDate ?? "", identityNumber, phone ?? "", relation, kind ?? "", registeredResidence ?? "", tags ?? ""];

    /// <summary>RFC 4180 text, written by hand (no escaping of formulas: that is what an attacker's file looks like).</summary>
    public static string CsvText(IEnumerable<string[]> rows, IReadOnlyList<string>? headers = null)
    {
        static string Field(string value) => value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
        var text = new StringBuilder();
        foreach (var row in new[] { (headers ?? Headers).ToArray() }.Concat(rows))
        {
            text.Append(string.Join(',', row.Select(Field))).Append("\r\n");
        }

        return text.ToString();
    }

    public static byte[] Csv(IEnumerable<string[]> rows, IReadOnlyList<string>? headers = null, Encoding? encoding = null) =>
        (encoding ?? new UTF8Encoding(false)).GetBytes(CsvText(rows, headers));

    public static byte[] Xlsx(IEnumerable<string[]> rows)
    {
        using var output = new MemoryStream();
        SheetWriter.WriteXlsx(output, ResidentSheet.Sheet(rows.Select(r => (IReadOnlyList<string?>)r).ToList()));
        return output.ToArray();
    }

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] content, string fileName, string query = "")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".xlsx", StringComparison.Ordinal) ? SheetWriter.XlsxMediaType : "text/csv");
        form.Add(file, "file", fileName);
        return await client.PostAsync("/api/v1/places/residents/import" + query, form);
    }

    /// <summary>The report, from a 200 body or from the "report" member of a 400 problem.</summary>
    public static async Task<ReportBody> ReportAsync(HttpResponseMessage response)
    {
        var json = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(json);
        var element = document.RootElement.TryGetProperty("report", out var report) ? report : document.RootElement;
        return element.Deserialize<ReportBody>(Json)!;
    }

    /// <summary>The text of every cell of the first sheet, by reference ("A1"), and whether any cell holds a formula.</summary>
    public static (Dictionary<string, string> Cells, bool AnyFormula, List<string> SheetNames) ReadXlsx(byte[] content)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(content), false);
        var workbook = document.WorkbookPart!;
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToList();
        var part = (WorksheetPart)workbook.GetPartById(sheets[0].Id!);
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var cells = new Dictionary<string, string>(StringComparer.Ordinal);
        var anyFormula = false;
        foreach (var cell in part.Worksheet.Descendants<Cell>())
        {
            anyFormula |= cell.CellFormula is not null;
            var text = cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.InnerText
                : cell.DataType?.Value == CellValues.SharedString ? shared[int.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)]
                : cell.CellValue?.Text ?? "";
            cells[cell.CellReference!.Value!] = text;
        }

        return (cells, anyFormula, [.. sheets.Select(s => s.Name!.Value!)]);
    }

    internal sealed record ProblemBody(int? Row, string? Column, string Message);

    internal sealed record ReportBody(
        string? FileName, string? Format, string? Encoding, int Rows, int ValidRows, bool DryRun, bool ValidOnly, bool Imported,
        int ResidentsCreated, int HouseholdsCreated, int HouseholdsMatched, int BuildingsCreated, List<int> SkippedRows, List<ProblemBody> Problems);
}
