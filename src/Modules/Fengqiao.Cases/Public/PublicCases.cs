using System.Text.RegularExpressions;
using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Intake;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Public;

/// <summary>
/// 公开: the public map, list and per-community statistics. Only cases of public categories without sensitive content;
/// no personal data (masked text only, titles masked again); locations at private homes coarsened to about 500 m.
/// </summary>
public sealed partial class PublicCases(FengqiaoDbContext db, CategoryCatalog catalog)
{
    public const int MaxPageSize = 500;

    /// <summary>Grid step, in degrees, that private-home locations are snapped to (≈ 500 m).</summary>
    public const double CoarseStep = 0.005;

    public async Task<PublicCasePage> ListAsync(string? unit, bool? open, int? page, int? pageSize, CancellationToken ct, string? category = null)
    {
        var cases = await InUnitAsync(PublicOnly(), unit, ct);
        var snapshot = await catalog.GetAsync(ct);
        if (!string.IsNullOrWhiteSpace(category))
        {
            var codes = PublicCategoryCodes(snapshot, category);
            cases = cases.Where(c => c.CategoryCode != null && codes.Contains(c.CategoryCode));
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
        var communityCodes = rows.Select(r => r.CommunityCode).Distinct().ToList();
        var names = await db.Units.IgnoreQueryFilters().AsNoTracking().Where(u => communityCodes.Contains(u.Code)).ToDictionaryAsync(u => u.Code, u => u.Name, ct);
        return new PublicCasePage(
            [.. rows.Select(r => new PublicCase(
                r.TrackingCode, PublicTitle(r.Title), r.PublicDescription, r.CategoryCode is { } code && snapshot.Find(code) is { } cat ? snapshot.PathName(cat) : null,
                r.Status, CaseText.Status(r.Status), r.ReportedAt, r.ClosedAt,
                r.Longitude is { } lon ? (r.IsPrivatePlace ? Coarsen(lon) : Math.Round(lon, 5)) : null,
                r.Latitude is { } lat ? (r.IsPrivatePlace ? Coarsen(lat) : Math.Round(lat, 5)) : null,
                r.IsPrivatePlace, r.CommunityCode, r.FollowerCount, names.GetValueOrDefault(r.CommunityCode)))],
            total, number, size);
    }

    /// <summary>
    /// Statistics per community under <paramref name="unit"/> (all communities when null), over public cases only: a
    /// private category (e.g. a neighbour dispute) is never counted, so the figures cannot reveal one.
    /// </summary>
    public async Task<IReadOnlyList<CommunityStatistics>> StatisticsAsync(string? unit, CancellationToken ct, string? category = null)
    {
        var cases = await InUnitAsync(PublicOnly(), unit, ct);
        if (!string.IsNullOrWhiteSpace(category))
        {
            var codes = PublicCategoryCodes(await catalog.GetAsync(ct), category);
            cases = cases.Where(c => c.CategoryCode != null && codes.Contains(c.CategoryCode));
        }

        var rows = await cases.GroupBy(c => c.CommunityCode)
            .Select(g => new
            {
                Community = g.Key,
                Reported = g.Count(),
                Closed = g.Count(c => c.Status == CaseStatus.Closed),
                ClosedOnTime = g.Count(c => c.Status == CaseStatus.Closed && c.ClosedOnTime == true),
                RatingSum = g.Sum(c => c.Rating ?? 0),
                Rated = g.Count(c => c.Rating != null),
                Satisfied = g.Count(c => c.Rating >= 4),
                AtGrid = g.Count(c => c.Status == CaseStatus.Closed && c.ResolvedLevel == UnitLevel.Grid),
                AtCommunity = g.Count(c => c.Status == CaseStatus.Closed && c.ResolvedLevel == UnitLevel.Community),
            })
            .ToListAsync(ct);
        var codes2 = rows.Select(r => r.Community).ToList();
        var names = await db.Units.IgnoreQueryFilters().AsNoTracking().Where(u => codes2.Contains(u.Code)).ToDictionaryAsync(u => u.Code, u => u.Name, ct);
        static double? Rate(int numerator, int denominator) => denominator == 0 ? null : Math.Round((double)numerator / denominator, 4);
        return [.. rows.OrderBy(r => r.Community, StringComparer.Ordinal).Select(r => new CommunityStatistics(
            r.Community, names.GetValueOrDefault(r.Community), r.Reported, r.Closed, Rate(r.Closed, r.Reported),
            r.Rated == 0 ? null : Math.Round((double)r.RatingSum / r.Rated, 2), r.Reported - r.Closed,
            r.ClosedOnTime, Rate(r.ClosedOnTime, r.Closed), r.Rated, r.Satisfied, Rate(r.Satisfied, r.Rated),
            r.AtGrid, r.AtCommunity, Rate(r.AtGrid + r.AtCommunity, r.Closed)))];
    }

    /// <summary>The categories a resident may filter the public page by: active, public in their current version.</summary>
    public async Task<IReadOnlyList<PublicCategory>> CategoriesAsync(CancellationToken ct)
    {
        var snapshot = await catalog.GetAsync(ct);
        return [.. snapshot.Categories
            .Where(c => c.IsActive && snapshot.CurrentVersionOf(c) is { IsPublic: true })
            .Select(c => new PublicCategory(c.Code, c.ParentCode, snapshot.PathName(c)))];
    }

    /// <summary>
    /// A title is the first 30 characters of the description when the reporter gave none, stored unmasked; masked here,
    /// and any run of 7 or more digits left by the cut (half a phone number) is hidden as well.
    /// </summary>
    public static string PublicTitle(string title) =>
        LongNumberPattern().Replace(TextScreening.Screen(title, []).PublicText, m => m.Value[..2] + new string('*', m.Value.Length - 2));

    private async Task<IQueryable<Case>> InUnitAsync(IQueryable<Case> cases, string? unit, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return cases;
        }

        var code = unit.Trim();
        if (code.Length > 20 || !code.All(char.IsAsciiDigit))
        {
            throw new ValidationFailedException("unit", "单位代码只能是数字（如社区代码 320282001001）。");
        }

        if (!await db.Units.IgnoreQueryFilters().AnyAsync(u => u.Code == code, ct))
        {
            throw new NotFoundException("单位");
        }

        var segment = "/" + code + "/";
        return cases.Where(c => c.UnitPath.Contains(segment));
    }

    /// <summary>The category and everything below it, when it is public; anything else is refused with a reason.</summary>
    private static List<string> PublicCategoryCodes(CatalogSnapshot snapshot, string category)
    {
        var root = snapshot.Find(category);
        if (root is null || !root.IsActive || snapshot.CurrentVersionOf(root) is not { IsPublic: true })
        {
            throw new ValidationFailedException("category", $"“{category.Trim()}”不是公开的事件类别。");
        }

        var codes = new List<string> { root.Code };
        for (var i = 0; i < codes.Count; i++)
        {
            codes.AddRange(snapshot.Categories.Where(c => c.ParentCode == codes[i]).Select(c => c.Code));
        }

        return codes;
    }

    private IQueryable<Case> PublicOnly() =>
        // The public page has no jurisdiction; it reads the cases table alone and only public, filed cases.
        db.Set<Case>().IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.IsPublic && !c.HasSensitiveContent && c.Status != CaseStatus.Reported && c.Status != CaseStatus.Rejected);

    private static double Coarsen(double degrees) => Math.Round(Math.Round(degrees / CoarseStep) * CoarseStep, 4);

    [GeneratedRegex(@"[0-9]{7,}")]
    private static partial Regex LongNumberPattern();
}
