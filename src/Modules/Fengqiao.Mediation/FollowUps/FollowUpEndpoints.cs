using Fengqiao.Mediation.Disputes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fengqiao.Mediation.FollowUps;

internal static class FollowUpEndpoints
{
    public static void MapFollowUps(this IEndpointRouteBuilder api, string apiPolicy)
    {
        var workers = DisputeAccess.WorkerRoles.ToArray();
        var root = api.MapGroup("/mediation/follow-ups").WithTags("回访 Follow-up visits")
            .RequireAuthorization(apiPolicy)
            .RequireAuthorization(policy => policy.RequireRole([.. DisputeAccess.ReaderRoles]));
        root.MapGet("/", async ([AsParameters] FollowUpDueQuery query, FollowUpQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.DueAsync(query, ct)))
            .WithSummary("到期和逾期的回访：due（默认今天）之前应回访的；mine=true 只看指派给我或我承办案件的");

        var group = api.MapGroup("/mediation/cases/{id:guid}/follow-ups").WithTags("回访 Follow-up visits")
            .RequireAuthorization(apiPolicy)
            .RequireAuthorization(policy => policy.RequireRole([.. DisputeAccess.ReaderRoles]));
        group.MapGet("/", async (Guid id, ManageFollowUps followUps, CancellationToken ct) => TypedResults.Ok(await followUps.ListAsync(id, ct)))
            .WithSummary("本案的回访（结案后自动安排和人工安排的），以及本案若因他案回访反弹而立案时的来源");
        group.MapPost("/", async (Guid id, ScheduleFollowUpRequest request, ManageFollowUps followUps, CancellationToken ct) =>
            {
                var created = await followUps.ScheduleAsync(id, request, ct);
                return TypedResults.Created($"/api/v1/mediation/cases/{id}/follow-ups", created);
            })
            .RequireAuthorization(policy => policy.RequireRole(workers))
            .WithSummary("人工安排回访（结案后一年内、不早于今天）");
        group.MapPost("/{followUpId:guid}/record", async (Guid id, Guid followUpId, RecordFollowUpRequest request, ManageFollowUps followUps, CancellationToken ct) =>
                TypedResults.Ok(await followUps.RecordAsync(id, followUpId, request, ct)))
            .RequireAuthorization(policy => policy.RequireRole(workers))
            .WithSummary("记录回访：日期、方式（电话/上门）、结果（已履行/稳定/反弹）；反弹时重新打开原案或另立新案并关联");
    }
}
