using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Identity;

namespace Fengqiao.Places.People;

/// <summary>Who may do what with buildings, households and residents; jurisdiction is applied on top by the DbContext.</summary>
internal static class PeopleRoles
{
    /// <summary>Register and change buildings, households and residents.</summary>
    public static readonly string[] Manage = [Roles.GridWorker, Roles.CommunityWorker, Roles.StreetOfficer, Roles.Administrator];

    /// <summary>Read masked lists.</summary>
    public static readonly string[] Read = [Roles.GridWorker, Roles.CommunityWorker, Roles.Mediator, Roles.StreetOfficer, Roles.Supervisor, Roles.Administrator];

    /// <summary>See full identity numbers and phones, audited (a grid worker only in their own grid: the jurisdiction check).</summary>
    public static readonly string[] Reveal = [Roles.GridWorker, Roles.CommunityWorker, Roles.StreetOfficer, Roles.Administrator];

    /// <summary>
    /// See special-group tags (独居老人, 社区矫正 …): whoever may record them — grid workers, who collect the base data
    /// and visit these residents, within their own grid (the jurisdiction filter) — and community workers and above
    /// (ADR 0010). Mediators see residents without tags.
    /// </summary>
    public static readonly string[] SeeTags = [Roles.GridWorker, Roles.CommunityWorker, Roles.StreetOfficer, Roles.Supervisor, Roles.Administrator];

    /// <summary>Link a resident to their own account.</summary>
    public static readonly string[] LinkAccount = [Roles.CommunityWorker, Roles.StreetOfficer, Roles.Administrator];

    public static bool MaySeeTags(ICurrentActor actor) => SeeTags.Any(actor.IsInRole);
}
