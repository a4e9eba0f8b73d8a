using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Units;
using NetTopologySuite.Geometries;

namespace Fengqiao.Places.Boundaries;

/// <summary>
/// 街道/社区边界: the drawn boundary of a street or community unit, one row per unit, stored like a grid's (PostGIS
/// geometry on PostgreSQL, WKB on SQLite). The grid import checks grids against their community's boundary and looks
/// for parts of the community no basic grid covers; the map draws community outlines.
/// </summary>
public sealed class UnitBoundary : IJurisdictional
{
    private UnitBoundary()
    {
        Code = UnitPath = "";
        Boundary = MultiPolygon.Empty;
    }

    public UnitBoundary(AdministrativeUnit unit, MultiPolygon boundary, DateTimeOffset now)
    {
        if (unit.Level is not (UnitLevel.Street or UnitLevel.Community))
        {
            throw new ArgumentException($"Only streets and communities have boundaries here, not {unit.Level}.", nameof(unit));
        }

        Rules.Check(new UnitBoundaryMustBeValidWgs84(boundary));
        UnitId = unit.Id;
        Code = unit.Code;
        Level = unit.Level;
        UnitPath = unit.Path;
        Boundary = boundary;
        UpdatedAt = now;
    }

    /// <summary>The unit (street or community) the boundary belongs to; also the key.</summary>
    public Guid UnitId { get; private set; }

    public string Code { get; private set; }

    public UnitLevel Level { get; private set; }

    /// <summary>The unit's own path: a community's boundary is seen by the community and the levels above it.</summary>
    public string UnitPath { get; private set; }

    /// <summary>WGS84 (EPSG:4326), longitude first.</summary>
    public MultiPolygon Boundary { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public long Version { get; private set; }

    public void Redraw(MultiPolygon boundary, DateTimeOffset now)
    {
        Rules.Check(new UnitBoundaryMustBeValidWgs84(boundary));
        Boundary = boundary;
        UpdatedAt = now;
        Version++;
    }

    private sealed class UnitBoundaryMustBeValidWgs84(MultiPolygon boundary) : IBusinessRule
    {
        public string Message => "边界必须是有效的多边形（WGS84 经纬度，经度在前，环闭合且不自相交）。";

        public bool IsBroken() =>
            boundary.IsEmpty || !boundary.IsValid || boundary.SRID != 4326
            || boundary.Coordinates.Any(c => c.X is < -180 or > 180 || c.Y is < -90 or > 90);
    }
}
