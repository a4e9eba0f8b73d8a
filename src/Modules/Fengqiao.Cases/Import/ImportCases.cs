using System.Globalization;
using Fengqiao.Cases.Classification;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Intake;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sylvan.Data.Csv;

namespace Fengqiao.Cases.Import;

/// <param name="FileName">The uploaded file's name, for the report.</param>
/// <param name="DryRun">Run every row through the pipeline and report what would happen; nothing is kept.</param>
/// <param name="ValidOnly">Keep the rows without problems and skip the others, instead of refusing the whole file.</param>
public sealed record CaseImportRequest(string? FileName, bool DryRun = false, bool ValidOnly = false);

/// <summary>
/// 批量导入: turns a CSV of reports (a hotline system's export, a paper register typed up) into cases. Each row goes
/// through <see cref="ReportCase"/>, the same pipeline as any report — validation, grid location, classification,
/// duplicate check, screening, routing — so an imported case is indistinguishable from one reported by hand. The whole
/// file runs in one transaction with a savepoint per row: a dry run and an all-or-nothing import with problems roll it
/// back, so nothing is half-written; "valid rows only" rolls back just the bad rows. The external id makes a re-import
/// idempotent: a row whose id was imported before is reported and left alone.
/// </summary>
public sealed class ImportCases(
    FengqiaoDbContext db, ICurrentActor actor, ReportCase intake, IAuditTrail audit, IOptionsMonitor<CaseImportOptions> options, TimeProvider time)
{
    public const string AuditAction = "cases.import";

    /// <summary>The columns, by their English key (as documented) and the Chinese headers a spreadsheet may carry.</summary>
    public static readonly IReadOnlyList<CaseImportColumn> Columns =
    [
        new("external_id", "外部编号", true),
        new("title", "标题", false),
        new("text", "内容", true),
        new("address", "地址", false),
        new("longitude", "经度", false),
        new("latitude", "纬度", false),
        new("unit_code", "社区编码", false),
        new("category_code", "类别编码", false),
        new("channel", "渠道", false),
        new("reporter_name", "上报人", false),
        new("reporter_phone", "联系电话", false),
        new("reported_at", "上报时间", false),
    ];

    /// <summary>Who may import: the staff who take hotline calls and file reports for a community or above.</summary>
    public static readonly IReadOnlyList<string> ImportRoles = [Roles.CommunityWorker, Roles.StreetOfficer, Roles.Supervisor, Roles.Administrator];

    private const int MaxRecordChars = 64 * 1024;

    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm", "yyyy/M/d", "yyyy-M-d H:mm", "yyyy-M-d",
    ];

    /// <summary>A template with the documented columns and one example row (UTF-8 with BOM, so Excel reads it).</summary>
    public static byte[] Template()
    {
        var text = string.Join(',', Columns.Select(c => c.Key)) + "\r\n"
            + "RX-2026-000001,小区门口垃圾堆放,阳光花园南门外绿化带旁边堆了很多生活垃圾，好几天没人清理。,宜城街道阳光花园南门,119.8165,31.3402,,E0102,热线,王秀英,13812345678,2026-11-20 09:30\r\n";
        return [.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(text)];
    }

    public async Task<CaseImportReport> ImportAsync(Stream content, CaseImportRequest request, IProgress<CaseImportProgress>? progress, CancellationToken ct)
    {
        if (!ImportRoles.Any(actor.IsInRole))
        {
            throw new ForbiddenException("您没有批量导入事件的权限（须为社区、街道受理人员或督办人员）。");
        }

        var limits = options.CurrentValue;
        var report = new CaseImportReport { FileName = request.FileName, DryRun = request.DryRun, ValidOnly = request.ValidOnly };
        var bytes = await ReadLimitedAsync(content, limits.MaxBytes, ct);
        if (bytes is null)
        {
            report.Problems.Add(new(null, null, $"文件过大：一次最多导入 {limits.MaxBytes / 1024.0 / 1024.0:0.#} MB，请分成几个文件导入。"));
            return report;
        }

        var rows = Parse(bytes, limits.MaxRows, report);
        if (report.HasFileProblem)
        {
            return report;
        }

        // Rows imported before: reported, never a second case.
        var ids = rows.Where(r => r.ExternalId is not null).Select(r => r.ExternalId!).Distinct().ToList();
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var hit in await db.Set<CaseImportRecord>().AsNoTracking().Where(r => chunk.Contains(r.ExternalId)).Select(r => new { r.ExternalId, r.TrackingCode }).ToListAsync(ct))
            {
                known[hit.ExternalId] = hit.TrackingCode;
            }
        }

        progress?.Report(new CaseImportProgress(0, rows.Count));
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var done = 0;
        var written = new List<CaseImportRow>();
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            if (row.Problems.Count == 0 && known.TryGetValue(row.ExternalId!, out var existing))
            {
                report.AlreadyImported++;
                report.Results.Add(new CaseImportRow(row.Number, row.ExternalId!, existing, null, null, null, false, true));
            }
            else if (row.Problems.Count == 0)
            {
                await transaction.CreateSavepointAsync("import_row", ct);
                try
                {
                    var receipt = await intake.ReportAsync(row.Request!, row.Channel, null, ct);
                    db.Add(new CaseImportRecord(row.ExternalId!, receipt.Id, receipt.TrackingCode, row.ReportedAt, time.GetUtcNow(), actor.Name));
                    await db.SaveChangesAsync(ct);
                    written.Add(new CaseImportRow(row.Number, row.ExternalId!, receipt.TrackingCode, receipt.Status.ToString(), receipt.CategoryCode, receipt.CommunityCode, receipt.NeedsTriage, false));
                }
                catch (Exception exception) when (exception is FengqiaoException or DbUpdateException)
                {
                    await transaction.RollbackToSavepointAsync("import_row", ct);
                    db.ChangeTracker.Clear();
                    AddPipelineProblems(row, exception);
                }

                db.ChangeTracker.Clear();
            }

            foreach (var problem in row.Problems)
            {
                report.Problems.Add(problem);
            }

            if (row.Problems.Count > 0)
            {
                report.SkippedRows.Add(row.Number);
            }

            done++;
            progress?.Report(new CaseImportProgress(done, rows.Count));
        }

        report.ValidRows = rows.Count(r => r.Problems.Count == 0);
        report.Created = written.Count;
        var keep = !request.DryRun && (request.ValidOnly || report.IsValid) && report.Created > 0;

        // Rolled-back rows had tracking codes that now name nothing: the report shows what they would become instead.
        report.Results.AddRange(keep ? written : written.Select(w => w with { TrackingCode = null }));
        report.Results.Sort((a, b) => a.Row.CompareTo(b.Row));
        if (!keep)
        {
            await transaction.RollbackAsync(ct);
            if (!request.DryRun)
            {
                report.Created = 0;
            }

            return report;
        }

        audit.Record(AuditAction, request.FileName ?? "csv", null, $"导入 {report.Created} 件，已导入过 {report.AlreadyImported} 行，跳过 {report.SkippedRows.Count} 行（共 {report.Rows} 行）");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        report.Imported = true;
        return report;
    }

    private List<ParsedRow> Parse(byte[] bytes, int maxRows, CaseImportReport report)
    {
        string text;
        try
        {
            (text, report.Encoding) = LabelledCsv.Decode(bytes);
        }
        catch (ValidationFailedException)
        {
            report.Problems.Add(new(null, null, "无法识别文件的编码：既不是 UTF-8，也不是 GBK/GB18030。请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入。"));
            return [];
        }

        var rows = new List<ParsedRow>();
        try
        {
            using var reader = CsvDataReader.Create(new StringReader(text), new CsvDataReaderOptions { HasHeaders = true, Delimiter = ',', MaxBufferSize = MaxRecordChars });
            var headers = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetName(i).Trim().TrimStart('\uFEFF')).ToList();
            var ordinals = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var column in Columns)
            {
                var index = headers.FindIndex(h => string.Equals(h, column.Key, StringComparison.OrdinalIgnoreCase) || h == column.Label);
                if (index >= 0)
                {
                    ordinals[column.Key] = index;
                }
                else if (column.Required)
                {
                    report.Problems.Add(new(null, column.Key, $"缺少必填列 {column.Key}（{column.Label}）。第 1 行应为列标题：{string.Join(",", Columns.Select(c => c.Key))}。"));
                }
            }

            if (report.HasFileProblem)
            {
                return [];
            }

            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var number = 1;
            while (reader.Read())
            {
                number++;
                string Cell(string key) => ordinals.TryGetValue(key, out var i) && i < reader.RowFieldCount ? Restore(reader.GetString(i).Trim()) : "";
                if (Enumerable.Range(0, reader.RowFieldCount).All(i => string.IsNullOrWhiteSpace(reader.GetString(i))))
                {
                    continue;
                }

                if (rows.Count >= maxRows)
                {
                    report.Problems.Add(new(null, null, $"文件的数据行超过上限：一次最多导入 {maxRows:N0} 行，请分成几个文件导入。"));
                    return [];
                }

                rows.Add(ParseRow(number, Cell, seen));
            }
        }
        catch (CsvRecordTooLargeException)
        {
            report.Problems.Add(new(null, null, $"有一条记录超过 {MaxRecordChars:N0} 个字符（可能是引号未闭合）。"));
            return [];
        }
        catch (CsvFormatException format)
        {
            report.Problems.Add(new(null, null, $"CSV 格式错误（第 {format.RowNumber} 行附近）：引号未闭合或字段格式不正确。"));
            return [];
        }

        report.Rows = rows.Count;
        if (rows.Count == 0)
        {
            report.Problems.Add(new(null, null, "文件中没有数据行：第 1 行是列标题，事件从第 2 行起每行一件。"));
        }

        return rows;
    }

    private ParsedRow ParseRow(int number, Func<string, string> cell, Dictionary<string, int> seen)
    {
        var row = new ParsedRow(number);
        var externalId = cell("external_id");
        if (externalId.Length == 0)
        {
            row.Add("external_id", "请填写外部编号（来源系统的工单号），重复导入时据此识别同一件事。");
        }
        else if (externalId.Length > CaseImportRecord.MaxExternalIdLength)
        {
            row.Add("external_id", $"外部编号不能超过 {CaseImportRecord.MaxExternalIdLength} 个字符。");
        }
        else if (seen.TryGetValue(externalId, out var first))
        {
            row.Add("external_id", $"与第 {first} 行的外部编号“{externalId}”重复。");
        }
        else
        {
            seen[externalId] = number;
            row.ExternalId = externalId;
        }

        var longitude = Number(row, cell("longitude"), "longitude", "经度");
        var latitude = Number(row, cell("latitude"), "latitude", "纬度");
        var channelText = cell("channel");
        row.Channel = channelText.ToLowerInvariant() switch
        {
            "" or "导入" or "import" => CaseChannel.Import,
            "热线" or "12345" or "hotline" => CaseChannel.Hotline,
            "居民" or "网站" or "resident" => CaseChannel.Resident,
            "接口" or "api" => CaseChannel.Api,
            _ => Unknown(row, channelText),
        };

        var reportedAt = cell("reported_at");
        if (reportedAt.Length > 0)
        {
            row.ReportedAt = ParseTime(reportedAt);
            if (row.ReportedAt is null)
            {
                row.Add("reported_at", $"“{Shorten(reportedAt)}”不是有效的时间，请写成 2026-11-20 09:30 的格式（北京时间）。");
            }
            else if (row.ReportedAt > time.GetUtcNow().AddMinutes(5))
            {
                row.Add("reported_at", "上报时间不能晚于现在。");
            }
        }

        var name = cell("reporter_name");
        var phone = cell("reporter_phone");
        row.Request = new ReportRequest(
            cell("title") is { Length: > 0 } title ? title : null, cell("text"), longitude, latitude, cell("address") is { Length: > 0 } address ? address : null,
            cell("unit_code") is { Length: > 0 } unit ? unit : null, cell("category_code") is { Length: > 0 } category ? category : null,

            // A row without any contact is anonymous: there is nobody to call back.
            name.Length == 0 && phone.Length == 0, name.Length > 0 ? name : null, phone.Length > 0 ? phone : null, null, null, null, null);
        return row;
    }

    private static CaseChannel Unknown(ParsedRow row, string text)
    {
        row.Add("channel", $"不认识的渠道“{Shorten(text)}”：请填写 热线、居民、接口 或留空（导入）。");
        return CaseChannel.Import;
    }

    private static double? Number(ParsedRow row, string text, string column, string label)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        row.Add(column, $"{label}“{Shorten(text)}”不是数字，请填写如 119.8165 的小数（WGS84）。");
        return null;
    }

    private static DateTimeOffset? ParseTime(string text)
    {
        if ((text.EndsWith('Z') || text.Contains('+', StringComparison.Ordinal) || text.LastIndexOf('-') > 7)
            && text.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return instant.ToUniversalTime();
        }

        if (DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return ChinaTime.At(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local)).ToUniversalTime();
        }

        return null;
    }

    /// <summary>Problems the pipeline found, put in the row's columns (ReportCase names fields as the API does).</summary>
    private static void AddPipelineProblems(ParsedRow row, Exception exception)
    {
        switch (exception)
        {
            case ValidationFailedException invalid:
                foreach (var (field, messages) in invalid.Errors)
                {
                    foreach (var message in messages)
                    {
                        row.Add(ColumnOf(field), message);
                    }
                }

                break;
            case ForbiddenException forbidden:
                row.Add("channel", forbidden.Message);
                break;
            case FengqiaoException other:
                row.Add(null, other.Message);
                break;
            default:
                row.Add("external_id", "该外部编号刚被另一次导入写入，未重复建案。");
                break;
        }
    }

    private static string? ColumnOf(string field) => field switch
    {
        "title" => "title",
        "description" => "text",
        "address" => "address",
        "location" => "longitude",
        "unitCode" => "unit_code",
        "categoryCode" => "category_code",
        "contactPhone" => "reporter_phone",
        "contactName" => "reporter_name",
        _ when field.StartsWith("answers", StringComparison.Ordinal) => "category_code",
        _ => null,
    };

    /// <summary>
    /// Exports neutralise formula-like text with a leading apostrophe (CSV injection); one such apostrophe is taken off
    /// again. The text itself is stored as text and shown escaped: it is never evaluated.
    /// </summary>
    private static string Restore(string value) =>
        value.Length > 1 && value[0] == '\'' && value[1] is '=' or '+' or '-' or '@' or '＝' or '＋' or '－' or '＠' ? value[1..] : value;

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "…";

    private static async Task<byte[]?> ReadLimitedAsync(Stream content, long maxBytes, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private sealed class ParsedRow(int number)
    {
        public int Number { get; } = number;

        public string? ExternalId { get; set; }

        public CaseChannel Channel { get; set; } = CaseChannel.Import;

        public DateTimeOffset? ReportedAt { get; set; }

        public ReportRequest? Request { get; set; }

        public List<CaseImportProblem> Problems { get; } = [];

        public void Add(string? column, string message) => Problems.Add(new CaseImportProblem(Number, column, message));
    }
}

/// <summary>A column of the import file: its documented key, the Chinese header also accepted, and whether it is required.</summary>
public sealed record CaseImportColumn(string Key, string Label, bool Required);
