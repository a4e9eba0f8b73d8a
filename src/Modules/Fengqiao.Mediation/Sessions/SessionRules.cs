using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Time;

namespace Fengqiao.Mediation.Sessions;

/// <summary>一名调解员同一时间只能参加一场调解：新安排的时间与其已有的调解会重叠。</summary>
public sealed class MediatorIsNotBookedTwice(string mediator, string? otherCase, DateTimeOffset? otherStart, DateTimeOffset? otherEnd) : IBusinessRule
{
    public string Message =>
        $"调解员{mediator}在 {ChinaTime.Format(otherStart)}–{(otherEnd is { } end ? ChinaTime.ToLocal(end).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "")} 已安排案件 {otherCase} 的调解，同一时间不能参加两场调解。";

    public bool IsBroken() => otherStart is not null;
}

/// <summary>调解期限：人民调解一般应在受理之日起一个月内调结；经批准可延长，每次不超过一个月。</summary>
public sealed class ExtensionIsWithinAMonth(DateOnly currentDue, DateOnly until) : IBusinessRule
{
    public string Message => until <= currentDue
        ? $"延长后的期限 {until:yyyy-MM-dd} 须晚于现期限 {currentDue:yyyy-MM-dd}。"
        : $"调解期限每次延长不超过一个月：现期限 {currentDue:yyyy-MM-dd}，最晚可延至 {currentDue.AddMonths(1):yyyy-MM-dd}。";

    public bool IsBroken() => until <= currentDue || until > currentDue.AddMonths(1);
}

/// <summary>调解会只能记录一次：已召开或已取消的调解会不能再记录或取消。</summary>
public sealed class SessionIsStillScheduled(SessionStatus status) : IBusinessRule
{
    public string Message => status == SessionStatus.Held ? "该次调解已记录笔录和结果。" : "该次调解已取消。";

    public bool IsBroken() => status != SessionStatus.Scheduled;
}
