namespace Fengqiao.Mediation.Committees;

/// <summary>
/// A person's place in a mediation organisation. 主任, 副主任 and 委员 are the committee proper and count towards the
/// 3–9 members of Art. 9; 调解员 are mediators the committee engages (Art. 13) and window staff of the centre.
/// </summary>
public enum CommitteeRole
{
    /// <summary>主任 (one per committee).</summary>
    Chair = 1,

    /// <summary>副主任.</summary>
    ViceChair = 2,

    /// <summary>委员.</summary>
    Member = 3,

    /// <summary>聘任的人民调解员 (not a committee member).</summary>
    Mediator = 4,
}

public static class CommitteeRoles
{
    public static bool IsCommitteeSeat(this CommitteeRole role) => role is CommitteeRole.Chair or CommitteeRole.ViceChair or CommitteeRole.Member;

    public static string DisplayName(this CommitteeRole role) => role switch
    {
        CommitteeRole.Chair => "主任",
        CommitteeRole.ViceChair => "副主任",
        CommitteeRole.Member => "委员",
        _ => "调解员",
    };
}
