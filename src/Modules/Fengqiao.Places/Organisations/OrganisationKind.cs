namespace Fengqiao.Places.Organisations;

/// <summary>What an organisation is (domain §2). Party organisations form a tree by rank; the others stand alone.</summary>
public enum OrganisationKind
{
    /// <summary>党委: the highest-ranking party organisation of a community or street.</summary>
    PartyCommittee = 1,

    /// <summary>党总支.</summary>
    PartyGeneralBranch = 2,

    /// <summary>党支部.</summary>
    PartyBranch = 3,

    /// <summary>党小组: the smallest party organisation; it has no party organisations below it.</summary>
    PartyGroup = 4,

    /// <summary>居民委员会: residents' self-governance (not an administrative office).</summary>
    ResidentsCommittee = 10,

    /// <summary>村民委员会: villagers' self-governance.</summary>
    VillagersCommittee = 11,

    /// <summary>社区事务工作站: administrative services, kept distinct from the committee (政社分离).</summary>
    CommunityAffairsWorkstation = 12,

    /// <summary>社会组织.</summary>
    SocialOrganisation = 20,

    /// <summary>志愿服务队.</summary>
    VolunteerTeam = 21,

    /// <summary>文体队伍.</summary>
    CulturalTeam = 22,

    /// <summary>物业服务企业.</summary>
    PropertyCompany = 23,

    /// <summary>企业.</summary>
    Enterprise = 24,
}

/// <summary>The places a community has exactly one organisation for (政社分离: the committee and the workstation are distinct).</summary>
public enum OrganisationRoleSlot
{
    /// <summary>居民委员会 or 村民委员会 (one of the two, not both).</summary>
    SelfGoverningCommittee = 1,

    /// <summary>社区事务工作站.</summary>
    AffairsWorkstation = 2,
}

public static class OrganisationKinds
{
    /// <summary>The one-per-community slot the kind fills, or null for kinds a unit may have many of.</summary>
    public static OrganisationRoleSlot? RoleSlot(this OrganisationKind kind) => kind switch
    {
        OrganisationKind.ResidentsCommittee or OrganisationKind.VillagersCommittee => OrganisationRoleSlot.SelfGoverningCommittee,
        OrganisationKind.CommunityAffairsWorkstation => OrganisationRoleSlot.AffairsWorkstation,
        _ => null,
    };

    public static bool IsParty(this OrganisationKind kind) => kind is >= OrganisationKind.PartyCommittee and <= OrganisationKind.PartyGroup;

    /// <summary>Rank of a party organisation: 1 (党委) is the highest, 4 (党小组) the lowest; 0 for other kinds.</summary>
    public static int PartyRank(this OrganisationKind kind) => kind.IsParty() ? (int)kind : 0;

    /// <summary>居委会 or 村委会: the self-governing committee of a community or village.</summary>
    public static bool IsSelfGoverningCommittee(this OrganisationKind kind) =>
        kind is OrganisationKind.ResidentsCommittee or OrganisationKind.VillagersCommittee;

    /// <summary>
    /// Kinds that must carry a unified social credit code: registered bodies. Party organisations, committees,
    /// the workstation and informal teams often have none.
    /// </summary>
    public static bool RequiresCreditCode(this OrganisationKind kind) =>
        kind is OrganisationKind.SocialOrganisation or OrganisationKind.PropertyCompany or OrganisationKind.Enterprise;

    /// <summary>The kind's Chinese name.</summary>
    public static string DisplayName(this OrganisationKind kind) => kind switch
    {
        OrganisationKind.PartyCommittee => "党委",
        OrganisationKind.PartyGeneralBranch => "党总支",
        OrganisationKind.PartyBranch => "党支部",
        OrganisationKind.PartyGroup => "党小组",
        OrganisationKind.ResidentsCommittee => "居民委员会",
        OrganisationKind.VillagersCommittee => "村民委员会",
        OrganisationKind.CommunityAffairsWorkstation => "社区事务工作站",
        OrganisationKind.SocialOrganisation => "社会组织",
        OrganisationKind.VolunteerTeam => "志愿服务队",
        OrganisationKind.CulturalTeam => "文体队伍",
        OrganisationKind.PropertyCompany => "物业服务企业",
        OrganisationKind.Enterprise => "企业",
        _ => kind.ToString(),
    };
}
