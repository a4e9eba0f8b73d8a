using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Errors;

namespace Fengqiao.Places.People;

/// <summary>
/// 实有房屋: a building at a standard address (路/巷/小区 + 幢) in a grid. Its unit path is the grid's, so it is seen by
/// exactly those who reach the grid.
/// </summary>
public sealed class Building : IJurisdictional
{
    private Building()
    {
        GridCode = UnitPath = Street = Number = "";
    }

    public Building(Guid gridId, Guid gridUnitId, string gridCode, string unitPath, string? street, string? number, int? unitsCount, double? longitude, double? latitude, DateTimeOffset createdAt)
    {
        var errors = new Dictionary<string, string[]>();
        var streetText = (street ?? "").Trim();
        var numberText = (number ?? "").Trim();
        if (streetText.Length is 0 or > 100)
        {
            errors["street"] = ["请填写路、巷或小区名称（1 到 100 字）。"];
        }

        if (numberText.Length is 0 or > 20)
        {
            errors["number"] = ["请填写楼栋号（幢，1 到 20 字）。"];
        }

        if (unitsCount is < 1 or > 99)
        {
            errors["unitsCount"] = ["单元数应在 1 到 99 之间。"];
        }

        if ((longitude is null) != (latitude is null))
        {
            errors["location"] = ["经度和纬度须同时填写或同时不填。"];
        }
        else if (longitude is { } lon && latitude is { } lat && (lon is < -180 or > 180 || lat is < -90 or > 90))
        {
            errors["location"] = ["坐标应为 WGS84 经纬度：经度 -180 到 180，纬度 -90 到 90。"];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        Id = Guid.CreateVersion7();
        GridId = gridId;
        GridUnitId = gridUnitId;
        GridCode = gridCode;
        UnitPath = unitPath;
        Street = streetText;
        Number = numberText;
        UnitsCount = unitsCount;
        Longitude = longitude;
        Latitude = latitude;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public Guid GridId { get; private set; }

    /// <summary>The grid's node in the administrative tree.</summary>
    public Guid GridUnitId { get; private set; }

    public string GridCode { get; private set; }

    public string UnitPath { get; private set; }

    /// <summary>路 / 巷 / 小区, e.g. 人民南路 88 号阳光花园.</summary>
    public string Street { get; private set; }

    /// <summary>幢, e.g. 3.</summary>
    public string Number { get; private set; }

    public int? UnitsCount { get; private set; }

    /// <summary>WGS84.</summary>
    public double? Longitude { get; private set; }

    public double? Latitude { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string Address => $"{Street}{Number}幢";
}
