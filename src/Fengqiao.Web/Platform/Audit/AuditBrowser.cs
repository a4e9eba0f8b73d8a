using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Web.Platform.Audit;

/// <summary>
/// 审计日志: administrators and supervisors browse entries concerning their jurisdiction (the DbContext filter), and
/// administrators also see system-wide security events such as failed sign-ins for unknown names.
/// </summary>
internal sealed class AuditBrowser(FengqiaoDbContext db, ICurrentActor actor, AuditChainVerifier verifier)
{
    public const int MaxPageSize = 200;

    public async Task<AuditPage> BrowseAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        EnsureAllowed();
        if (filter.Page < 1 || filter.PageSize is < 1 or > MaxPageSize)
        {
            throw new ValidationFailedException("page", $"页码从 1 开始，每页 1 到 {MaxPageSize} 条。");
        }

        var entries = db.AuditEntries.AsNoTracking();
        if (actor.IsInRole(Roles.Administrator))
        {
            // The same jurisdiction as the filter, plus the entries that belong to no unit.
            var scope = actor.Scope;
            var paths = scope.UnitPaths;
            entries = entries.IgnoreQueryFilters()
                .Where(e => e.UnitPath == AuditEntry.SystemWidePath || scope.Unrestricted || paths.Any(p => e.UnitPath.StartsWith(p)));
        }

        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            entries = entries.Where(e => e.ActorName.Contains(filter.Actor.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            entries = entries.Where(e => e.Action.StartsWith(filter.Action.Trim()));
        }

        if (filter.Outcome is { } outcome)
        {
            entries = entries.Where(e => e.Outcome == outcome);
        }

        if (filter.From is { } from)
        {
            entries = entries.Where(e => e.OccurredAt >= from);
        }

        if (filter.To is { } to)
        {
            entries = entries.Where(e => e.OccurredAt < to);
        }

        var total = await entries.CountAsync(cancellationToken);
        var page = await entries.OrderByDescending(e => e.Sequence)
            .Skip((filter.Page - 1) * filter.PageSize)
            .Take(filter.PageSize)
            .Select(e => new AuditEntryView(e.Sequence, e.OccurredAt, e.ActorName, e.Role, e.UnitCode, e.Action, e.Target, e.Outcome, e.IpAddress, e.Detail, e.Hash))
            .ToListAsync(cancellationToken);
        return new AuditPage(total, filter.Page, filter.PageSize, page);
    }

    /// <summary>Verifies the whole chain (not only the caller's part: a break anywhere matters to everyone).</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        EnsureAllowed();
        return await verifier.VerifyAsync(null, cancellationToken);
    }

    private void EnsureAllowed()
    {
        if (!actor.IsInRole(Roles.Administrator) && !actor.IsInRole(Roles.Supervisor))
        {
            throw new ForbiddenException("只有系统管理员和督办人员可以查看审计日志。");
        }
    }
}
