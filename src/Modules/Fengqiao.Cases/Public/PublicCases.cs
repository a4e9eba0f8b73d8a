using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Domain;
using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Public;

/// <summary>
/// 公开: the public map, list and per-community statistics. Only cases of public categories without sensitive content;
/// no personal data; locations at private homes coarsened to about 500 m.
/// </summary>
public sealed class PublicCases(FengqiaoDbContext db, CategoryCatalog catalog)
{
    public const int MaxPageSize = 500;

    /// <summary>Grid step, in degrees, that private-home locations are snapped to (≈ 500 m).</summary>
    public const double CoarseStep = 0.005;

    public async Task<PublicCasePage> ListAsync(string? unit, bool? open, int? page, int? pageSize, CancellationToken ct)
    {
        var cases = PublicOnly();
        if (!string.IsNullOrWhiteSpace(unit))
        {
            var segment = "/" + unit.Trim() + "/";
            cases = cases.Where(c => c.UnitPath.Contains(segment));
        }

        if (open is { } isOpen)
        {
            cases = isOpen ? cases.Where(c => c.Status != CaseStatus.Closed) : cases.Where(c => c.Status == CaseStatus.Closed);
        }

        var size = Math.Clamp(pageSize ?? 100, 1, MaxPageSize);
        var number = Math.Max(1, page ?? 1);
        var total = await cases.CountAsync(ct);
        var rows = await cases.OrderByDescending(c => c.ReportedAt).Skip((number - 1) * size).Take(size)
            .Select(c => new { c.TrackingCode, c.Title, c.PublicDescription, c.CategoryCode, c.Status, c.ReportedAt, c.ClosedAt, c.Longitude, c.Latitude, c.IsPrivatePlace, c.CommunityCode, c.FollowerCount })
            .ToListAsync(ct);
        var snapshot = await catalog.GetAsync(ct);
        return new PublicCasePage(
            [.. rows.Select(r => new PublicCase(
                r.TrackingCode, r.Title, r.PublicDescription, r.CategoryCode is { } code && snapshot.Find(code) is { } cat ? snapshot.PathName(cat) : null,
                r.Status, CaseText.Status(r.Status), r.ReportedAt, r.ClosedAt,
                r.Longitude is { } lon ? (r.IsPrivatePlace ? Coarsen(lon) : Math.Round(lon, 5)) : null,
                r.Latitude is { } lat ? (r.IsPrivatePlace ? Coarsen(lat) : Math.Round(lat, 5)) : null,
                r.IsPrivatePlace, r.CommunityCode, r.FollowerCount))],
            total, number, size);
    }

    /// <summary>Statistics per community under <paramref name="unit"/> (all communities when null).</summary>
    public async Task<IReadOnlyList<CommunityStatistics>> StatisticsAsync(string? unit, CancellationToken ct)
    {
        var cases = PublicOnly();
        if (!string.IsNullOrWhiteSpace(unit))
        {
            var segment = "/" + unit.Trim() + "/";
            cases = cases.Where(c => c.UnitPath.Contains(segment));
        }

        var rows = await cases.GroupBy(c => c.CommunityCode)
            .Select(g => new
            {
                Community = g.Key,
                Reported = g.Count(),
                Closed = g.Count(c => c.Status == CaseStatus.Closed),
                RatingSum = g.Sum(c => c.Rating ?? 0),
                Rated = g.Count(c => c.Rating != null),
            })
            .ToListAsync(ct);
        var codes = rows.Select(r => r.Community).ToList();
        var names = await db.Units.IgnoreQueryFilters().Where(u => codes.Contains(u.Code)).ToDictionaryAsync(u => u.Code, u => u.Name, ct);
        return [.. rows.OrderBy(r => r.Community, StringComparer.Ordinal).Select(r => new CommunityStatistics(
            r.Community, names.GetValueOrDefault(r.Community), r.Reported, r.Closed, r.Reported == 0 ? null : Math.Round((double)r.Closed / r.Reported, 4),
            r.Rated == 0 ? null : Math.Round((double)r.RatingSum / r.Rated, 2), r.Reported - r.Closed))];
    }

    private IQueryable<Case> PublicOnly() =>
        // The public page has no jurisdiction; it reads the cases table alone and only public, filed cases.
        db.Set<Case>().IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.IsPublic && !c.HasSensitiveContent && c.Status != CaseStatus.Reported && c.Status != CaseStatus.Rejected);

    private static double Coarsen(double degrees) => Math.Round(Math.Round(degrees / CoarseStep) * CoarseStep, 4);
}
