using Fengqiao.Kernel.Errors;

namespace Fengqiao.Mediation.Tiers;

/// <summary>
/// 小事不出村：纠纷在其所在社区（村）已有人民调解委员会时，上级调解组织直接受理须说明理由（如群体性纠纷、重大风险、当事人申请）。
/// </summary>
public sealed class CaseStartsAtTheLowestTierAbleToHandleIt(string committeeName, string lowerName, bool hasReason) : IBusinessRule
{
    public string Message =>
        $"小事不出村：纠纷所在社区已有“{lowerName}”，应由其先行调解；“{committeeName}”直接受理须填写理由（tierReason），如群体性纠纷、重大风险或当事人申请。";

    public bool IsBroken() => !hasReason;
}

/// <summary>提级只能提到本案调解组织所在区划的上级区划的调解组织（街道、县级矛调中心或上级行业性专业性调委会），不能平移或下放。</summary>
public sealed class EscalationGoesToAnUpperTier(string fromName, string toName, bool upper) : IBusinessRule
{
    public string Message => $"提级只能提交上级调解组织：“{toName}”不是“{fromName}”的上级（须为其所在街道、县（市、区）的调解组织）。";

    public bool IsBroken() => !upper;
}

/// <summary>跨社区纠纷由涉及各社区的共同上级调解组织协调；没有这样的调解组织时不能协调。</summary>
public sealed class CrossCommunityDisputesHaveACommonUpperTier(string communities, bool found) : IBusinessRule
{
    public string Message => $"没有找到{communities}共同的上级调解组织（已成立的街道人民调解委员会或县级矛调中心），请先设立或直接提级。";

    public bool IsBroken() => !found;
}
