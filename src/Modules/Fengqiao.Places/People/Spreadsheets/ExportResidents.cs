using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Privacy;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fengqiao.Places.People.Spreadsheets;

/// <param name="Unit">Code of a grid, community, street … within the caller's jurisdiction.</param>
/// <param name="Format">"xlsx" (default) or "csv".</param>
/// <param name="Unmasked">Full names, identity numbers, phones and birth dates: needs the reveal permission and a purpose.</param>
/// <param name="Purpose">Why the unmasked data is needed (4 to 200 characters); written to the audit log.</param>
public sealed record ResidentExportRequest(string? Unit, string? Format = "xlsx", bool Unmasked = false, string? Purpose = null);

/// <summary>A finished export: the file's name, media type and bytes, and how many residents it holds.</summary>
public sealed record ResidentExportFile(string FileName, string MediaType, byte[] Content, int Residents);

/// <summary>
/// 导出实有人口: the residents of a unit within the caller's jurisdiction, one row each in the import's layout.
/// Masked by default, as lists show them (王**, 3202**********123X, 138****5678, birth year only; special-group tags
/// only for the roles that may see them). Unmasked needs one of the reveal roles and a stated purpose; the export is
/// written to the audit log — committed before any data leaves — and a refusal is logged as Denied. Every cell is
/// text; what a spreadsheet would execute is neutralised.
/// </summary>
public sealed class ExportResidents(FengqiaoDbContext db, ICurrentActor actor, IAuditTrail audit, PersonalDataProtector protector, IOptions<PlacesOptions> options)
{
    public const string AuditAction = "places.residents.export";

    public const int MinPurposeLength = 4;
    public const int MaxPurposeLength = 200;

    /// <summary>The template as a file: "xlsx" (with a notes sheet) or "csv" (UTF-8 with BOM, header and example row).</summary>
    public ResidentExportFile TemplateFile(string? format)
    {
        var kind = Format(format);
        var sheets = ResidentSheet.Template(options.Value.EffectiveSpecialGroups);
        return new ResidentExportFile($"实有人口导入模板.{kind}", MediaType(kind), Write(kind, sheets), 0);
    }

    public async Task<ResidentExportFile> ExportAsync(ResidentExportRequest request, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var format = Format(request.Format);
        var code = (request.Unit ?? "").Trim();
        if (code.Length == 0)
        {
            throw new ValidationFailedException("unit", "请指定要导出的单位（网格、社区或街道的代码）。");
        }

        var unit = await db.Set<AdministrativeUnit>().AsNoTracking().Where(u => u.Code == code).Select(u => new { u.Code, u.Name, u.Path }).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"单位 {code}");
        var purpose = (request.Purpose ?? "").Trim();
        if (request.Unmasked)
        {
            await CheckUnmaskedAsync(unit.Code, unit.Path, purpose, cancellationToken);
        }

        // Three single-entity reads joined in memory: each keeps its own jurisdiction filter.
        var residents = await db.Set<Resident>().AsNoTracking().Where(r => r.UnitPath.StartsWith(unit.Path) && !r.IsErased)
            .ToListAsync(cancellationToken);
        var households = await db.Set<Household>().AsNoTracking().Where(h => h.UnitPath.StartsWith(unit.Path))
            .ToDictionaryAsync(h => h.Id, cancellationToken);
        var buildings = await db.Set<Building>().AsNoTracking().Where(b => b.UnitPath.StartsWith(unit.Path))
            .ToDictionaryAsync(b => b.Id, cancellationToken);
        var withTags = PeopleRoles.MaySeeTags(actor);
        var rows = new List<IReadOnlyList<string?>>(residents.Count);
        var ordered = residents
            .Select(r => (Resident: r, Household: households.GetValueOrDefault(r.HouseholdId), Building: buildings.GetValueOrDefault(r.BuildingId)))
            .Where(x => x.Household is not null && x.Building is not null)
            .OrderBy(x => x.Building!.GridCode, StringComparer.Ordinal)
            .ThenBy(x => x.Building!.Street, StringComparer.Ordinal)
            .ThenBy(x => x.Building!.Number, NumericText.Comparer)
            .ThenBy(x => x.Household!.Room, NumericText.Comparer)
            .ThenBy(x => x.Resident.Relation)
            .ThenBy(x => x.Resident.BirthDate);
        foreach (var (resident, household, building) in ordered)
        {
            rows.Add(Row(resident, household!, building!, request.Unmasked, withTags));
            if (rows.Count % 500 == 0)
            {
                progress?.Report(rows.Count);
            }
        }

        audit.Record(
            AuditAction,
            $"unit:{unit.Code}",
            unit.Path,
            request.Unmasked ? $"导出 {rows.Count} 位居民（完整个人信息，{format}）；目的：{purpose}" : $"导出 {rows.Count} 位居民（脱敏，{format}）");
        // Committed before the file exists: no unmasked row leaves without its audit entry.
        await db.SaveChangesAsync(cancellationToken);
        progress?.Report(rows.Count);
        var name = $"实有人口-{unit.Name}-{unit.Code}{(request.Unmasked ? "-完整" : "")}.{format}";
        return new ResidentExportFile(name, MediaType(format), Write(format, [ResidentSheet.Sheet(rows)]), rows.Count);
    }

    public static string MediaType(string format) => format == "csv" ? SheetWriter.CsvMediaType + "; charset=utf-8" : SheetWriter.XlsxMediaType;

    private async Task CheckUnmaskedAsync(string code, string path, string purpose, CancellationToken cancellationToken)
    {
        string? refusal = null;
        if (!PeopleRoles.Reveal.Any(actor.IsInRole) || !actor.Scope.Covers(path))
        {
            refusal = "您没有导出完整个人信息的权限。";
        }
        else if (purpose.Length is < MinPurposeLength or > MaxPurposeLength)
        {
            refusal = purpose.Length == 0 ? "导出完整个人信息须说明用途。" : $"用途说明应为 {MinPurposeLength} 到 {MaxPurposeLength} 字，当前为 {purpose.Length} 字。";
        }

        if (refusal is null)
        {
            return;
        }

        await audit.RecordRefusalAsync(AuditAction, $"unit:{code}", AuditOutcome.Denied, $"完整导出被拒绝：{refusal}", path, cancellationToken);
        if (purpose.Length is >= MinPurposeLength and <= MaxPurposeLength || !PeopleRoles.Reveal.Any(actor.IsInRole))
        {
            throw new ForbiddenException(refusal);
        }

        throw new ValidationFailedException("purpose", refusal);
    }

    private IReadOnlyList<string?> Row(Resident r, Household household, Building building, bool unmasked, bool withTags)
    {
        string? identity;
        string? phone;
        string name;
        string? birth;
        if (unmasked)
        {
            identity = r.IdentityNumber is null ? null : protector.Decrypt(Resident.IdentityNumberField, r.IdentityNumber);
            phone = r.Phone is null ? null : protector.Decrypt(Resident.PhoneField, r.Phone);
            name = r.Name;
            birth = r.BirthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            identity = r.IdentityNumberMasked;
            phone = r.PhoneMasked;
            name = Masking.PersonName(r.Name);
            birth = r.BirthDate?.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return
        [
            building.GridCode,
            building.Street,
            building.Number,
            household.Room,
            name,
            r.Gender switch { Gender.Male => "男", Gender.Female => "女", _ => null },
            birth,
            identity,
            phone,
            r.Relation switch
            {
                HouseholdRelation.Head => "户主",
                HouseholdRelation.Spouse => "配偶",
                HouseholdRelation.Child => "子女",
                HouseholdRelation.Parent => "父母",
                _ => "其他",
            },
            r.ResidenceKind switch { ResidenceKind.Floating => "流动人口", ResidenceKind.Separated => "人户分离", _ => "户籍人口" },
            unmasked ? r.RegisteredResidence : Masking.Address(r.RegisteredResidence),
            withTags ? string.Join("、", r.Tags) : null,
        ];
    }

    private static string Format(string? format) => (format ?? "xlsx").Trim().TrimStart('.').ToLowerInvariant() switch
    {
        "" or "xlsx" or "excel" => "xlsx",
        "csv" => "csv",
        var other => throw new ValidationFailedException("format", $"不支持的格式“{other}”，应为 xlsx 或 csv。"),
    };

    private static byte[] Write(string format, SheetContent[] sheets)
    {
        using var output = new MemoryStream();
        if (format == "csv")
        {
            // A CSV holds one sheet; the template's notes are in the .xlsx and in docs/api.md.
            SheetWriter.WriteCsvAsync(output, sheets[0], CancellationToken.None).GetAwaiter().GetResult();
        }
        else
        {
            SheetWriter.WriteXlsx(output, sheets);
        }

        return output.ToArray();
    }
}
