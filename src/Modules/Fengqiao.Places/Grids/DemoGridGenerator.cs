using Fengqiao.Places.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Triangulate;

namespace Fengqiao.Places.Grids;

/// <summary>The demo's made-up but plausible map: street cells tiling the county, community cells tiling one street, grid cells tiling each community.</summary>
public sealed record DemoGridLayout(
    IReadOnlyDictionary<string, MultiPolygon> Streets,
    IReadOnlyDictionary<string, MultiPolygon> Communities,
    IReadOnlyDictionary<string, MultiPolygon> Grids);

/// <summary>
/// Draws demo boundaries on a real county outline: Voronoi cells around deterministic pseudo-random sites, clipped to
/// the area they divide — the county into streets, one street into its communities, each community into its grids.
/// Cells clipped to the same area tile it without gaps or overlaps. Same input, same map.
/// </summary>
public static class DemoGridGenerator
{
    private const int Seed = 20260;

    private static readonly Dictionary<string, Coordinate> NoFixedSites = [];

    /// <param name="county">The county outline in WGS84.</param>
    /// <param name="streets">Codes of the county's streets.</param>
    /// <param name="street">The street whose communities are drawn.</param>
    /// <param name="communities">Codes of that street's communities.</param>
    /// <param name="gridsPerCommunity">Grids per community, coded community + 001, 002 ….</param>
    /// <param name="seat">Where the street's site goes (the county seat), when known and inside the outline.</param>
    public static DemoGridLayout Generate(
        Geometry county, IReadOnlyList<string> streets, string street, IReadOnlyList<string> communities, int gridsPerCommunity, Coordinate? seat = null)
    {
        var fixedSites = new Dictionary<string, Coordinate>(StringComparer.Ordinal);
        if (seat is not null && county.Contains(GeoJson.Factory.CreatePoint(seat)))
        {
            fixedSites[street] = seat;
        }

        var streetCells = Tessellate(county, [.. streets.Order(StringComparer.Ordinal)], Seed, fixedSites);
        var communityCells = streetCells.TryGetValue(street, out var streetCell)
            ? Tessellate(streetCell, [.. communities.Order(StringComparer.Ordinal)], Seed + 1, NoFixedSites)
            : [];
        var grids = new Dictionary<string, MultiPolygon>(StringComparer.Ordinal);
        var seed = Seed + 2;
        foreach (var (community, cell) in communityCells.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var codes = Enumerable.Range(1, gridsPerCommunity).Select(i => $"{community}{i:000}").ToList();
            foreach (var (code, gridCell) in Tessellate(cell, codes, seed++, NoFixedSites))
            {
                grids[code] = gridCell;
            }
        }

        return new DemoGridLayout(streetCells, communityCells, grids);
    }

    /// <summary>Divides <paramref name="area"/> into one cell per key: Voronoi cells of sites inside the area, clipped to it.</summary>
    public static Dictionary<string, MultiPolygon> Tessellate(Geometry area, IReadOnlyList<string> keys, int seed, IReadOnlyDictionary<string, Coordinate> fixedSites)
    {
        var result = new Dictionary<string, MultiPolygon>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return result;
        }

        if (keys.Count == 1)
        {
            result[keys[0]] = GeoMath.ToMultiPolygon(area);
            return result;
        }

        var random = new Random(seed);
        var inside = PreparedGeometryFactory.Prepare(area);
        var envelope = area.EnvelopeInternal;
        var minimumSpacing = Math.Sqrt(area.Area / keys.Count) / 4;
        var sites = new List<Coordinate>();
        foreach (var key in keys)
        {
            if (fixedSites.TryGetValue(key, out var site))
            {
                sites.Add(site);
                continue;
            }

            Coordinate? chosen = null;
            for (var attempt = 0; attempt < 20_000 && chosen is null; attempt++)
            {
                var candidate = new Coordinate(envelope.MinX + (random.NextDouble() * envelope.Width), envelope.MinY + (random.NextDouble() * envelope.Height));
                var spacing = attempt < 10_000 ? minimumSpacing : 0;
                if (inside.Contains(GeoJson.Factory.CreatePoint(candidate)) && sites.All(s => s.Distance(candidate) > spacing) && !fixedSites.Values.Any(s => s.Distance(candidate) <= spacing))
                {
                    chosen = candidate;
                }
            }

            sites.Add(chosen ?? throw new InvalidOperationException("No room for another site in the area."));
        }

        var builder = new VoronoiDiagramBuilder();
        builder.SetSites(sites);
        var clip = new Envelope(envelope);
        clip.ExpandBy(Math.Max(envelope.Width, envelope.Height));
        builder.ClipEnvelope = clip;
        var cells = builder.GetDiagram(GeoJson.Factory).Geometries;
        for (var i = 0; i < keys.Count; i++)
        {
            var point = GeoJson.Factory.CreatePoint(sites[i]);
            var cell = cells.First(c => c.Covers(point));
            result[keys[i]] = GeoMath.ToMultiPolygon(cell.Intersection(area));
        }

        return result;
    }
}
