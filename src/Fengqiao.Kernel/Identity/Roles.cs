namespace Fengqiao.Kernel.Identity;

/// <summary>The roles of people who use Fengqiao (see domain.md §1). Names are stable identifiers; labels are in resources.</summary>
public static class Roles
{
    /// <summary>居民 / 村民</summary>
    public const string Resident = "resident";

    /// <summary>信息员</summary>
    public const string Informant = "informant";

    /// <summary>网格员</summary>
    public const string GridWorker = "grid-worker";

    /// <summary>社区工作者</summary>
    public const string CommunityWorker = "community-worker";

    /// <summary>人民调解员</summary>
    public const string Mediator = "mediator";

    /// <summary>街道/乡镇工作人员</summary>
    public const string StreetOfficer = "street-officer";

    /// <summary>职能部门处置人员</summary>
    public const string DepartmentHandler = "department-handler";

    /// <summary>督办 / 领导</summary>
    public const string Supervisor = "supervisor";

    /// <summary>系统管理员</summary>
    public const string Administrator = "administrator";

    public static IReadOnlyList<string> All { get; } =
    [
        Resident, Informant, GridWorker, CommunityWorker, Mediator, StreetOfficer, DepartmentHandler, Supervisor, Administrator,
    ];

    /// <summary>Roles that act for a unit and therefore need one or more units to be assigned.</summary>
    public static IReadOnlyList<string> Staff { get; } =
    [
        GridWorker, CommunityWorker, Mediator, StreetOfficer, DepartmentHandler, Supervisor, Administrator,
    ];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
