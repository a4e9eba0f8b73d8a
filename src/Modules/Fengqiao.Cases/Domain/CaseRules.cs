using Fengqiao.Kernel.Errors;

namespace Fengqiao.Cases.Domain;

/// <summary>A step is allowed only from the statuses the workflow names for it.</summary>
internal sealed class StepMustFollowTheWorkflow(string step, CaseStatus current, params CaseStatus[] allowed) : IBusinessRule
{
    public bool IsBroken() => !allowed.Contains(current);

    public string Message => $"案件当前状态为“{CaseText.Status(current)}”，不能{step}。";
}

/// <summary>Reasons are required wherever the Fengqiao principle asks why a case leaves its tier or is refused.</summary>
internal sealed class ReasonIsRequired(string step, string? reason) : IBusinessRule
{
    public bool IsBroken() => string.IsNullOrWhiteSpace(reason);

    public string Message => $"{step}须说明理由。";
}

/// <summary>The person who disposed of a case does not verify it (处置与核查分离).</summary>
internal sealed class DisposerDoesNotVerify(Guid? disposerId, Guid? verifierId) : IBusinessRule
{
    public bool IsBroken() => disposerId is not null && disposerId == verifierId;

    public string Message => "核查须由处置人以外的人员完成。";
}

/// <summary>A case at county tier has no higher tier to climb to within the platform.</summary>
internal sealed class ThereIsAHigherTier(bool exists) : IBusinessRule
{
    public bool IsBroken() => !exists;

    public string Message => "案件已在区县层级，不能再向上提级；请申请延期或督办。";
}

/// <summary>Only one extension or suspension request waits for approval at a time.</summary>
internal sealed class OneApprovalAtATime(ApprovalKind? pending) : IBusinessRule
{
    public bool IsBroken() => pending is not null;

    public string Message => $"已有待审批的{(pending == ApprovalKind.Extension ? "延期" : "挂起")}申请。";
}

/// <summary>Reporters rate once, with 1 to 5 stars, within the rating window.</summary>
internal sealed class RatingIsOneToFiveOnce(int score, int? existing) : IBusinessRule
{
    public bool IsBroken() => score is < 1 or > 5 || existing is not null;

    public string Message => existing is not null ? "您已评价过此案件。" : "评分须为 1 至 5 星。";
}

/// <summary>A closed case can be reopened by its reporter only within the configured window.</summary>
internal sealed class ReopenWithinWindow(DateTimeOffset? closedAt, DateTimeOffset now, int windowDays) : IBusinessRule
{
    public bool IsBroken() => closedAt is null || now > closedAt.Value.AddDays(windowDays);

    public string Message => $"结案 {windowDays} 天后不能再重新打开，请重新上报。";
}
