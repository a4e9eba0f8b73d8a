using Fengqiao.Cases.Domain;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Units;

namespace Fengqiao.Cases.Workflow;

/// <summary>
/// Who may take which step on a case. Reaching the case at all is the jurisdiction filter's job; these rules add the
/// role and the tier: the holder disposes, the command side files and dispatches, an upper tier approves.
/// </summary>
public static class CaseAccess
{
    /// <summary>立案、派遣、退回处理: the command side of the case's community or above.</summary>
    public static bool IsDispatcher(ICurrentActor actor, Case @case) =>
        actor.IsInRole(Roles.Administrator)
        || ((actor.IsInRole(Roles.CommunityWorker) || actor.IsInRole(Roles.StreetOfficer) || actor.IsInRole(Roles.Supervisor))
            && actor.Scope.Covers(@case.UnitPath));

    /// <summary>签收、处置、提级: the unit (or department) holding the case, in the role of its tier.</summary>
    public static bool IsHolder(ICurrentActor actor, Case @case)
    {
        if (actor.IsInRole(Roles.Administrator))
        {
            return true;
        }

        if (@case.HolderUnitCode is null || @case.HolderLevel is not { } level)
        {
            return false;
        }

        if (@case.AssignedDepartmentCode is { } department)
        {
            var key = AccessScope.DepartmentKey(department, @case.UnitPath);
            return actor.IsInRole(Roles.DepartmentHandler) && actor.Scope.DepartmentKeys.Any(k => key.StartsWith(k, StringComparison.Ordinal));
        }

        if (!actor.UnitCodes.Contains(@case.HolderUnitCode, StringComparer.Ordinal))
        {
            return false;
        }

        return level switch
        {
            UnitLevel.Grid => actor.IsInRole(Roles.GridWorker),
            UnitLevel.Community => actor.IsInRole(Roles.CommunityWorker),
            _ => actor.IsInRole(Roles.StreetOfficer) || actor.IsInRole(Roles.Supervisor),
        };
    }

    /// <summary>核查: a grid worker, community worker or supervisor whose jurisdiction covers the case.</summary>
    public static bool IsVerifier(ICurrentActor actor, Case @case) =>
        actor.IsInRole(Roles.Administrator)
        || ((actor.IsInRole(Roles.GridWorker) || actor.IsInRole(Roles.CommunityWorker) || actor.IsInRole(Roles.StreetOfficer) || actor.IsInRole(Roles.Supervisor))
            && actor.Scope.Covers(@case.UnitPath));

    /// <summary>审批延期/挂起、下派: staff of a unit strictly above the holder.</summary>
    public static bool IsAboveHolder(ICurrentActor actor, Case @case)
    {
        if (actor.IsInRole(Roles.Administrator))
        {
            return true;
        }

        if (@case.HolderLevel is not { } level || UnitPaths.PathAt(@case.UnitPath, level) is not { } holderPath)
        {
            return false;
        }

        var staff = actor.IsInRole(Roles.CommunityWorker) || actor.IsInRole(Roles.StreetOfficer) || actor.IsInRole(Roles.Supervisor);
        return staff && actor.Scope.UnitPaths.Any(p => holderPath.StartsWith(p, StringComparison.Ordinal) && holderPath.Length > p.Length);
    }

    /// <summary>督办: supervisors (and administrators) over the case.</summary>
    public static bool IsSupervisor(ICurrentActor actor, Case @case) =>
        actor.IsInRole(Roles.Administrator) || (actor.IsInRole(Roles.Supervisor) && actor.Scope.Covers(@case.UnitPath));

    public static ActorStamp Stamp(ICurrentActor actor, string role) =>
        new(actor.UserId, actor.Name, role, (actor.UnitCodes.Count > 0 ? actor.UnitCodes[0] : null));
}
