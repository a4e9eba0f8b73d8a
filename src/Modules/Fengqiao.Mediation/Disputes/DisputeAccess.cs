using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Time;
using Fengqiao.Mediation.Committees;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Mediation.Disputes;

/// <summary>
/// Who reaches which cases. Jurisdiction is applied by the DbContext; on top of it a mediator (without a broader staff
/// role) reaches only the cases of committees they currently serve in: mediation is personal, and the parties' affairs
/// are not every mediator's business.
/// </summary>
public sealed class DisputeAccess(FengqiaoDbContext db, ICurrentActor actor, TimeProvider clock)
{
    /// <summary>Roles that read mediation cases.</summary>
    public static IReadOnlyList<string> ReaderRoles { get; } =
        [Roles.Mediator, Roles.CommunityWorker, Roles.StreetOfficer, Roles.Supervisor, Roles.Administrator];

    /// <summary>Roles that take in and work on cases (and may reveal parties' personal data for the case).</summary>
    public static IReadOnlyList<string> WorkerRoles { get; } = [Roles.Mediator, Roles.CommunityWorker, Roles.StreetOfficer, Roles.Administrator];

    private static readonly string[] BroaderRoles = [Roles.CommunityWorker, Roles.StreetOfficer, Roles.Supervisor, Roles.Administrator];

    private IReadOnlyList<Guid>? _committees;

    /// <summary>True when the caller sees only their own committees' cases.</summary>
    public bool IsMediatorOnly => actor.IsInRole(Roles.Mediator) && !BroaderRoles.Any(actor.IsInRole) && !actor.Scope.Unrestricted;

    public DateOnly Today => DateOnly.FromDateTime(ChinaTime.ToLocal(clock.GetUtcNow()).DateTime);

    /// <summary>The committees the caller currently serves in with their account.</summary>
    public async Task<IReadOnlyList<Guid>> MyCommitteesAsync(CancellationToken cancellationToken)
    {
        if (_committees is not null)
        {
            return _committees;
        }

        var userId = actor.UserId;
        var today = Today;
        _committees = userId is null
            ? []
            : await db.Set<CommitteeMember>()
                .Where(m => m.UserId == userId && m.From <= today && (m.To == null || m.To >= today))
                .Select(m => m.CommitteeId).Distinct().ToListAsync(cancellationToken);
        return _committees;
    }

    public async Task<IQueryable<MediationCase>> CasesAsync(CancellationToken cancellationToken)
    {
        var cases = db.Set<MediationCase>().AsQueryable();
        if (IsMediatorOnly)
        {
            var mine = await MyCommitteesAsync(cancellationToken);
            cases = cases.Where(c => mine.Contains(c.CommitteeId));
        }

        return cases;
    }

    public void EnsureReader()
    {
        if (!ReaderRoles.Any(actor.IsInRole) && !actor.Scope.Unrestricted)
        {
            throw new ForbiddenException("只有调解员、社区和街道工作人员、督办人员和管理员可以查看调解案件。");
        }
    }

    public void EnsureWorker()
    {
        if (!WorkerRoles.Any(actor.IsInRole) && !actor.Scope.Unrestricted)
        {
            throw new ForbiddenException("只有调解员、社区和街道工作人员和管理员可以受理和办理调解案件。");
        }
    }

    /// <summary>A mediator may act for a committee only if they serve in it.</summary>
    public async Task EnsureMayActForAsync(Committee committee, CancellationToken cancellationToken)
    {
        if (IsMediatorOnly && !(await MyCommitteesAsync(cancellationToken)).Contains(committee.Id))
        {
            throw new ForbiddenException($"您不是“{committee.Name}”的成员，不能以其名义受理或办理案件。");
        }
    }
}
