using System.Text.Json;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Units;
using Fengqiao.Places.Geo;
using Fengqiao.Places.Grids;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Fengqiao.Places.Boundaries;

/// <param name="Level">Street or community: what the features' codes name.</param>
/// <param name="Crs">"wgs84" or "gcj02"; null to take the file's own top-level "crs", else WGS84.</param>
public sealed record BoundaryImportRequest(UnitLevel Level, string? Crs);

/// <summary>
/// 导入街道/社区边界: a GeoJSON FeatureCollection whose features name their unit by the property <c>code</c> (12-digit
/// community or 9-digit street code; <c>name</c> is optional and only echoed). Each feature is checked like a grid —
/// rings, range, validity, inside the county outline — and against its neighbours (no overlap with another unit of
/// the same level under the same parent) and, for a community, against its street's boundary when that is known.
/// All or nothing: a file with any problem writes nothing. Only units within the caller's jurisdiction are known.
/// </summary>
public sealed class BoundaryGeoJsonImport(FengqiaoDbContext db, IAuditTrail audit, CountyOutlines outlines, IOptions<PlacesOptions> options, TimeProvider clock)
{
    public const string AuditAction = "places.import-boundaries";

    /// <summary>Shared edges drawn from different sources differ by a few metres; that is not an overlap.</summary>
    public const double EdgeToleranceMetres = 5;

    private const double OverlapToleranceSquareMetres = 1.0;

    public async Task<GridImportReport> ImportAsync(Stream json, BoundaryImportRequest request, CancellationToken cancellationToken)
    {
        if (request.Level is not (UnitLevel.Street or UnitLevel.Community))
        {
            throw new Kernel.Errors.ValidationFailedException("level", "边界只能导入到街道（street）或社区（community）。");
        }

        var report = new GridImportReport();
        void FileProblem(string message) => report.Problems.Add(new GridImportProblem(null, null, message, null));
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(json, cancellationToken: cancellationToken);
        }
        catch (JsonException exception)
        {
            FileProblem($"不是有效的 JSON：{exception.Message}");
            return report;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || PolygonFeatureReader.Text(root, "type") != "FeatureCollection"
                || !root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            {
                FileProblem("应为 GeoJSON FeatureCollection（含 features 数组）。");
                return report;
            }

            report.Crs = PolygonFeatureReader.ReadCrs(request.Crs, root, out var crsError) ?? "wgs84";
            if (crsError is not null)
            {
                FileProblem(crsError);
            }

            report.Features = features.GetArrayLength();
            if (report.Features > options.Value.MaxImportFeatures)
            {
                FileProblem($"要素过多（{report.Features} 个），一次最多导入 {options.Value.MaxImportFeatures} 个。");
                return report;
            }

            if (report.Features == 0)
            {
                FileProblem("文件中没有任何要素。");
            }

            if (!report.IsValid)
            {
                return report;
            }

            var candidates = new List<Candidate>();
            var index = 0;
            foreach (var feature in features.EnumerateArray())
            {
                candidates.Add(ReadFeature(index++, feature, request.Level, report));
            }

            await CheckUnitsAsync(candidates, request.Level, report, cancellationToken);
            await CheckLayoutAsync(candidates, request.Level, report, cancellationToken);
            if (!report.IsValid)
            {
                return report;
            }

            await WriteAsync(candidates, request.Level, report, cancellationToken);
            return report;
        }
    }

    private static Candidate ReadFeature(int index, JsonElement feature, UnitLevel level, GridImportReport report)
    {
        var candidate = new Candidate(index);
        void Problem(string message) => report.Problems.Add(new GridImportProblem(index, candidate.Code, message, null));

        if (feature.ValueKind != JsonValueKind.Object || PolygonFeatureReader.Text(feature, "type") != "Feature")
        {
            Problem("不是 GeoJSON Feature。");
            return candidate;
        }

        var length = level == UnitLevel.Community ? 12 : 9;
        var what = level == UnitLevel.Community ? "社区" : "街道";
        if (!feature.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object
            || PolygonFeatureReader.Text(properties, "code")?.Trim() is not { Length: > 0 } code)
        {
            Problem($"缺少{what}代码（properties.code）。");
        }
        else if (code.Length != length || !code.All(char.IsAsciiDigit))
        {
            candidate.Code = code;
            Problem($"{what}代码“{code}”应为 {length} 位数字。");
        }
        else
        {
            candidate.Code = code;
        }

        // The reader's positions are the file's own (GCJ-02 in a GCJ-02 file).
        candidate.Boundary = PolygonFeatureReader.ReadBoundary(feature, report.Crs, (message, at) =>
            report.Problems.Add(new GridImportProblem(index, candidate.Code, message, at is null ? null : GeoMath.Location(at))));
        return candidate;
    }

    private async Task CheckUnitsAsync(List<Candidate> candidates, UnitLevel level, GridImportReport report, CancellationToken cancellationToken)
    {
        var what = level == UnitLevel.Community ? "社区" : "街道";
        var codes = candidates.Where(c => c.Code is not null).Select(c => c.Code!).Distinct().ToList();
        // Through the filtered set: a unit outside the caller's jurisdiction is simply not there.
        var units = await db.Units
            .Where(u => u.Level == level && !u.IsRetired && codes.Contains(u.Code))
            .ToDictionaryAsync(u => u.Code, StringComparer.Ordinal, cancellationToken);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var candidate in candidates.Where(c => c.Code is not null))
        {
            if (seen.TryGetValue(candidate.Code!, out var first))
            {
                report.Problems.Add(new GridImportProblem(candidate.Index, candidate.Code, $"{what}代码 {candidate.Code} 在文件中重复（第 {first + 1} 个要素已使用）。", null));
                continue;
            }

            seen[candidate.Code!] = candidate.Index;
            if (units.TryGetValue(candidate.Code!, out var unit))
            {
                candidate.Unit = unit;
            }
            else
            {
                report.Problems.Add(new GridImportProblem(candidate.Index, candidate.Code, $"{what} {candidate.Code} 不存在，或不在您的管辖范围内。", null));
            }
        }
    }

    private async Task CheckLayoutAsync(List<Candidate> candidates, UnitLevel level, GridImportReport report, CancellationToken cancellationToken)
    {
        var drawn = candidates.Where(c => c.Unit is not null && c.Boundary is not null).ToList();
        void Problem(Candidate candidate, string message, Coordinate at) =>
            report.Problems.Add(new GridImportProblem(candidate.Index, candidate.Code, message, PolygonFeatureReader.Located(at, report.Crs)));

        foreach (var candidate in drawn)
        {
            if (outlines.Find(candidate.Code![..6]) is not { } county || county.Tolerant.Covers(candidate.Boundary!))
            {
                continue;
            }

            var outside = candidate.Boundary!.Difference(county.Boundary);
            var far = county.Boundary.Distance(candidate.Boundary!) > 0.1;
            Problem(candidate, far ? "坐标远离所在区县（可能在海上，或经纬度、坐标系有误）。" : "边界超出所在区县的轮廓。", outside.IsEmpty ? candidate.Boundary!.Coordinate : outside.InteriorPoint.Coordinate);
        }

        // A community within its street, when the street's boundary is known.
        var parentIds = drawn.Select(c => c.Unit!.ParentId).OfType<Guid>().Distinct().ToList();
        if (level == UnitLevel.Community)
        {
            var streets = await db.Set<UnitBoundary>().AsNoTracking().Where(b => parentIds.Contains(b.UnitId)).ToDictionaryAsync(b => b.UnitId, cancellationToken);
            foreach (var candidate in drawn)
            {
                if (candidate.Unit!.ParentId is { } streetId && streets.TryGetValue(streetId, out var street)
                    && UncoveredPart(street.Boundary, candidate.Boundary!) is { } outside)
                {
                    Problem(candidate, $"社区边界超出所属街道 {street.Code} 的边界约 {GeoMath.AreaSquareMetres(outside):0} 平方米。", outside.InteriorPoint.Coordinate);
                }
            }
        }

        // No overlap with a sibling of the same level: in the file, or already stored and not being replaced.
        var replaced = drawn.Select(c => c.Unit!.Id).ToHashSet();
        var parentOf = await db.Units.Where(u => u.Level == level && u.ParentId != null && parentIds.Contains(u.ParentId.Value))
            .ToDictionaryAsync(u => u.Id, u => u.ParentId!.Value, cancellationToken);
        var siblingIds = parentOf.Keys.ToList();
        var stored = (await db.Set<UnitBoundary>().AsNoTracking().Where(b => siblingIds.Contains(b.UnitId)).ToListAsync(cancellationToken))
            .Where(b => !replaced.Contains(b.UnitId))
            .ToList();
        for (var i = 0; i < drawn.Count; i++)
        {
            var a = drawn[i];
            var shrunk = a.Boundary!.Buffer(-Degrees(EdgeToleranceMetres));
            foreach (var other in stored.Where(b => parentOf[b.UnitId] == a.Unit!.ParentId))
            {
                ReportOverlap(a, shrunk, other.Code, other.Boundary);
            }

            for (var j = i + 1; j < drawn.Count; j++)
            {
                if (drawn[j].Unit!.ParentId == a.Unit!.ParentId)
                {
                    ReportOverlap(a, shrunk, drawn[j].Code!, drawn[j].Boundary!);
                }
            }
        }

        void ReportOverlap(Candidate a, Geometry shrunk, string otherCode, Geometry other)
        {
            if (!shrunk.EnvelopeInternal.Intersects(other.EnvelopeInternal))
            {
                return;
            }

            var overlap = shrunk.Intersection(other);
            var area = GeoMath.AreaSquareMetres(overlap);
            if (area > OverlapToleranceSquareMetres)
            {
                Problem(a, $"与 {otherCode} 的边界重叠约 {area:0} 平方米（同级单位的边界不得重叠）。", overlap.InteriorPoint.Coordinate);
            }
        }
    }

    private async Task WriteAsync(List<Candidate> candidates, UnitLevel level, GridImportReport report, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var unitIds = candidates.Select(c => c.Unit!.Id).ToList();
        var existing = await db.Set<UnitBoundary>().Where(b => unitIds.Contains(b.UnitId)).ToDictionaryAsync(b => b.UnitId, cancellationToken);
        foreach (var candidate in candidates)
        {
            if (existing.TryGetValue(candidate.Unit!.Id, out var boundary))
            {
                boundary.Redraw(candidate.Boundary!, now);
                report.Redrawn.Add(candidate.Code!);
            }
            else
            {
                db.Add(new UnitBoundary(candidate.Unit, candidate.Boundary!, now));
                report.Created.Add(candidate.Code!);
            }
        }

        var codes = string.Join(',', candidates.Select(c => c.Code).Order(StringComparer.Ordinal));
        audit.Record(
            AuditAction,
            $"boundaries:{(codes.Length > 200 ? codes[..200] + "…" : codes)}",
            candidates.Count == 1 ? candidates[0].Unit!.Path : null,
            $"导入{(level == UnitLevel.Community ? "社区" : "街道")}边界 {report.Features} 个（{report.Crs}）：新增 {report.Created.Count}，重绘 {report.Redrawn.Count}");
        await db.SaveChangesAsync(cancellationToken);
        report.Imported = true;
    }

    /// <summary>About <paramref name="metres"/> in degrees of latitude (a little less east–west at Jiangsu's latitudes: on the safe side).</summary>
    internal static double Degrees(double metres) => metres / 111_320.0;

    /// <summary>
    /// The part of <paramref name="inner"/> more than <see cref="EdgeToleranceMetres"/> outside <paramref name="outer"/>
    /// and larger than a square metre, or null when it lies within.
    /// </summary>
    internal static Geometry? UncoveredPart(Geometry outer, Geometry inner)
    {
        var tolerant = outer.Buffer(Degrees(EdgeToleranceMetres));
        if (PreparedGeometryFactory.Prepare(tolerant).Covers(inner))
        {
            return null;
        }

        var outside = inner.Difference(tolerant);
        return GeoMath.AreaSquareMetres(outside) > OverlapToleranceSquareMetres ? outside : null;
    }

    private sealed class Candidate(int index)
    {
        public int Index { get; } = index;

        public string? Code { get; set; }

        public MultiPolygon? Boundary { get; set; }

        public AdministrativeUnit? Unit { get; set; }
    }
}
