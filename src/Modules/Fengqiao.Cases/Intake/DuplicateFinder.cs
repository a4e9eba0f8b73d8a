using Fengqiao.Cases.Domain;
using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Intake;

/// <summary>
/// 重复判断: open cases near a new report (radius and time window from <see cref="IntakeOptions"/>), in the same or a
/// related category, whose text is similar. A match is proposed for a merge; a person decides.
/// </summary>
public sealed class DuplicateFinder(FengqiaoDbContext db, DuplicateSignatures signatures, RecentCaseIndex recent)
{
    private const double MetresPerDegreeLatitude = 111_320;

    /// <summary>
    /// The most similar open case near the point, or null, for a report whose title and public description have the
    /// <paramref name="signature"/> (<see cref="DuplicateSignatures.Of"/>). Only its id, tracking code, category, report
    /// time, distance and similarity are filled: the candidates come from <see cref="RecentCaseIndex"/> when it can
    /// answer, and their texts are compared through cached signatures (<see cref="DuplicateSignatures"/>), read only for
    /// cases this node has not seen yet.
    /// </summary>
    public async Task<NearbyCase?> FindAsync(
        double longitude, double latitude, string? categoryCode, int[] signature, DateTimeOffset now, IntakeOptions options, CancellationToken cancellationToken)
    {
        // Same or related category (same first three characters), or not yet classified: filtered before the cap, so the
        // 200 candidates are the newest relevant ones rather than any 200. From the node's index of recent open cases
        // when it can answer exactly (RecentCaseIndex), otherwise from the database. No text is read here.
        var related = categoryCode is null ? null : categoryCode[..Math.Min(3, categoryCode.Length)];
        var since = now.AddHours(-options.DuplicateWindowHours);
        await recent.EnsureCurrentAsync(db, now, cancellationToken);
        var candidates = recent.Candidates(longitude, latitude, since, options.DuplicateRadiusMetres, related)
            ?? await QueryAsync(longitude, latitude, since, options.DuplicateRadiusMetres, publicOnly: false, related, withText: false, cancellationToken);
        if (candidates.Count == 0)
        {
            return null;
        }

        // The node's cached signatures first; a candidate it has none for is read only when it still could win.
        var known = signatures.Find(candidates);
        var best = BestKnown(candidates, known, signature, options.DuplicateTextSimilarity);
        var missing = candidates.Where((_, i) => known[i] is null).ToList();
        var unread = missing.Where(c => CouldBeat(1, c, best, options.DuplicateTextSimilarity)).Select(c => c.Id).ToList();
        if (unread is { Count: > 0 })
        {
            var texts = await db.Set<Case>().IgnoreQueryFilters().AsNoTracking()
                .Where(c => unread.Contains(c.Id))
                .Select(c => new { c.Id, c.Title, c.PublicDescription })
                .ToListAsync(cancellationToken);
            var read = new Dictionary<Guid, int[]>(texts.Count);
            foreach (var row in texts)
            {
                var theirs = DuplicateSignatures.Of(row.Title + " " + row.PublicDescription);
                signatures.Remember(row.Id, theirs);
                read[row.Id] = theirs;
            }

            foreach (var candidate in missing)
            {
                if (read.TryGetValue(candidate.Id, out var theirs)) // absent: not needed, or deleted meanwhile
                {
                    best = Better(candidate, DuplicateSignatures.Similarity(signature, theirs), best, options.DuplicateTextSimilarity);
                }
            }
        }

        return best;
    }

    /// <summary>
    /// The best match among the candidates whose signature is known. Two sets of sizes m ≤ n have a Jaccard similarity of
    /// at most m / n (the length filter of set-similarity joins): the most promising candidate is compared first, and then
    /// only those whose bound could still beat the best found so far, each comparison given up as soon as the rest of the
    /// two texts cannot reach it.
    /// </summary>
    private static NearbyCase? BestKnown(IReadOnlyList<NearbyCase> candidates, int[]?[] known, int[] signature, double threshold)
    {
        Span<double> bounds = candidates.Count <= 256 ? stackalloc double[candidates.Count] : new double[candidates.Count];
        var first = -1;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (known[i] is { } theirs)
            {
                bounds[i] = Bound(signature.Length, theirs.Length);
                if (first < 0 || bounds[i] > bounds[first] || (bounds[i] == bounds[first] && Wins(candidates[i], candidates[first])))
                {
                    first = i;
                }
            }
        }

        if (first < 0 || bounds[first] < threshold)
        {
            return null; // no known candidate's bound reaches the threshold
        }

        var best = Better(candidates[first], DuplicateSignatures.Similarity(signature, known[first]!), null, threshold);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (i != first && known[i] is { } theirs && CouldBeat(bounds[i], candidates[i], best, threshold))
            {
                var atLeast = Math.Max(threshold, best?.Similarity ?? 0);
                best = Better(candidates[i], DuplicateSignatures.Similarity(signature, theirs, atLeast), best, threshold);
            }
        }

        return best;
    }

    private static double Bound(int x, int y) => x == 0 || y == 0 ? 0 : (double)Math.Min(x, y) / Math.Max(x, y);

    /// <summary>Whether a candidate whose similarity is at most <paramref name="bound"/> could still be chosen over <paramref name="best"/>.</summary>
    private static bool CouldBeat(double bound, NearbyCase candidate, NearbyCase? best, double threshold) =>
        bound >= threshold && (best is null || bound > best.Similarity || (bound == best.Similarity && Wins(candidate, best)));

    /// <summary>The tie-break between equally similar candidates: the nearer, then the more recently reported.</summary>
    private static bool Wins(NearbyCase candidate, NearbyCase best) =>
        candidate.DistanceMetres < best.DistanceMetres || (candidate.DistanceMetres == best.DistanceMetres && candidate.ReportedAt > best.ReportedAt);

    /// <summary>The chosen match: the most similar above the threshold, then the nearest, then the most recently reported.</summary>
    private static NearbyCase? Better(NearbyCase candidate, double similarity, NearbyCase? best, double threshold)
    {
        if (similarity < threshold)
        {
            return best;
        }

        var better = best is null || similarity > best.Similarity || (similarity == best.Similarity && Wins(candidate, best));
        return better ? candidate with { Similarity = similarity } : best;
    }

    /// <summary>The duplicate check's candidates as the database gives them (what <see cref="RecentCaseIndex"/> must match).</summary>
    internal Task<IReadOnlyList<NearbyCase>> QueryCandidatesAsync(
        double longitude, double latitude, DateTimeOffset since, double radiusMetres, string? relatedCategory, CancellationToken cancellationToken) =>
        QueryAsync(longitude, latitude, since, radiusMetres, publicOnly: false, relatedCategory, withText: false, cancellationToken);

    /// <summary>Open cases within <paramref name="radiusMetres"/> reported since <paramref name="since"/>, nearest first.</summary>
    public Task<IReadOnlyList<NearbyCase>> NearbyAsync(
        double longitude, double latitude, DateTimeOffset since, double radiusMetres, bool publicOnly, CancellationToken cancellationToken) =>
        QueryAsync(longitude, latitude, since, radiusMetres, publicOnly, null, withText: true, cancellationToken);

    private async Task<IReadOnlyList<NearbyCase>> QueryAsync(
        double longitude, double latitude, DateTimeOffset since, double radiusMetres, bool publicOnly, string? relatedCategory, bool withText, CancellationToken cancellationToken)
    {
        var dLat = radiusMetres / MetresPerDegreeLatitude;
        var dLon = radiusMetres / (MetresPerDegreeLatitude * Math.Max(0.1, Math.Cos(latitude * Math.PI / 180)));
        var (minLon, maxLon, minLat, maxLat) = (longitude - dLon, longitude + dLon, latitude - dLat, latitude + dLat);

        var rows = new List<Candidate>();
        await foreach (var row in Nearby(db, minLon, maxLon, minLat, maxLat, since, publicOnly, relatedCategory, withText).WithCancellation(cancellationToken))
        {
            rows.Add(row);
        }

        return [.. rows
            .Select(r => new NearbyCase(r.Id, r.TrackingCode, r.Title, withText ? r.Title + " " + r.PublicDescription : "", r.CategoryCode, r.Status, r.ReportedAt, r.FollowerCount,
                DistanceMetres(longitude, latitude, r.Longitude!.Value, r.Latitude!.Value), 0))
            .Where(c => c.DistanceMetres <= radiusMetres)
            .OrderBy(c => c.DistanceMetres)];
    }

    /// <summary>
    /// The spatial query, compiled once: it runs for every located report, and building, hashing and parameterising the
    /// expression tree cost more CPU than the query itself (docs/benchmarks.md, intake profile). Intake runs for
    /// anonymous reporters too; the search reads cases only, so lifting the filters is contained.
    /// </summary>
    private static readonly Func<FengqiaoDbContext, double, double, double, double, DateTimeOffset, bool, string?, bool, IAsyncEnumerable<Candidate>> Nearby =
        EF.CompileAsyncQuery((FengqiaoDbContext db, double minLon, double maxLon, double minLat, double maxLat, DateTimeOffset since, bool publicOnly, string? relatedCategory, bool withText) =>
            db.Set<Case>().IgnoreQueryFilters().AsNoTracking()
                .Where(c => c.Status != CaseStatus.Rejected && c.Status != CaseStatus.Closed && c.ReportedAt >= since
                    && c.Longitude >= minLon && c.Longitude <= maxLon && c.Latitude >= minLat && c.Latitude <= maxLat
                    && (!publicOnly || c.IsPublic)
                    && (relatedCategory == null || c.CategoryCode == null || c.CategoryCode.StartsWith(relatedCategory)))
                .OrderByDescending(c => c.ReportedAt)
                .Take(RecentCaseIndex.MaxCandidates)
                .Select(c => new Candidate(c.Id, c.TrackingCode, withText ? c.Title : "", withText ? c.PublicDescription : "", c.CategoryCode, c.Status, c.Longitude, c.Latitude, c.ReportedAt, c.FollowerCount)));

    /// <summary>Jaccard similarity of the two texts' character bigrams (punctuation and spaces ignored).</summary>
    public static double Similarity(string a, string b) => DuplicateSignatures.Similarity(DuplicateSignatures.Of(a), DuplicateSignatures.Of(b));

    public static double DistanceMetres(double lon1, double lat1, double lon2, double lat2)
    {
        const double EarthRadius = 6_371_008.8;
        var dLat = (lat2 - lat1) * Math.PI / 180;
        var dLon = (lon2 - lon1) * Math.PI / 180;
        var (sinLat, sinLon) = (Math.Sin(dLat / 2), Math.Sin(dLon / 2));
        var h = (sinLat * sinLat) + (Math.Cos(lat1 * Math.PI / 180) * Math.Cos(lat2 * Math.PI / 180) * sinLon * sinLon);
        return 2 * EarthRadius * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }
}

/// <summary>A row of the spatial query (title and text only when asked for).</summary>
internal sealed record Candidate(
    Guid Id, string TrackingCode, string Title, string PublicDescription, string? CategoryCode, CaseStatus Status, double? Longitude, double? Latitude, DateTimeOffset ReportedAt, int FollowerCount);

/// <summary>An open case near a point, with its distance and (for duplicate checks) its text similarity.</summary>
public sealed record NearbyCase(
    Guid Id, string TrackingCode, string Title, string Text, string? CategoryCode, CaseStatus Status, DateTimeOffset ReportedAt, int FollowerCount,
    double DistanceMetres, double Similarity);
