using Fengqiao.Kernel.Access;

namespace Fengqiao.Mediation.Committees;

/// <summary>
/// 窗口: a desk of the county centre staffed by one agency (petition reception, labour arbitration, judicial mediation,
/// litigation service …), so that a person reaches them all in one place (最多跑一地).
/// </summary>
public sealed class CentreWindow : IJurisdictional
{
    public const int MaxNameLength = 50;
    public const int MaxAgencyLength = 100;

    private CentreWindow()
    {
        Name = Agency = UnitPath = "";
    }

    internal CentreWindow(Guid committeeId, string unitPath, string name, string agency)
    {
        Id = Guid.CreateVersion7();
        CommitteeId = committeeId;
        UnitPath = unitPath;
        Name = name;
        Agency = agency;
    }

    public Guid Id { get; private set; }

    public Guid CommitteeId { get; private set; }

    public string UnitPath { get; private set; }

    /// <summary>e.g. 信访接待窗口, 劳动仲裁窗口, 诉讼服务窗口, 人民调解窗口.</summary>
    public string Name { get; private set; }

    /// <summary>The agency staffing the window, e.g. 宜兴市信访局.</summary>
    public string Agency { get; private set; }
}
