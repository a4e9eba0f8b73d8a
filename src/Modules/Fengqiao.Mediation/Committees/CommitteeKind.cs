using Fengqiao.Kernel.Units;

namespace Fengqiao.Mediation.Committees;

/// <summary>
/// What a mediation organisation is. The tiers of the statistics: 村(居) · 乡镇(街道) · enterprise · sector committees;
/// the county conflict-resolution centre (矛调中心) is not a people's mediation committee but hosts windows of several agencies.
/// </summary>
public enum CommitteeKind
{
    /// <summary>村民委员会人民调解委员会 (must be set up, Art. 8).</summary>
    Village = 1,

    /// <summary>居民委员会人民调解委员会 (must be set up, Art. 8).</summary>
    Residents = 2,

    /// <summary>乡镇人民调解委员会 (Art. 34).</summary>
    Township = 3,

    /// <summary>街道人民调解委员会 (Art. 34).</summary>
    Street = 4,

    /// <summary>企业事业单位人民调解委员会 (Art. 8: may be set up).</summary>
    Enterprise = 5,

    /// <summary>行业性、专业性人民调解委员会: traffic accidents, medical, labour, property …</summary>
    Sector = 6,

    /// <summary>县级社会矛盾纠纷调处化解中心 (矛调中心) with its windows.</summary>
    CountyCentre = 10,
}

/// <summary>The tier a mediation organisation sits at, lowest first; a dispute starts at the lowest tier able to handle it.</summary>
public enum MediationTier
{
    /// <summary>村(居).</summary>
    VillageOrCommunity = 1,

    /// <summary>乡镇(街道).</summary>
    TownshipOrStreet = 2,

    /// <summary>企业.</summary>
    Enterprise = 3,

    /// <summary>行业性专业性.</summary>
    Sector = 4,

    /// <summary>县级矛调中心.</summary>
    County = 5,
}

public static class CommitteeKinds
{
    public static string DisplayName(this CommitteeKind kind) => kind switch
    {
        CommitteeKind.Village => "村人民调解委员会",
        CommitteeKind.Residents => "社区（居）人民调解委员会",
        CommitteeKind.Township => "乡镇人民调解委员会",
        CommitteeKind.Street => "街道人民调解委员会",
        CommitteeKind.Enterprise => "企业人民调解委员会",
        CommitteeKind.Sector => "行业性专业性人民调解委员会",
        _ => "县级矛盾纠纷调处化解中心",
    };

    public static MediationTier Tier(this CommitteeKind kind) => kind switch
    {
        CommitteeKind.Village or CommitteeKind.Residents => MediationTier.VillageOrCommunity,
        CommitteeKind.Township or CommitteeKind.Street => MediationTier.TownshipOrStreet,
        CommitteeKind.Enterprise => MediationTier.Enterprise,
        CommitteeKind.Sector => MediationTier.Sector,
        _ => MediationTier.County,
    };

    /// <summary>Whether the People's Mediation Law's composition rules (Art. 9) apply: every committee, not the centre.</summary>
    public static bool IsPeoplesMediationCommittee(this CommitteeKind kind) => kind != CommitteeKind.CountyCentre;

    /// <summary>The unit levels an organisation of this kind may belong to.</summary>
    public static IReadOnlyList<UnitLevel> AllowedLevels(this CommitteeKind kind) => kind switch
    {
        CommitteeKind.Village or CommitteeKind.Residents => [UnitLevel.Community],
        CommitteeKind.Township or CommitteeKind.Street => [UnitLevel.Street],
        CommitteeKind.Enterprise => [UnitLevel.Community, UnitLevel.Street],
        CommitteeKind.Sector => [UnitLevel.Street, UnitLevel.County],
        _ => [UnitLevel.County],
    };

    public static string LevelName(UnitLevel level) => level switch
    {
        UnitLevel.Community => "社区（村）",
        UnitLevel.Street => "街道（乡镇）",
        UnitLevel.County => "县（市、区）",
        _ => level.ToString(),
    };
}
