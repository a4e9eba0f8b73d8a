using Fengqiao.Kernel.Access;

namespace Fengqiao.Cases.Points;

/// <summary>
/// 信息员积分流水: points an informant earned for one clue, for one reason. (case, reason) is unique, so a retried or
/// concurrent award writes one entry. Jurisdictional on the case's place, so community staff rank the informants who
/// report in their community.
/// </summary>
public sealed class InformantPointEntry : IJurisdictional
{
    private InformantPointEntry()
    {
        Reason = TrackingCode = UnitPath = "";
    }

    public InformantPointEntry(Guid userId, Guid caseId, string trackingCode, string reason, int points, string unitPath, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        UserId = userId;
        CaseId = caseId;
        TrackingCode = trackingCode;
        Reason = reason;
        Points = points;
        UnitPath = unitPath;
        At = at;
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public Guid CaseId { get; private set; }

    public string TrackingCode { get; private set; }

    /// <summary>One of <see cref="PointReasons"/>.</summary>
    public string Reason { get; private set; }

    public int Points { get; private set; }

    public string UnitPath { get; private set; }

    public DateTimeOffset At { get; private set; }
}

/// <summary>Why points were earned.</summary>
public static class PointReasons
{
    /// <summary>立案: the clue was accepted as a case.</summary>
    public const string Filed = "filed";

    /// <summary>有效办结: the case closed after verification on site.</summary>
    public const string ClosedValid = "closed-valid";
}

/// <summary>
/// 积分规则 (configuration section <c>Cases:InformantPoints</c>). A rejected clue (invalid, duplicate, not our
/// responsibility) is never filed nor closed, so it earns nothing.
/// </summary>
public sealed class InformantPointsOptions
{
    public const string Section = "Cases:InformantPoints";

    public int OnFiling { get; set; } = 2;

    public int OnValidClose { get; set; } = 5;
}
