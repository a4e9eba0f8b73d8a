using Fengqiao.Kernel.Errors;

namespace Fengqiao.Mediation.FollowUps;

/// <summary>回访是结案后的工作：只能为已办结的案件安排回访。</summary>
public sealed class FollowUpsFollowAClosedCase(string number, bool closed) : IBusinessRule
{
    public string Message => $"案件 {number} 尚未办结，回访在结案后进行。";

    public bool IsBroken() => !closed;
}

/// <summary>回访日期应在结案之后一年以内，且不早于今天（不能安排过去的回访）。</summary>
public sealed class FollowUpIsDueWithinAYearOfClosing(DateOnly closedOn, DateOnly today, DateOnly dueOn, int latestDays) : IBusinessRule
{
    public string Message => $"回访日期应在今天（{today:yyyy-MM-dd}）至结案后 {latestDays} 天（{closedOn.AddDays(latestDays):yyyy-MM-dd}）之间，{dueOn:yyyy-MM-dd} 不在此范围内。";

    public bool IsBroken() => dueOn < today || dueOn < closedOn || dueOn > closedOn.AddDays(latestDays);
}

/// <summary>回访日期不能早于结案日，也不能晚于今天（记录的是已经进行的回访）。</summary>
public sealed class VisitHappenedAfterClosingAndNotInTheFuture(DateOnly closedOn, DateOnly today, DateOnly visitedOn) : IBusinessRule
{
    public string Message => $"回访日期应在结案日（{closedOn:yyyy-MM-dd}）至今天（{today:yyyy-MM-dd}）之间，{visitedOn:yyyy-MM-dd} 不在此范围内。";

    public bool IsBroken() => visitedOn < closedOn || visitedOn > today;
}
