using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Messaging;
using NetTopologySuite.Geometries;

namespace Fengqiao.Places.Grids;

/// <summary>
/// 网格: the smallest tier of the administrative tree, with its boundary. The grid's identity in the tree (code, name,
/// parent community) is its <see cref="Kernel.Units.AdministrativeUnit"/>; this row adds what the map needs.
/// </summary>
public sealed class Grid : IJurisdictional, IHasDomainEvents
{
    private readonly List<IDomainEvent> _events = [];

    private Grid()
    {
        UnitPath = Code = "";
        Boundary = MultiPolygon.Empty;
    }

    public Grid(Guid unitId, string code, string unitPath, Guid communityUnitId, GridKind kind, string? purpose, MultiPolygon boundary)
    {
        Rules.Check(new GridBoundaryMustBeValidWgs84(boundary));
        Id = Guid.CreateVersion7();
        UnitId = unitId;
        Code = code;
        UnitPath = unitPath;
        CommunityUnitId = communityUnitId;
        Kind = kind;
        Purpose = purpose;
        Boundary = boundary;
        _events.Add(new GridsChanged([code]));
    }

    public Guid Id { get; private set; }

    /// <summary>The grid's node in the administrative tree.</summary>
    public Guid UnitId { get; private set; }

    /// <summary>15-character grid code by default: community code + 3-digit sequence.</summary>
    public string Code { get; private set; }

    public string UnitPath { get; private set; }

    public Guid CommunityUnitId { get; private set; }

    public GridKind Kind { get; private set; }

    /// <summary>For dedicated grids: what the grid covers (学校, 农贸市场, 工业园区 …).</summary>
    public string? Purpose { get; private set; }

    /// <summary>The boundary in WGS84 (EPSG:4326), longitude first.</summary>
    public MultiPolygon Boundary { get; private set; }

    public long Version { get; private set; }

    public IReadOnlyList<IDomainEvent> DomainEvents => _events;

    public void ClearDomainEvents() => _events.Clear();

    public void Redraw(MultiPolygon boundary)
    {
        Rules.Check(new GridBoundaryMustBeValidWgs84(boundary));
        Boundary = boundary;
        Version++;
        _events.Add(new GridsChanged([Code]));
    }

    /// <summary>Changes whether the grid is basic or dedicated, and what a dedicated grid covers.</summary>
    public void Reclassify(GridKind kind, string? purpose)
    {
        if (Kind == kind && Purpose == purpose)
        {
            return;
        }

        Kind = kind;
        Purpose = kind == GridKind.Dedicated ? purpose : null;
        Version++;
    }

    private sealed class GridBoundaryMustBeValidWgs84(MultiPolygon boundary) : IBusinessRule
    {
        public string Message => "网格边界必须是有效的多边形（WGS84 经纬度，经度在前，环闭合且不自相交）。";

        public bool IsBroken() =>
            boundary.IsEmpty || !boundary.IsValid || boundary.SRID != 4326
            || boundary.Coordinates.Any(c => c.X is < -180 or > 180 || c.Y is < -90 or > 90);
    }
}
