using System.Globalization;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Privacy;
using Fengqiao.Places.Grids;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fengqiao.Places.People.Spreadsheets;

/// <param name="FileName">The uploaded file's name: its extension tells .xlsx from .csv (else the content does).</param>
/// <param name="DryRun">Validate only and return the report; nothing is written.</param>
/// <param name="ValidOnly">Import the rows without problems and skip the others, instead of refusing the whole file.</param>
public sealed record ResidentImportRequest(string? FileName, bool DryRun = false, bool ValidOnly = false);

/// <summary>
/// 批量导入实有人口: reads a resident sheet (.xlsx or CSV in UTF-8 or GBK), checks every row with the same rules as the
/// register form (<see cref="ResidentValidation"/>) plus what only a file can get wrong — headers, duplicates within
/// the file, grids outside the caller's jurisdiction, two heads in one household — and reports each problem with the
/// row number the spreadsheet shows, the column header and the reason. Buildings and households are matched by their
/// standard address or created. All or nothing by default: one transaction, and any problem means nothing is written.
/// The audit entry holds counts only, never personal data.
/// </summary>
public sealed class ImportResidents(
    FengqiaoDbContext db, ICurrentActor actor, IAuditTrail audit, PersonalDataProtector protector, IOptions<PlacesOptions> options, TimeProvider clock)
{
    public const string AuditAction = "places.residents.import";

    /// <summary>Rows written per SaveChanges inside the one transaction (progress is reported between batches).</summary>
    private const int WriteBatch = 500;

    /// <summary>Values per IN (…) list when looking up identity numbers.</summary>
    private const int LookupChunk = 500;

    private static readonly char[] TagSeparators = ['、', ';', '；', ',', '，', '/', '|'];

    public async Task<ResidentImportReport> ImportAsync(
        Stream content, ResidentImportRequest request, IProgress<ResidentImportProgress>? progress, CancellationToken cancellationToken)
    {
        if (!PeopleRoles.Manage.Any(actor.IsInRole))
        {
            throw new ForbiddenException("您没有导入实有人口的权限。");
        }

        var settings = options.Value;
        var report = new ResidentImportReport { FileName = request.FileName, DryRun = request.DryRun, ValidOnly = request.ValidOnly };
        var bytes = await ReadLimitedAsync(content, settings.MaxResidentImportBytes, cancellationToken);
        if (bytes is null)
        {
            report.Problems.Add(new(null, null, $"文件过大：一次最多导入 {settings.MaxResidentImportBytes / 1024 / 1024:N0} MB，请分成几个文件导入。"));
            return report;
        }

        SheetTable table;
        try
        {
            report.Format = SheetReader.DetectFormat(request.FileName, bytes);
            table = SheetReader.Read(bytes, report.Format, settings.MaxResidentImportRows, progress is null ? null : new ReadProgress(progress));
            report.Encoding = table.Encoding;
        }
        catch (SheetFormatException problem)
        {
            report.Problems.Add(new(null, null, problem.Message));
            return report;
        }

        report.Rows = table.Rows.Count;
        var columns = MapHeaders(table, report);
        if (report.Rows == 0)
        {
            report.Problems.Add(new(null, null, "文件中没有数据行：第 1 行是列标题，居民从第 2 行起每行一位。"));
        }

        if (!report.IsValid)
        {
            return report;
        }

        var candidates = new List<Candidate>(table.Rows.Count);
        var firstRowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var candidate = ReadRow(row, columns, settings.EffectiveSpecialGroups);
            if (candidate.Identity is { } identity)
            {
                if (firstRowOf.TryGetValue(identity.Value, out var first))
                {
                    candidate.Fail("identityNumber", $"与第 {first} 行的身份证号码重复，同一人只能登记一次。");
                }
                else
                {
                    firstRowOf[identity.Value] = row.Number;
                }
            }

            candidates.Add(candidate);
            if (candidates.Count % WriteBatch == 0)
            {
                progress?.Report(new(ResidentImportPhase.Validating, candidates.Count, report.Rows));
            }
        }

        var grids = await ResolveGridsAsync(candidates, cancellationToken);
        var places = await PlacesAsync(grids.Values, cancellationToken);
        CheckHouseholds(candidates, grids, places);
        await CheckRegisteredAsync(candidates, cancellationToken);
        progress?.Report(new(ResidentImportPhase.Validating, report.Rows, report.Rows));

        foreach (var candidate in candidates)
        {
            foreach (var (key, message) in candidate.Problems)
            {
                report.Problems.Add(new(candidate.Row, key is null ? null : columns.HeaderOf(key), message));
            }
        }

        var valid = candidates.Where(c => c.Problems.Count == 0).ToList();
        report.ValidRows = valid.Count;
        if (request.DryRun)
        {
            return report;
        }

        if (!report.IsValid && !request.ValidOnly)
        {
            await audit.RecordRefusalAsync(
                AuditAction, "residents", AuditOutcome.Failed, $"{report.Rows} 行中 {report.InvalidRows} 行有误（{report.Problems.Count} 处），未写入任何数据", cancellationToken: CancellationToken.None);
            return report;
        }

        report.SkippedRows.AddRange(candidates.Where(c => c.Problems.Count > 0).Select(c => c.Row));
        if (valid.Count == 0)
        {
            return report;
        }

        await WriteAsync(valid, grids, places, report, progress, cancellationToken);
        return report;
    }

    /// <summary>The whole file, or null when it is larger than the limit.</summary>
    internal static async Task<byte[]?> ReadLimitedAsync(Stream content, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ColumnMap MapHeaders(SheetTable table, ResidentImportReport report)
    {
        var map = new ColumnMap();
        for (var i = 0; i < table.Headers.Count; i++)
        {
            var header = table.Headers[i].Trim();
            if (header.Length == 0)
            {
                continue;
            }

            var column = ResidentSheet.Match(header);
            if (column is null)
            {
                report.Problems.Add(new(null, header, $"无法识别的列“{header}”（第 {SheetWriter.Reference(i, table.HeaderRow)} 格）。可用的列：{string.Join("、", ResidentSheet.Columns.Select(c => c.Header))}；请使用模板的列标题，或删除这一列。"));
            }
            else if (map.Index.TryGetValue(column.Key, out var earlier))
            {
                report.Problems.Add(new(null, header, $"列“{header}”与“{table.Headers[earlier].Trim()}”重复，都表示“{column.Header}”。"));
            }
            else
            {
                map.Index[column.Key] = i;
                map.Headers[column.Key] = header;
            }
        }

        foreach (var missing in ResidentSheet.Columns.Where(c => c.Required && !map.Index.ContainsKey(c.Key)))
        {
            report.Problems.Add(new(null, missing.Header, $"缺少必填列“{missing.Header}”。请下载模板，按模板的列标题填写。"));
        }

        return map;
    }

    private static Candidate ReadRow(SheetRow row, ColumnMap columns, IReadOnlyList<string> allowedTags)
    {
        var candidate = new Candidate(row.Number);
        string Text(string key) => columns.Index.TryGetValue(key, out var i) ? SpreadsheetText.Restore(row[i].Text.Trim()) : "";

        candidate.GridCode = Text(ResidentSheet.GridCode);
        candidate.Street = Text(ResidentSheet.Street);
        candidate.Number = Text(ResidentSheet.Building);
        candidate.Room = Text(ResidentSheet.Room);
        if (candidate.GridCode.Length == 0)
        {
            candidate.Fail(ResidentSheet.GridCode, "请填写网格编码。");
        }

        // The building and household constructors hold the address rules; placeholders stand in for the grid.
        try
        {
            var building = new Building(Guid.Empty, Guid.Empty, "", "", candidate.Street, candidate.Number, null, null, null, default);
            candidate.Street = building.Street;
            candidate.Number = building.Number;
            try
            {
                candidate.Room = new Household(building, candidate.Room, default).Room;
            }
            catch (ValidationFailedException invalid)
            {
                candidate.Fail(ResidentSheet.Room, invalid.Errors.SelectMany(e => e.Value));
            }
        }
        catch (ValidationFailedException invalid)
        {
            foreach (var (field, messages) in invalid.Errors)
            {
                candidate.Fail(field == "number" ? ResidentSheet.Building : ResidentSheet.Street, messages);
            }

            if (candidate.Room.Length is 0 or > 30)
            {
                candidate.Fail(ResidentSheet.Room, "请填写单元-室（如 2-501，1 到 30 字）。");
            }
        }

        var errors = new Dictionary<string, string[]>();
        Gender? gender = null;
        var genderText = Text("gender");
        if (genderText.Length > 0)
        {
            gender = genderText.ToUpperInvariant() switch
            {
                "男" or "男性" or "M" or "MALE" => Gender.Male,
                "女" or "女性" or "F" or "FEMALE" => Gender.Female,
                _ => null,
            };
            if (gender is null)
            {
                errors["gender"] = [$"性别“{genderText}”无效，应为 男 或 女。"];
            }
        }

        DateOnly? birthDate = null;
        var birthText = Text("birthDate");
        if (birthText.Length > 0)
        {
            birthDate = ParseDate(birthText);
            if (birthDate is null)
            {
                errors["birthDate"] = [$"出生日期“{birthText}”无法识别，应写作 1985-03-15 这样的日期。"];
            }
        }

        var identityText = Text("identityNumber");
        if (columns.Index.TryGetValue("identityNumber", out var identityColumn) && row[identityColumn].WasNumber)
        {
            // 18 digits do not fit a double: Excel keeps 15 and the rest are gone; nothing can recover them.
            errors["identityNumber"] = [$"身份证号码被 Excel 存成了数字（{identityText}），第 15 位以后的数字已丢失。请把该列设为“文本”格式后重新填写号码。"];
            identityText = "";
        }

        var tagsText = Text("specialGroups");
        var fields = new ResidentFields(
            Text("name"), gender, birthDate, identityText, Text("phone"), Text("relation"), Text("registeredResidence"), Text("residenceKind"),
            tagsText.Split(TagSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        ValidResident? valid = null;
        if (errors.ContainsKey("identityNumber"))
        {
            // Still report everything else the row gets wrong: check the other fields against a stand-in number.
            var others = new Dictionary<string, string[]>();
            ResidentValidation.Validate(fields with { IdentityNumber = ResidentSheet.ExampleIdentityNumber, Gender = null, BirthDate = null }, allowedTags, others);
            foreach (var (field, messages) in others)
            {
                errors.TryAdd(field, messages);
            }
        }
        else
        {
            valid = ResidentValidation.Validate(fields, allowedTags, errors);
        }

        foreach (var (field, messages) in errors)
        {
            candidate.Fail(field, messages);
        }

        // Checked for duplicates even when other fields of the row are wrong, so one report shows everything.
        if (!errors.ContainsKey("identityNumber") && ChineseIdentityNumber.TryParse(identityText, out var number, out _))
        {
            candidate.Identity = number;
        }

        if (valid is not null && valid.IdentityNumber.Value == ResidentSheet.ExampleIdentityNumber)
        {
            candidate.Fail(null, "这是模板中的示例行（样例身份证号码），请删除后再导入。");
        }

        candidate.Resident = candidate.Problems.Count == 0 ? valid : null;
        candidate.Parsed = valid;
        return candidate;
    }

    private static DateOnly? ParseDate(string text)
    {
        string[] formats = ["yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日", "yyyy-M-d H:mm:ss", "yyyy/M/d H:mm:ss", "yyyy-M-d H:mm", "yyyy/M/d H:mm"];
        return DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? DateOnly.FromDateTime(date) : null;
    }

    /// <summary>The grids the rows name, as far as the caller's jurisdiction reaches (the DbContext's filter).</summary>
    private async Task<Dictionary<string, GridRef>> ResolveGridsAsync(List<Candidate> candidates, CancellationToken cancellationToken)
    {
        var codes = candidates.Select(c => c.GridCode).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var grids = new Dictionary<string, GridRef>(StringComparer.Ordinal);
        foreach (var chunk in codes.Chunk(LookupChunk))
        {
            var found = await db.Set<Grid>().AsNoTracking().Where(g => chunk.Contains(g.Code))
                .Select(g => new GridRef(g.Id, g.UnitId, g.Code, g.UnitPath))
                .ToListAsync(cancellationToken);
            foreach (var grid in found)
            {
                grids[grid.Code] = grid;
            }
        }

        foreach (var candidate in candidates.Where(c => c.GridCode.Length > 0 && !grids.ContainsKey(c.GridCode)))
        {
            candidate.Fail(ResidentSheet.GridCode, $"网格编码“{candidate.GridCode}”不存在，或不在您的管辖范围内。");
        }

        return grids;
    }

    /// <summary>The existing buildings of the grids and the existing households of those buildings.</summary>
    private async Task<ExistingPlaces> PlacesAsync(IEnumerable<GridRef> grids, CancellationToken cancellationToken)
    {
        var places = new ExistingPlaces();
        foreach (var chunk in grids.Select(g => g.Id).Chunk(LookupChunk))
        {
            var buildings = await db.Set<Building>().Where(b => chunk.Contains(b.GridId)).ToListAsync(cancellationToken);
            foreach (var building in buildings)
            {
                places.Buildings.TryAdd((building.GridId, building.Street, building.Number), building);
            }
        }

        foreach (var chunk in places.Buildings.Values.Select(b => b.Id).Chunk(LookupChunk))
        {
            var households = await db.Set<Household>().Where(h => chunk.Contains(h.BuildingId)).ToListAsync(cancellationToken);
            foreach (var household in households)
            {
                places.Households.TryAdd((household.BuildingId, household.Room), household);
            }
        }

        return places;
    }

    /// <summary>One head (户主) per household: none in the file if the household already has one, and at most one row.</summary>
    private static void CheckHouseholds(List<Candidate> candidates, Dictionary<string, GridRef> grids, ExistingPlaces places)
    {
        var headRow = new Dictionary<(string, string, string, string), int>();
        foreach (var candidate in candidates)
        {
            if (candidate.Parsed is not { Relation: HouseholdRelation.Head } || !grids.TryGetValue(candidate.GridCode, out var grid))
            {
                continue;
            }

            if (places.Buildings.TryGetValue((grid.Id, candidate.Street, candidate.Number), out var building)
                && places.Households.TryGetValue((building.Id, candidate.Room), out var household) && household.HeadResidentId is not null)
            {
                candidate.Fail("relation", $"“{building.Address}{candidate.Room}”已登记户主；一户只能有一位户主。");
                continue;
            }

            var key = (candidate.GridCode, candidate.Street, candidate.Number, candidate.Room);
            if (headRow.TryGetValue(key, out var first))
            {
                candidate.Fail("relation", $"第 {first} 行已是该户的户主；一户只能有一位户主。");
            }
            else
            {
                headRow[key] = candidate.Row;
            }
        }
    }

    /// <summary>An identity number already registered anywhere is refused (one entity, filters lifted), without saying where.</summary>
    private async Task CheckRegisteredAsync(List<Candidate> candidates, CancellationToken cancellationToken)
    {
        var byIndex = new Dictionary<string, List<Candidate>>(StringComparer.Ordinal);
        foreach (var candidate in candidates.Where(c => c.Identity is not null))
        {
            var index = protector.BlindIndex(Resident.IdentityNumberField, candidate.Identity!.Value);
            candidate.IdentityIndex = index;
            if (!byIndex.TryGetValue(index, out var list))
            {
                byIndex[index] = list = [];
            }

            list.Add(candidate);
        }

        foreach (var chunk in byIndex.Keys.Chunk(LookupChunk))
        {
            var registered = await db.Set<Resident>().IgnoreQueryFilters().AsNoTracking()
                .Where(r => r.IdentityNumberIndex != null && chunk.Contains(r.IdentityNumberIndex))
                .Select(r => r.IdentityNumberIndex!)
                .ToListAsync(cancellationToken);
            foreach (var index in registered)
            {
                foreach (var candidate in byIndex[index])
                {
                    candidate.Fail("identityNumber", "该身份证号码已登记，同一人不能重复登记；如其已搬迁，请由原辖区办理迁出后再登记。");
                }
            }
        }
    }

    private async Task WriteAsync(
        List<Candidate> rows, Dictionary<string, GridRef> grids, ExistingPlaces places, ResidentImportReport report, IProgress<ResidentImportProgress>? progress, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var matched = new HashSet<Guid>();
        var created = new HashSet<Guid>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var done = 0;
            var batch = new List<Resident>(WriteBatch);
            foreach (var row in rows)
            {
                var grid = grids[row.GridCode];
                if (!places.Buildings.TryGetValue((grid.Id, row.Street, row.Number), out var building))
                {
                    building = new Building(grid.Id, grid.UnitId, grid.Code, grid.UnitPath, row.Street, row.Number, null, null, null, now);
                    places.Buildings[(grid.Id, row.Street, row.Number)] = building;
                    db.Add(building);
                    report.BuildingsCreated++;
                }

                if (!places.Households.TryGetValue((building.Id, row.Room), out var household))
                {
                    household = new Household(building, row.Room, now);
                    places.Households[(building.Id, row.Room)] = household;
                    db.Add(household);
                    created.Add(household.Id);
                }
                else if (!created.Contains(household.Id))
                {
                    matched.Add(household.Id);
                }

                var resident = Resident.Create(household, row.Resident!, protector, now);
                if (resident.Relation == HouseholdRelation.Head)
                {
                    household.SetHead(resident.Id);
                }

                db.Add(resident);
                batch.Add(resident);
                done++;
                if (done % WriteBatch == 0)
                {
                    await db.SaveChangesAsync(cancellationToken);
                    // Written residents are never touched again: untracked, they no longer slow every later DetectChanges.
                    batch.ForEach(r => db.Entry(r).State = EntityState.Detached);
                    batch.Clear();
                    progress?.Report(new(ResidentImportPhase.Writing, done, rows.Count));
                }
            }

            report.ResidentsCreated = done;
            report.HouseholdsCreated = created.Count;
            report.HouseholdsMatched = matched.Count;
            audit.Record(
                AuditAction,
                "residents",
                CommonPath(rows.Select(r => grids[r.GridCode].UnitPath)),
                $"导入 {report.ResidentsCreated} 位居民，新建 {report.HouseholdsCreated} 户、{report.BuildingsCreated} 栋楼，并入已有的 {report.HouseholdsMatched} 户"
                + (report.SkippedRows.Count > 0 ? $"；跳过有误的 {report.SkippedRows.Count} 行" : "") + $"（{report.Format}，共 {report.Rows} 行）");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            progress?.Report(new(ResidentImportPhase.Writing, done, rows.Count));
            report.Imported = true;
        }
        catch (DbUpdateException)
        {
            // Someone registered one of these numbers (or this address) between the check and the commit.
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            report.ResidentsCreated = report.HouseholdsCreated = report.HouseholdsMatched = report.BuildingsCreated = 0;
            report.Problems.Add(new(null, null, "写入时与其他人刚刚登记的数据冲突（可能是相同的身份证号码或地址），未写入任何数据。请重新导入以查看具体的行。"));
        }
    }

    /// <summary>The deepest unit path shared by all rows: the audit entry is filed where everyone concerned can see it.</summary>
    private static string CommonPath(IEnumerable<string> paths)
    {
        string? common = null;
        foreach (var path in paths.Distinct(StringComparer.Ordinal))
        {
            if (common is null)
            {
                common = path;
                continue;
            }

            var length = 0;
            for (var i = 0; i < Math.Min(common.Length, path.Length); i++)
            {
                if (common[i] != path[i])
                {
                    break;
                }

                if (common[i] == '/')
                {
                    length = i + 1;
                }
            }

            common = common[..length];
        }

        return common is { Length: > 1 } ? common : "/";
    }

    private sealed record GridRef(Guid Id, Guid UnitId, string Code, string UnitPath);

    private sealed class ExistingPlaces
    {
        public Dictionary<(Guid GridId, string Street, string Number), Building> Buildings { get; } = [];

        public Dictionary<(Guid BuildingId, string Room), Household> Households { get; } = [];
    }

    private sealed class ColumnMap
    {
        public Dictionary<string, int> Index { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Headers { get; } = new(StringComparer.Ordinal);

        /// <summary>The header as the file wrote it, or the template's header for a column the file does not have.</summary>
        public string HeaderOf(string key) => Headers.TryGetValue(key, out var header) ? header : ResidentSheet.Column(key).Header;
    }

    private sealed class Candidate(int row)
    {
        public int Row { get; } = row;

        public string GridCode { get; set; } = "";

        public string Street { get; set; } = "";

        public string Number { get; set; } = "";

        public string Room { get; set; } = "";

        /// <summary>The resident, when the row's own fields are all valid (file-wide checks may still fail it).</summary>
        public ValidResident? Parsed { get; set; }

        public ValidResident? Resident { get; set; }

        /// <summary>The row's identity number when it is itself valid.</summary>
        public ChineseIdentityNumber? Identity { get; set; }

        public string? IdentityIndex { get; set; }

        /// <summary>Column key (null: the whole row) and message.</summary>
        public List<(string? Key, string Message)> Problems { get; } = [];

        public void Fail(string? key, string message) => Problems.Add((key, message));

        public void Fail(string key, IEnumerable<string> messages) => Problems.AddRange(messages.Select(m => ((string?)key, m)));
    }

    private sealed class ReadProgress(IProgress<ResidentImportProgress> progress) : IProgress<int>
    {
        public void Report(int value) => progress.Report(new(ResidentImportPhase.Reading, value, 0));
    }
}
