using Fengqiao.Kernel.Units;

namespace Fengqiao.Cases.Domain;

/// <summary>Chinese names of workflow values for messages and public notes (UI labels live in the host's resources).</summary>
public static class CaseText
{
    public static string Status(CaseStatus status) => status switch
    {
        CaseStatus.Reported => "待立案",
        CaseStatus.Rejected => "不予立案",
        CaseStatus.Filed => "待派遣",
        CaseStatus.Dispatched => "待签收",
        CaseStatus.InProgress => "处置中",
        CaseStatus.AwaitingVerification => "待核查",
        CaseStatus.Closed => "已结案",
        CaseStatus.Suspended => "已挂起",
        _ => status.ToString(),
    };

    public static string Tier(UnitLevel level) => level switch
    {
        UnitLevel.Grid => "网格",
        UnitLevel.Community => "社区",
        UnitLevel.Street => "街道",
        UnitLevel.County => "区县",
        UnitLevel.City => "市",
        _ => "省",
    };

    public static string Rejection(RejectionReason reason) => reason switch
    {
        RejectionReason.Duplicate => "重复上报",
        RejectionReason.NotOurResponsibility => "不属于本平台职责范围",
        _ => "无效上报",
    };
}
