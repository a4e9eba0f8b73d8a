namespace Fengqiao.Mediation.Risk;

/// <summary>
/// The risk rules' settings (section <c>Mediation:Risk</c>), so that a county can tune them to its own experience
/// without a release.
/// </summary>
public sealed class RiskOptions
{
    public const string Section = "Mediation:Risk";

    /// <summary>群体性纠纷: this many people or more make a dispute high risk.</summary>
    public int GroupDisputePeople { get; set; } = 5;

    /// <summary>This many people or more make it critical (重大群体性纠纷).</summary>
    public int MassDisputePeople { get; set; } = 30;

    /// <summary>Words in the facts or claims that threaten violence against others: risk of turning criminal (民转刑).</summary>
    public List<string> ViolenceWords { get; set; } =
        ["杀了", "砍", "弄死", "同归于尽", "报复", "动刀", "打死", "放火", "炸了", "拼命", "血债"];

    /// <summary>Words that threaten self-harm (极端行为).</summary>
    public List<string> SelfHarmWords { get; set; } = ["自杀", "跳楼", "喝农药", "不想活", "寻死", "轻生", "上吊"];

    /// <summary>Earlier disputes within this many days count as repeats (same parties, same address).</summary>
    public int RepeatWindowDays { get; set; } = 365;
}
