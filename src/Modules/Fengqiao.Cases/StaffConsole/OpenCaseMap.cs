using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Queries;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.StaffConsole;

/// <summary>
/// 案件地图: the open cases of the caller's jurisdiction (the DbContext filters it) with the queue's filters, as points
/// coloured by deadline state. Closed and rejected cases and cases without a location are left out.
/// </summary>
public sealed class OpenCaseMap(CaseQueries queries, TimeProvider time)
{
    /// <summary>More points than this make an unreadable map; the response says when it was cut.</summary>
    public const int MaxPoints = 2000;

    public async Task<CaseMapView> PointsAsync(CaseListQuery query, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var open = queries.Filtered(query, now)
            .Where(c => c.Status != CaseStatus.Closed && c.Status != CaseStatus.Rejected && c.Longitude != null && c.Latitude != null);
        var rows = await open.OrderByDescending(c => c.ReportedAt).Take(MaxPoints + 1).ToListAsync(ct);
        var points = rows.Take(MaxPoints)
            .Select(c => new CaseMapPoint(c.Id, c.TrackingCode, c.Title, c.Status, c.DeadlineStateAt(now), c.Longitude!.Value, c.Latitude!.Value))
            .ToList();
        return new CaseMapView(points, rows.Count > MaxPoints);
    }
}

/// <summary>One open case on the map (WGS84).</summary>
public sealed record CaseMapPoint(Guid Id, string TrackingCode, string Title, CaseStatus Status, DeadlineState DeadlineState, double Longitude, double Latitude);

/// <summary>The points, and whether there were more than <see cref="OpenCaseMap.MaxPoints"/>.</summary>
public sealed record CaseMapView(IReadOnlyList<CaseMapPoint> Points, bool Truncated);
