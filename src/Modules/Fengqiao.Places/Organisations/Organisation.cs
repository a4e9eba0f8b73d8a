using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Errors;

namespace Fengqiao.Places.Organisations;

/// <summary>
/// 组织: a party organisation, a self-governing committee, the community affairs workstation, a social organisation,
/// a team, a property company or an enterprise, belonging to a community or street. Filtered to the caller's
/// jurisdiction through <see cref="UnitPath"/>.
/// </summary>
public sealed class Organisation : IJurisdictional
{
    public const int MaxNameLength = 100;
    public const int MaxAddressLength = 200;

    private readonly List<OrganisationMember> _members = [];

    private Organisation()
    {
        Name = UnitCode = UnitPath = "";
    }

    /// <summary>A new organisation; <paramref name="parent"/> is the party organisation above it (party organisations only).</summary>
    internal Organisation(
        OrganisationKind kind, string name, string? creditCode, Guid unitId, string unitCode, string unitPath,
        Organisation? parent, string? address, double? longitude, double? latitude, DateTimeOffset createdAt)
    {
        Rules.Check(new PartyOrganisationParentMustRankHigher(kind, parent?.Kind));
        Rules.Check(new OrganisationLocationMustBeWgs84(longitude, latitude));
        Id = Guid.CreateVersion7();
        Kind = kind;
        RoleSlot = kind.RoleSlot();
        Name = name;
        CreditCode = creditCode;
        UnitId = unitId;
        UnitCode = unitCode;
        UnitPath = unitPath;
        ParentId = parent?.Id;
        Address = address;
        Longitude = longitude;
        Latitude = latitude;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public OrganisationKind Kind { get; private set; }

    /// <summary>
    /// 政社分离 at the database: set only for the kinds a community has one of (the self-governing committee, the
    /// affairs workstation); a unique index on (unit, slot) refuses a second one however many requests race.
    /// </summary>
    public OrganisationRoleSlot? RoleSlot { get; private set; }

    public string Name { get; private set; }

    /// <summary>统一社会信用代码, validated and upper-case; optional for party organisations, committees and teams.</summary>
    public string? CreditCode { get; private set; }

    /// <summary>The community or street the organisation belongs to.</summary>
    public Guid UnitId { get; private set; }

    public string UnitCode { get; private set; }

    public string UnitPath { get; private set; }

    /// <summary>The party organisation above this one.</summary>
    public Guid? ParentId { get; private set; }

    public string? Address { get; private set; }

    /// <summary>WGS84 longitude of the organisation's office, if known.</summary>
    public double? Longitude { get; private set; }

    public double? Latitude { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyList<OrganisationMember> Members => _members;
}

/// <summary>党组织的上级必须是级别更高的党组织：党委/党总支 → 党支部 → 党小组。</summary>
public sealed class PartyOrganisationParentMustRankHigher(OrganisationKind kind, OrganisationKind? parentKind) : IBusinessRule
{
    public string Message => parentKind is null
        ? "只有党组织可以有上级组织。"
        : !kind.IsParty()
            ? $"{kind.DisplayName()}不是党组织，不能设置上级党组织。"
            : !parentKind.Value.IsParty()
                ? $"{kind.DisplayName()}的上级必须是党组织，不能是{parentKind.Value.DisplayName()}。"
                : $"{kind.DisplayName()}的上级必须是级别更高的党组织（党委/党总支 → 党支部 → 党小组），不能是{parentKind.Value.DisplayName()}。";

    public bool IsBroken() =>
        parentKind is { } parent && (!kind.IsParty() || !parent.IsParty() || parent.PartyRank() >= kind.PartyRank());
}

/// <summary>
/// 政社分离: a community has at most one self-governing committee (居委会/村委会) and at most one community affairs
/// workstation, each its own organisation, and both belong to a community.
/// </summary>
public sealed class OneCommitteeAndOneWorkstationPerCommunity(OrganisationKind kind, bool unitIsCommunity, string? existingName) : IBusinessRule
{
    public string Message => !unitIsCommunity
        ? $"{kind.DisplayName()}只能设在社区（村）。"
        : $"政社分离：一个社区只能有一个{(kind == OrganisationKind.CommunityAffairsWorkstation ? "社区事务工作站" : "居民委员会（村民委员会）")}，已有“{existingName}”。";

    public bool IsBroken() =>
        (kind.IsSelfGoverningCommittee() || kind == OrganisationKind.CommunityAffairsWorkstation) && (!unitIsCommunity || existingName is not null);
}

/// <summary>组织的位置必须是 WGS84 经纬度，经度和纬度同时填写。</summary>
public sealed class OrganisationLocationMustBeWgs84(double? longitude, double? latitude) : IBusinessRule
{
    public string Message => "组织位置必须同时填写经度和纬度（WGS84，经度 -180–180，纬度 -90–90）。";

    public bool IsBroken() =>
        longitude.HasValue != latitude.HasValue
        || longitude is < -180 or > 180 || latitude is < -90 or > 90
        || (longitude is { } x && double.IsNaN(x)) || (latitude is { } y && double.IsNaN(y));
}
