using Fengqiao.Mediation.Disputes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fengqiao.Mediation.Tiers;

internal static class TierEndpoints
{
    public static void MapTiers(this IEndpointRouteBuilder api, string apiPolicy)
    {
        var group = api.MapGroup("/mediation/cases/{id:guid}/tier").WithTags("调解层级 Mediation tiers")
            .RequireAuthorization(apiPolicy)
            .RequireAuthorization(policy => policy.RequireRole([.. DisputeAccess.ReaderRoles]));
        var workers = DisputeAccess.WorkerRoles.ToArray();

        group.MapGet("/", async (Guid id, ManageTiers tiers, CancellationToken ct) => TypedResults.Ok(await tiers.StateAsync(id, ct)))
            .WithSummary("本案所在层级、层级流转记录（受理、提级、跨社区协调、转出）和可提级的上级调解组织");
        group.MapPost("/escalate", async (Guid id, EscalateRequest request, ManageTiers tiers, CancellationToken ct) =>
                TypedResults.Ok(await tiers.EscalateAsync(id, request, ct)))
            .RequireAuthorization(policy => policy.RequireRole(workers))
            .WithSummary("提级：移交上级调解组织（须为所在区划的上级区划的调解组织），须说明理由");
        group.MapPost("/coordinate", async (Guid id, CoordinateRequest request, ManageTiers tiers, CancellationToken ct) =>
                TypedResults.Ok(await tiers.CoordinateAsync(id, request, ct)))
            .RequireAuthorization(policy => policy.RequireRole(workers))
            .WithSummary("跨社区纠纷：由涉及各社区最近的共同上级调解组织（街道调委会或县级矛调中心）协调，须说明理由");
        group.MapPost("/refer-out", async (Guid id, ReferOutRequest request, ManageTiers tiers, CancellationToken ct) =>
                TypedResults.Ok(await tiers.ReferOutAsync(id, request, ct)))
            .RequireAuthorization(policy => policy.RequireRole(workers))
            .WithSummary("转出：诉讼、仲裁、信访部门或行政主管部门（写明接收单位和理由）；案件以“转出”办结并安排一次回访");
    }
}
