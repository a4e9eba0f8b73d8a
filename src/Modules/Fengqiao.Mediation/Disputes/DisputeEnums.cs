namespace Fengqiao.Mediation.Disputes;

/// <summary>
/// 案件来源: how the dispute reached the committee (statistics count application / initiative / referral). Escalated
/// events arrive from the events module's published <c>CaseEscalated</c>.
/// </summary>
public enum DisputeSource
{
    /// <summary>当事人申请：来访.</summary>
    ApplicationWalkIn = 1,

    /// <summary>当事人申请：网上.</summary>
    ApplicationWeb = 2,

    /// <summary>当事人申请：电话.</summary>
    ApplicationPhone = 3,

    /// <summary>主动调解: on the committee's own initiative.</summary>
    Initiative = 10,

    /// <summary>法院委托移送.</summary>
    ReferralCourt = 20,

    /// <summary>公安委托移送.</summary>
    ReferralPolice = 21,

    /// <summary>信访部门委托移送.</summary>
    ReferralPetitionOffice = 22,

    /// <summary>信息员线索.</summary>
    InformantClue = 30,

    /// <summary>事件提级转入.</summary>
    EscalatedEvent = 40,
}

public enum PartyKind
{
    /// <summary>自然人.</summary>
    Person = 1,

    /// <summary>法人或其他组织.</summary>
    Organisation = 2,
}

public enum PartyRole
{
    /// <summary>申请人.</summary>
    Applicant = 1,

    /// <summary>被申请人.</summary>
    Respondent = 2,

    /// <summary>第三人.</summary>
    ThirdParty = 3,
}

public enum DisputeStatus
{
    /// <summary>已受理.</summary>
    Accepted = 1,

    /// <summary>调解中.</summary>
    InMediation = 2,

    /// <summary>调解成功.</summary>
    Resolved = 3,

    /// <summary>调解不成.</summary>
    Failed = 4,

    /// <summary>撤回.</summary>
    Withdrawn = 5,

    /// <summary>转出: referred out to litigation, arbitration, the petition office or an administrative department.</summary>
    ReferredOut = 6,
}

/// <summary>风险等级: set by configurable rules on intake and on every change.</summary>
public enum RiskLevel
{
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}

public static class DisputeEnumNames
{
    public static string DisplayName(this DisputeSource source) => source switch
    {
        DisputeSource.ApplicationWalkIn => "当事人申请（来访）",
        DisputeSource.ApplicationWeb => "当事人申请（网上）",
        DisputeSource.ApplicationPhone => "当事人申请（电话）",
        DisputeSource.Initiative => "主动调解",
        DisputeSource.ReferralCourt => "法院委托移送",
        DisputeSource.ReferralPolice => "公安委托移送",
        DisputeSource.ReferralPetitionOffice => "信访部门委托移送",
        DisputeSource.InformantClue => "信息员线索",
        _ => "事件提级转入",
    };

    /// <summary>The three sources of the statistics: 申请, 主动, 委托移送 (clues and escalated events count as initiative).</summary>
    public static string StatisticalSource(this DisputeSource source) => source switch
    {
        DisputeSource.ApplicationWalkIn or DisputeSource.ApplicationWeb or DisputeSource.ApplicationPhone => "申请调解",
        DisputeSource.ReferralCourt or DisputeSource.ReferralPolice or DisputeSource.ReferralPetitionOffice => "委托移送",
        _ => "主动调解",
    };

    public static bool IsReferral(this DisputeSource source) =>
        source is DisputeSource.ReferralCourt or DisputeSource.ReferralPolice or DisputeSource.ReferralPetitionOffice;

    public static string DisplayName(this RiskLevel level) => level switch
    {
        RiskLevel.Low => "低",
        RiskLevel.Medium => "中",
        RiskLevel.High => "高",
        _ => "重大",
    };

    public static string DisplayName(this DisputeStatus status) => status switch
    {
        DisputeStatus.Accepted => "已受理",
        DisputeStatus.InMediation => "调解中",
        DisputeStatus.Resolved => "调解成功",
        DisputeStatus.Failed => "调解不成",
        DisputeStatus.Withdrawn => "撤回",
        _ => "转出",
    };

    public static bool IsOpen(this DisputeStatus status) => status is DisputeStatus.Accepted or DisputeStatus.InMediation;
}
