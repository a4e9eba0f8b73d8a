using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Units;
using Fengqiao.Places.Boundaries;
using Fengqiao.Places.Geo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace Fengqiao.Places.Grids;

/// <param name="Crs">"wgs84" or "gcj02"; null to take the file's own top-level "crs", else WGS84.</param>
/// <param name="ValidOnly">Import the valid features and skip the others, instead of refusing the whole file.</param>
/// <param name="DryRun">
/// 仅校验: check everything and report what would be created or redrawn, but write nothing (the import wizard's
/// validation step).
/// </param>
/// <param name="Community">The community of features whose properties name none (the wizard's choice).</param>
/// <param name="CodeFormat">The code scheme for new grids in this import; null for the configured one.</param>
public sealed record GridImportRequest(string? Crs, bool ValidOnly, bool DryRun = false, string? Community = null, string? CodeFormat = null);

/// <summary>
/// 导入网格: reads a GeoJSON FeatureCollection of grid polygons (properties code, name, community, kind, purpose),
/// checks every feature and reports each problem with the feature's index and the place it is. A file with any
/// problem writes nothing unless the caller asks for the valid features only. New grids become units under their
/// community with the next free code; features with an existing code redraw and rename that grid. One transaction,
/// audited. Only communities within the caller's jurisdiction are known.
/// </summary>
public sealed partial class GridGeoJsonImport(FengqiaoDbContext db, IAuditTrail audit, CountyOutlines outlines, IOptions<PlacesOptions> options)
{
    public const string AuditAction = "places.import-grids";

    /// <summary>Overlaps smaller than this (m²) are rounding, not a drawing mistake.</summary>
    private const double OverlapToleranceSquareMetres = 1.0;

    /// <summary>A part of a community that no basic grid covers is reported from this size (m²) up, past the shared-edge tolerance.</summary>
    public const double CommunityGapThresholdSquareMetres = 100.0;

    public async Task<GridImportReport> ImportAsync(Stream json, GridImportRequest request, CancellationToken cancellationToken)
    {
        var report = new GridImportReport { DryRun = request.DryRun };
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(json, cancellationToken: cancellationToken);
        }
        catch (JsonException exception)
        {
            report.Problems.Add(new GridImportProblem(null, null, $"不是有效的 JSON：{exception.Message}", null));
            return report;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || PolygonFeatureReader.Text(root, "type") != "FeatureCollection"
                || !root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            {
                report.Problems.Add(new GridImportProblem(null, null, "应为 GeoJSON FeatureCollection（含 features 数组）。", null));
                return report;
            }

            var crs = ReadCrs(request.Crs, root, report);
            var codeFormat = ReadCodeFormat(request.CodeFormat, report);
            report.Features = features.GetArrayLength();
            if (report.Features > options.Value.MaxImportFeatures)
            {
                report.Problems.Add(new GridImportProblem(null, null, $"要素过多（{report.Features} 个），一次最多导入 {options.Value.MaxImportFeatures} 个。", null));
                return report;
            }

            if (report.Features == 0)
            {
                report.Problems.Add(new GridImportProblem(null, null, "文件中没有任何要素。", null));
            }

            if (!report.IsValid)
            {
                return report;
            }

            var candidates = new List<Candidate>();
            var index = 0;
            foreach (var feature in features.EnumerateArray())
            {
                candidates.Add(ReadFeature(index++, feature, crs, request.Community?.Trim(), report));
            }

            await CheckAgainstDatabaseAsync(candidates, report, cancellationToken);
            CheckLayout(candidates, crs, report);
            await CheckCommunityBoundariesAsync(candidates, crs, report, cancellationToken);

            var invalid = report.Problems.Where(p => p.Index is not null).Select(p => p.Index!.Value).ToHashSet();
            if (!report.IsValid && !request.ValidOnly)
            {
                return report;
            }

            report.Skipped.AddRange(invalid.Order());
            var accepted = candidates.Where(c => !invalid.Contains(c.Index)).ToList();
            if (accepted.Count == 0)
            {
                return report;
            }

            await WriteAsync(accepted, codeFormat, !request.DryRun, report, cancellationToken);
            return report;
        }
    }

    private static string ReadCrs(string? requested, JsonElement root, GridImportReport report)
    {
        report.Crs = PolygonFeatureReader.ReadCrs(requested, root, out var error) ?? "wgs84";
        if (error is not null)
        {
            report.Problems.Add(new GridImportProblem(null, null, error, null));
        }

        return report.Crs;
    }

    /// <summary>
    /// The code scheme for new grids: the request's, or the configured one when none is given. A requested scheme that
    /// does not make distinct digit-only codes beginning with the community's is a problem with the whole file.
    /// </summary>
    private string ReadCodeFormat(string? requested, GridImportReport report)
    {
        if (string.IsNullOrWhiteSpace(requested))
        {
            return options.Value.GridCodeFormat;
        }

        var format = requested.Trim();
        const string Sample = "320282001001";
        string? first = null, second = null;
        try
        {
            first = FormatCode(format, Sample, 1);
            second = FormatCode(format, Sample, 2);
        }
        catch (FormatException)
        {
        }

        if (first is null || first == second || first.Length > 20 || !first.All(char.IsAsciiDigit) || !first.StartsWith(Sample, StringComparison.Ordinal))
        {
            report.Problems.Add(new GridImportProblem(null, null, $"编码规则“{format}”无效：应以 {{community}} 开头并含序号 {{seq:000}}，生成不超过 20 位的数字代码。", null));
        }

        return format;
    }

    private static Candidate ReadFeature(int index, JsonElement feature, string crs, string? defaultCommunity, GridImportReport report)
    {
        var candidate = new Candidate(index);
        void Problem(string message, Coordinate? at = null)
        {
            candidate.Valid = false;
            report.Problems.Add(new GridImportProblem(index, candidate.Code, message, at is null ? null : GeoMath.Location(at)));
        }

        if (feature.ValueKind != JsonValueKind.Object || PolygonFeatureReader.Text(feature, "type") != "Feature")
        {
            Problem("不是 GeoJSON Feature。");
            return candidate;
        }

        // Properties first, so that every later problem names the grid's code.
        if (!feature.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            Problem("缺少属性（properties）：至少需要 name 和 community。");
        }
        else
        {
            candidate.Code = PolygonFeatureReader.Text(properties, "code")?.Trim() is { Length: > 0 } code ? code : null;
            candidate.Name = PolygonFeatureReader.Text(properties, "name")?.Trim() ?? "";
            candidate.CommunityCode = PolygonFeatureReader.Text(properties, "community")?.Trim() is { Length: > 0 } community ? community : defaultCommunity ?? "";
            var kind = PolygonFeatureReader.Text(properties, "kind")?.Trim().ToLowerInvariant();
            candidate.Purpose = PolygonFeatureReader.Text(properties, "purpose")?.Trim() is { Length: > 0 } purpose ? purpose : null;
            if (candidate.Code is not null && (candidate.Code.Length > 20 || !candidate.Code.All(char.IsAsciiDigit)))
            {
                Problem($"网格代码“{candidate.Code}”应为不超过 20 位的数字。");
            }

            if (candidate.Name.Length is 0 or > 100)
            {
                Problem("名称（name）不能为空且不超过 100 字。");
            }

            if (candidate.CommunityCode.Length != 12 || !candidate.CommunityCode.All(char.IsAsciiDigit))
            {
                Problem($"所属社区（community）“{candidate.CommunityCode}”应为 12 位社区代码。");
            }
            else if (candidate.Code is not null && !candidate.Code.StartsWith(candidate.CommunityCode, StringComparison.Ordinal))
            {
                Problem($"网格代码 {candidate.Code} 不在社区 {candidate.CommunityCode} 之下（应以社区代码开头）。");
            }

            switch (kind)
            {
                case null or "" or "basic" or "基础" or "基础网格":
                    candidate.Kind = GridKind.Basic;
                    candidate.Purpose = null;
                    break;
                case "dedicated" or "专属" or "专属网格":
                    candidate.Kind = GridKind.Dedicated;
                    if (candidate.Purpose is null or { Length: > 50 })
                    {
                        Problem("专属网格须填写用途（purpose，如 学校、农贸市场），不超过 50 字。");
                    }

                    break;
                default:
                    Problem($"网格类型（kind）“{kind}”应为 basic 或 dedicated。");
                    break;
            }
        }

        candidate.Boundary = PolygonFeatureReader.ReadBoundary(feature, crs, (message, at) => Problem(message, at));
        return candidate;
    }

    private async Task CheckAgainstDatabaseAsync(List<Candidate> candidates, GridImportReport report, CancellationToken cancellationToken)
    {
        void Problem(Candidate candidate, string message)
        {
            candidate.Valid = false;
            report.Problems.Add(new GridImportProblem(candidate.Index, candidate.Code, message, null));
        }

        // Communities through the filtered set: one outside the caller's jurisdiction is simply not there.
        var communityCodes = candidates.Select(c => c.CommunityCode).Where(c => c.Length == 12).Distinct().ToList();
        var communities = await db.Units
            .Where(u => u.Level == UnitLevel.Community && !u.IsRetired && communityCodes.Contains(u.Code))
            .ToDictionaryAsync(u => u.Code, StringComparer.Ordinal, cancellationToken);
        foreach (var candidate in candidates.Where(c => c.CommunityCode.Length == 12))
        {
            if (communities.TryGetValue(candidate.CommunityCode, out var community))
            {
                candidate.Community = community;
            }
            else
            {
                Problem(candidate, $"社区 {candidate.CommunityCode} 不存在，或不在您的管辖范围内。");
            }
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var candidate in candidates.Where(c => c.Code is not null))
        {
            if (seen.TryGetValue(candidate.Code!, out var first))
            {
                Problem(candidate, $"网格代码 {candidate.Code} 在文件中重复（第 {first + 1} 个要素已使用）。");
            }
            else
            {
                seen[candidate.Code!] = candidate.Index;
            }
        }

        // Codes are unique across the whole tree, whoever can see the unit that holds one.
        var codes = seen.Keys.ToList();
        var holders = await db.Units.IgnoreQueryFilters()
            .Where(u => codes.Contains(u.Code))
            .ToDictionaryAsync(u => u.Code, StringComparer.Ordinal, cancellationToken);
        foreach (var candidate in candidates.Where(c => c.Code is not null && c.Community is not null))
        {
            if (holders.TryGetValue(candidate.Code!, out var unit))
            {
                if (unit.Level != UnitLevel.Grid || unit.ParentId != candidate.Community!.Id)
                {
                    Problem(candidate, $"代码 {candidate.Code} 已被其他单位使用，不是社区 {candidate.CommunityCode} 的网格。");
                }
                else
                {
                    candidate.ExistingUnit = unit;
                }
            }
        }
    }

    private void CheckLayout(List<Candidate> candidates, string crs, GridImportReport report)
    {
        double[] Located(Coordinate at) => GeoMath.Location(crs == "gcj02" ? Gcj(at) : at);

        // Within the county outline, when one is known.
        foreach (var candidate in candidates.Where(c => c.Boundary is not null && c.CommunityCode.Length == 12))
        {
            if (outlines.Find(candidate.CommunityCode[..6]) is not { } county || county.Tolerant.Covers(candidate.Boundary!))
            {
                continue;
            }

            var outside = candidate.Boundary!.Difference(county.Boundary);
            var at = outside.IsEmpty ? candidate.Boundary!.Coordinate : outside.InteriorPoint.Coordinate;
            var far = county.Boundary.Distance(candidate.Boundary!) > 0.1;
            candidate.Valid = false;
            report.Problems.Add(new GridImportProblem(
                candidate.Index,
                candidate.Code,
                far ? "坐标远离所在区县（可能在海上，或经纬度、坐标系有误）。" : "网格超出所在区县的边界。",
                Located(at)));
        }

        var redrawn = candidates.Where(c => c.ExistingUnit is not null).Select(c => c.ExistingUnit!.Id).ToHashSet();
        foreach (var group in candidates.Where(c => c.Community is not null && c.Boundary is not null && c.Kind == GridKind.Basic).GroupBy(c => c.Community!.Id))
        {
            var community = group.First().Community!;
            var existing = db.Set<Grid>().AsNoTracking()
                .Where(g => g.CommunityUnitId == community.Id && g.Kind == GridKind.Basic)
                .Select(g => new { g.UnitId, g.Code, g.Boundary })
                .ToList()
                .Where(g => !redrawn.Contains(g.UnitId))
                .ToList();
            var incoming = group.ToList();
            for (var i = 0; i < incoming.Count; i++)
            {
                var a = incoming[i];
                foreach (var other in existing)
                {
                    ReportOverlap(a, other.Code, other.Boundary);
                }

                for (var j = i + 1; j < incoming.Count; j++)
                {
                    var b = incoming[j];
                    if (ReportOverlap(a, b.Code ?? $"第 {b.Index + 1} 个要素", b.Boundary!))
                    {
                        b.Valid = false;
                        report.Problems.Add(new GridImportProblem(b.Index, b.Code, $"与{a.Code ?? $"第 {a.Index + 1} 个要素"}重叠。", null));
                    }
                }
            }

            // Gaps: holes in the union of the community's basic grids as they would be after the import.
            var union = UnaryUnionOp.Union([.. existing.Select(g => (Geometry)g.Boundary), .. incoming.Where(c => c.Valid).Select(c => (Geometry)c.Boundary!)]);
            foreach (var polygon in GeoMath.ToMultiPolygon(union).Geometries.Cast<Polygon>())
            {
                foreach (var hole in polygon.Holes)
                {
                    var gap = GeoJson.Factory.CreatePolygon(hole.CoordinateSequence);
                    var area = GeoMath.AreaSquareMetres(gap);
                    if (area > OverlapToleranceSquareMetres)
                    {
                        report.Warnings.Add(new GridImportProblem(null, null, $"社区 {community.Code} 的基础网格之间有约 {area:0} 平方米的空隙。", Located(gap.InteriorPoint.Coordinate)));
                    }
                }
            }
        }

        bool ReportOverlap(Candidate a, string otherName, Geometry other)
        {
            if (!a.Boundary!.EnvelopeInternal.Intersects(other.EnvelopeInternal))
            {
                return false;
            }

            var overlap = a.Boundary.Intersection(other);
            var area = GeoMath.AreaSquareMetres(overlap);
            if (area <= OverlapToleranceSquareMetres)
            {
                return false;
            }

            a.Valid = false;
            report.Problems.Add(new GridImportProblem(a.Index, a.Code, $"与基础网格 {otherName} 重叠约 {area:0} 平方米（同一社区的基础网格不得重叠）。", Located(overlap.InteriorPoint.Coordinate)));
            return true;
        }
    }

    /// <summary>
    /// Against the community's stored boundary (<see cref="UnitBoundary"/>): every grid inside it, within
    /// <see cref="BoundaryGeoJsonImport.EdgeToleranceMetres"/> for shared edges (a blocking problem), and the parts of
    /// the community that no basic grid would cover after the import (warnings with a location). A community without
    /// a boundary gets a note saying that neither was checked.
    /// </summary>
    private async Task CheckCommunityBoundariesAsync(List<Candidate> candidates, string crs, GridImportReport report, CancellationToken cancellationToken)
    {
        // Features already refused (e.g. far outside the county) are not reported again.
        var drawn = candidates.Where(c => c.Valid && c.Community is not null && c.Boundary is not null).ToList();
        var communityIds = drawn.Select(c => c.Community!.Id).Distinct().ToList();
        // The communities were found within the caller's jurisdiction; their boundaries are read in a query of their own.
        var boundaries = await db.Set<UnitBoundary>().IgnoreQueryFilters().AsNoTracking()
            .Where(b => communityIds.Contains(b.UnitId))
            .ToDictionaryAsync(b => b.UnitId, cancellationToken);
        foreach (var group in drawn.GroupBy(c => c.Community!.Id))
        {
            var community = group.First().Community!;
            if (!boundaries.TryGetValue(community.Id, out var outline))
            {
                report.Warnings.Add(new GridImportProblem(null, null, $"社区 {community.Code} 尚无边界：未检查网格是否在社区内，也未检查社区内未被基础网格覆盖的区域（可先导入社区边界）。", null));
                continue;
            }

            foreach (var candidate in group)
            {
                if (BoundaryGeoJsonImport.UncoveredPart(outline.Boundary, candidate.Boundary!) is { } outside)
                {
                    candidate.Valid = false;
                    report.Problems.Add(new GridImportProblem(
                        candidate.Index, candidate.Code, $"网格超出所属社区 {community.Code} 的边界约 {GeoMath.AreaSquareMetres(outside):0} 平方米。", PolygonFeatureReader.Located(outside.InteriorPoint.Coordinate, crs)));
                }
            }

            // The community, shrunk by the edge tolerance, minus its basic grids as they would be after the import.
            var redrawn = group.Where(c => c.ExistingUnit is not null).Select(c => c.ExistingUnit!.Id).ToHashSet();
            var kept = (await db.Set<Grid>().AsNoTracking()
                    .Where(g => g.CommunityUnitId == community.Id && g.Kind == GridKind.Basic)
                    .Select(g => new { g.UnitId, g.Boundary })
                    .ToListAsync(cancellationToken))
                .Where(g => !redrawn.Contains(g.UnitId))
                .Select(g => (Geometry)g.Boundary);
            var incoming = group.Where(c => c.Valid && c.Kind == GridKind.Basic).Select(c => (Geometry)c.Boundary!).ToList();
            var union = UnaryUnionOp.Union([.. kept, .. incoming]);
            var inner = outline.Boundary.Buffer(-BoundaryGeoJsonImport.Degrees(BoundaryGeoJsonImport.EdgeToleranceMetres));
            var uncovered = union is null || union.IsEmpty ? inner : inner.Difference(union);
            foreach (var gap in GeoMath.ToMultiPolygon(uncovered).Geometries)
            {
                var area = GeoMath.AreaSquareMetres(gap);
                // Holes between incoming basic grids are already reported (CheckLayout); here the gaps along the community's edge.
                if (area > CommunityGapThresholdSquareMetres && (incoming.Count == 0 || gap.Intersects(inner.Boundary)))
                {
                    report.Warnings.Add(new GridImportProblem(null, null, $"社区 {community.Code} 内约 {area:0} 平方米不在任何基础网格内。", PolygonFeatureReader.Located(gap.InteriorPoint.Coordinate, crs)));
                }
            }
        }
    }

    private static Coordinate Gcj(Coordinate wgs84)
    {
        var (lon, lat) = ChinaCoordinates.Wgs84ToGcj02(wgs84.X, wgs84.Y);
        return new Coordinate(lon, lat);
    }

    /// <summary>Writes the accepted features in one transaction; with <paramref name="write"/> false only reports the codes it would create and redraw.</summary>
    private async Task WriteAsync(List<Candidate> accepted, string codeFormat, bool write, GridImportReport report, CancellationToken cancellationToken)
    {
        var communityIds = accepted.Select(c => c.Community!.Id).Distinct().ToList();
        var unitIds = accepted.Where(c => c.ExistingUnit is not null).Select(c => c.ExistingUnit!.Id).ToList();
        var grids = await db.Set<Grid>().Where(g => unitIds.Contains(g.UnitId)).ToDictionaryAsync(g => g.UnitId, cancellationToken);
        var taken = (await db.Units.IgnoreQueryFilters()
                .Where(u => u.ParentId != null && communityIds.Contains(u.ParentId.Value))
                .Select(u => u.Code)
                .ToListAsync(cancellationToken))
            .Concat(accepted.Where(c => c.Code is not null).Select(c => c.Code!))
            .ToHashSet(StringComparer.Ordinal);

        foreach (var candidate in accepted)
        {
            var community = candidate.Community!;
            if (candidate.ExistingUnit is { } unit)
            {
                if (write && unit.Name != candidate.Name)
                {
                    unit.Rename(candidate.Name);
                }

                if (grids.TryGetValue(unit.Id, out var grid))
                {
                    if (write)
                    {
                        grid.Redraw(candidate.Boundary!);
                        grid.Reclassify(candidate.Kind, candidate.Purpose);
                    }

                    report.Redrawn.Add(unit.Code);
                }
                else
                {
                    if (write)
                    {
                        db.Add(new Grid(unit.Id, unit.Code, unit.Path, community.Id, candidate.Kind, candidate.Purpose, candidate.Boundary!));
                    }

                    report.Created.Add(unit.Code);
                }

                continue;
            }

            var code = candidate.Code ?? NextCode(codeFormat, community.Code, taken);
            taken.Add(code);
            if (write)
            {
                var created = new AdministrativeUnit(code, candidate.Name, UnitLevel.Grid, community);
                db.Units.Add(created);
                db.Add(new Grid(created.Id, code, created.Path, community.Id, candidate.Kind, candidate.Purpose, candidate.Boundary!));
            }

            report.Created.Add(code);
        }

        if (!write)
        {
            return;
        }

        var target = string.Join(',', accepted.Select(c => c.CommunityCode).Distinct().Order(StringComparer.Ordinal));
        audit.Record(
            AuditAction,
            $"grids:{(target.Length > 200 ? target[..200] + "…" : target)}",
            communityIds.Count == 1 ? accepted[0].Community!.Path : null,
            $"导入网格 {report.Features} 个要素（{report.Crs}）：新增 {report.Created.Count}，重绘 {report.Redrawn.Count}，跳过 {report.Skipped.Count}");
        await db.SaveChangesAsync(cancellationToken);
        report.Imported = true;
    }

    private static string NextCode(string format, string community, HashSet<string> taken)
    {
        for (var sequence = 1; sequence < 1_000_000; sequence++)
        {
            var code = FormatCode(format, community, sequence);
            if (!taken.Contains(code))
            {
                return code;
            }
        }

        throw new InvalidOperationException($"No free grid code under {community}.");
    }

    /// <summary>Applies the configured scheme, e.g. "{community}{seq:000}" → "320282001004004".</summary>
    public static string FormatCode(string format, string community, int sequence) =>
        CodePlaceholder().Replace(format, match => match.Groups[1].Value == "community"
            ? community
            : sequence.ToString(match.Groups[2].Success ? match.Groups[2].Value : "000", CultureInfo.InvariantCulture));

    [GeneratedRegex(@"\{(community|seq)(?::([^}]+))?\}")]
    private static partial Regex CodePlaceholder();

    private sealed class Candidate(int index)
    {
        public int Index { get; } = index;

        public bool Valid { get; set; } = true;

        public string? Code { get; set; }

        public string Name { get; set; } = "";

        public string CommunityCode { get; set; } = "";

        public GridKind Kind { get; set; } = GridKind.Basic;

        public string? Purpose { get; set; }

        public MultiPolygon? Boundary { get; set; }

        public AdministrativeUnit? Community { get; set; }

        public AdministrativeUnit? ExistingUnit { get; set; }
    }
}
