using Fengqiao.Kernel.Access;
using Fengqiao.Mediation.Committees;

namespace Fengqiao.Mediation.Tiers;

/// <summary>
/// One step of a case along the tiers (层级流转): taken in, escalated (提级), moved to the common upper tier of the
/// communities involved (跨社区协调), or referred out of people's mediation (转出). Stored under the unit path of the
/// committee the case left, so the former holder keeps the handover record (and the new, upper holder sees it too).
/// </summary>
public sealed class TierStep : IJurisdictional
{
    public const int MaxReasonLength = 500;
    public const int MaxTargetNameLength = 100;

    private TierStep()
    {
        UnitPath = ToName = Reason = ByName = "";
    }

    internal TierStep(
        Guid caseId, string unitPath, TierStepKind kind, Committee? from, Committee? to, ReferralTarget? target, string? targetName,
        string reason, string? communities, Guid? byUserId, string byName, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        CaseId = caseId;
        UnitPath = unitPath;
        Kind = kind;
        FromCommitteeId = from?.Id;
        FromName = from?.Name;
        FromTier = from?.Tier;
        ToCommitteeId = to?.Id;
        ToName = to?.Name ?? targetName ?? "";
        ToTier = to?.Tier;
        Target = target;
        Reason = reason;
        Communities = communities;
        ByUserId = byUserId;
        ByName = byName;
        At = at;
    }

    public Guid Id { get; private set; }

    public Guid CaseId { get; private set; }

    /// <summary>The unit path of the committee the step left (the taking committee for intake).</summary>
    public string UnitPath { get; private set; }

    public TierStepKind Kind { get; private set; }

    public Guid? FromCommitteeId { get; private set; }

    public string? FromName { get; private set; }

    public MediationTier? FromTier { get; private set; }

    /// <summary>The committee now holding the case; null when referred out.</summary>
    public Guid? ToCommitteeId { get; private set; }

    /// <summary>The receiving committee's name, or the named outside body (e.g. 宜兴市人民法院) for a referral.</summary>
    public string ToName { get; private set; }

    public MediationTier? ToTier { get; private set; }

    public ReferralTarget? Target { get; private set; }

    public string Reason { get; private set; }

    /// <summary>For a cross-community coordination: the community codes involved, comma-separated.</summary>
    public string? Communities { get; private set; }

    public Guid? ByUserId { get; private set; }

    public string ByName { get; private set; }

    public DateTimeOffset At { get; private set; }
}

public enum TierStepKind
{
    /// <summary>受理: where the case started (with the reason when above the lowest tier able to handle it).</summary>
    Intake = 1,

    /// <summary>提级: to an upper-tier committee.</summary>
    Escalation = 2,

    /// <summary>跨社区协调: to the common upper tier of the communities involved.</summary>
    Coordination = 3,

    /// <summary>转出: out of people's mediation; the case closes as ReferredOut.</summary>
    ReferralOut = 4,
}

/// <summary>转出去向.</summary>
public enum ReferralTarget
{
    /// <summary>诉讼（人民法院）.</summary>
    Litigation = 1,

    /// <summary>仲裁（劳动人事争议仲裁、商事仲裁）.</summary>
    Arbitration = 2,

    /// <summary>信访部门.</summary>
    PetitionOffice = 3,

    /// <summary>行政主管部门.</summary>
    AdministrativeDepartment = 4,
}

public static class TierNames
{
    public static string DisplayName(this TierStepKind kind) => kind switch
    {
        TierStepKind.Intake => "受理",
        TierStepKind.Escalation => "提级",
        TierStepKind.Coordination => "跨社区协调",
        _ => "转出",
    };

    public static string DisplayName(this ReferralTarget target) => target switch
    {
        ReferralTarget.Litigation => "诉讼",
        ReferralTarget.Arbitration => "仲裁",
        ReferralTarget.PetitionOffice => "信访部门",
        _ => "行政主管部门",
    };

    public static string DisplayName(this MediationTier tier) => tier switch
    {
        MediationTier.VillageOrCommunity => "村（居）",
        MediationTier.TownshipOrStreet => "乡镇（街道）",
        MediationTier.Enterprise => "企业",
        MediationTier.Sector => "行业性专业性",
        _ => "县级矛调中心",
    };
}
