using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fengqiao.Cases.Coordination;

/// <summary>Cases touching several units over HTTP: add involved units, read them, list the cases one assists (协办).</summary>
internal static class CoordinationEndpoints
{
    public static void MapCaseCoordination(this IEndpointRouteBuilder api, string apiPolicy)
    {
        var group = api.MapGroup("/cases").WithTags("事件 Cases")
            .RequireAuthorization(apiPolicy)
            .RequireAuthorization(policy => policy.RequireRole([.. Kernel.Identity.Roles.Staff]));
        group.MapPost("/{id:guid}/involve", async (Guid id, InvolveUnitsRequest request, CoordinateCase coordinate, CancellationToken ct) =>
                TypedResults.Ok(await coordinate.InvolveAsync(id, request, ct)))
            .WithSummary("添加涉及单位（跨网格/跨社区，须说明理由）：由各单位的最近共同上级协调主办");
        group.MapGet("/{id:guid}/involved-units", async (Guid id, CoordinateCase coordinate, CancellationToken ct) =>
                TypedResults.Ok(await coordinate.GetAsync(id, ct)))
            .WithSummary("案件的涉及单位和协调主办单位");
        group.MapGet("/involved", async (int? page, int? pageSize, bool? includeClosed, CoordinationQueue queue, CancellationToken ct) =>
                TypedResults.Ok(await queue.ListAsync(page, pageSize, includeClosed ?? false, ct)))
            .WithSummary("协办案件：涉及本辖区单位、但不位于本辖区的案件（未办结的在前，按时限排序；includeClosed=true 含已办结），并标明本单位是否已反馈");
        group.MapPost("/{id:guid}/coordination-replies", async (Guid id, CoordinationReplyRequest request, ReplyToCoordination reply, CancellationToken ct) =>
                TypedResults.Ok(await reply.ReplyAsync(id, request, ct)))
            .WithSummary("协办反馈：涉及单位的工作人员记录本单位了解或办理的情况（记入时间线并通知承办单位）");
    }
}
