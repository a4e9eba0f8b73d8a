using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Routing;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Units;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Workflow;

/// <summary>A tier a case can be dispatched to: its own unit at that level.</summary>
public sealed record DispatchTierOption(UnitLevel Level, string UnitCode, string UnitName);

public sealed record DispatchDepartmentOption(string Code, string Name);

/// <summary>
/// Where a filed case may be dispatched: the routing rules' decision (<see cref="RoutedLevel"/> … <see cref="Basis"/>,
/// taken when no target is named), the tiers on the case's own chain and the departments. Dispatching elsewhere than the
/// routed target needs a reason (<see cref="DispatchRequest.OverrideReason"/>).
/// </summary>
public sealed record DispatchOptions(
    Guid CaseId, long Version, UnitLevel RoutedLevel, string RoutedUnitCode, string? RoutedDepartmentCode, string Basis,
    IReadOnlyList<DispatchTierOption> Tiers, IReadOnlyList<DispatchDepartmentOption> Departments);

/// <summary>
/// The choices for 派遣 on a single case, for the case page and API clients. The step itself stays
/// <see cref="CaseWorkflow.DispatchAsync"/>: this only reads what it would decide and what it accepts.
/// </summary>
public sealed class DispatchTargets(FengqiaoDbContext db, ICurrentActor actor, Router router)
{
    private static readonly UnitLevel[] Levels = [UnitLevel.Grid, UnitLevel.Community, UnitLevel.Street, UnitLevel.County];

    public async Task<DispatchOptions> GetAsync(Guid id, CancellationToken ct)
    {
        var @case = await db.Set<Case>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("案件");
        if (!CaseAccess.IsDispatcher(actor, @case))
        {
            throw new ForbiddenException("您不能派遣此案件：须由案件所在社区或上级的受理人员办理。");
        }

        Rules.Check(new StepMustFollowTheWorkflow("派遣", @case.Status, CaseStatus.Filed));
        var version = await db.Set<CategoryVersion>().AsNoTracking().SingleAsync(v => v.Id == @case.CategoryVersionId, ct);
        var decision = await router.DecideAsync(version, @case.UnitPath, ct);

        // The county above a community worker lies outside their jurisdiction: unit names are read by code only.
        var chain = Levels.Select(l => (Level: l, Code: UnitPaths.CodeAt(@case.UnitPath, l))).Where(x => x.Code is not null).ToList();
        var codes = chain.Select(x => x.Code!).ToList();
        var names = await db.Units.IgnoreQueryFilters().AsNoTracking().Where(u => codes.Contains(u.Code)).ToDictionaryAsync(u => u.Code, u => u.Name, ct);
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.Code).Select(d => new DispatchDepartmentOption(d.Code, d.Name)).ToListAsync(ct);
        return new DispatchOptions(
            @case.Id, @case.Version, decision.Target.Level, decision.Target.UnitCode, decision.Target.DepartmentCode, decision.Basis,
            [.. chain.Select(x => new DispatchTierOption(x.Level, x.Code!, names.GetValueOrDefault(x.Code!, x.Code!)))],
            departments);
    }
}

/// <summary><c>GET /cases/{id}/dispatch-options</c>.</summary>
internal static class DispatchTargetsEndpoints
{
    public static void MapDispatchTargets(this IEndpointRouteBuilder api, string apiPolicy) =>
        api.MapGroup("/cases").WithTags("事件 Cases")
            .RequireAuthorization(apiPolicy)
            .RequireAuthorization(policy => policy.RequireRole([.. Kernel.Identity.Roles.Staff]))
            .MapGet("/{id:guid}/dispatch-options", async (Guid id, DispatchTargets targets, CancellationToken ct) => TypedResults.Ok(await targets.GetAsync(id, ct)))
            .WithSummary("派遣选项：派遣规则的决定（不指定目标时采用）、案件所在位置的各层级单位和职能部门");
}
