using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fengqiao.Mediation.Disputes;

internal static class DisputeEndpoints
{
    public static void MapDisputes(this IEndpointRouteBuilder api, string apiPolicy)
    {
        var group = api.MapGroup("/mediation/cases").WithTags("调解案件 Mediation cases")
            .RequireAuthorization(apiPolicy)
            .RequireAuthorization(policy => policy.RequireRole([.. DisputeAccess.ReaderRoles]));
        var workers = DisputeAccess.WorkerRoles.ToArray();

        group.MapGet("/", async ([Microsoft.AspNetCore.Http.AsParameters] DisputeListQuery query, DisputeQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.ListAsync(query, ct)))
            .WithSummary("调解案件（辖区内；调解员只见本人所在调委会的案件）：unit、committee、status、minRisk、type、mine；当事人已脱敏");
        group.MapGet("/{id:guid}", async (Guid id, DisputeQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.GetAsync(id, ct)))
            .WithSummary("案件详情：来源、当事人（脱敏）、风险等级和理由、调解员、版本号");
        group.MapPost("/", async (IntakeRequest request, TakeInDispute handler, CancellationToken ct) =>
            {
                var created = await handler.IntakeAsync(request, ct);
                return TypedResults.Created($"/api/v1/mediation/cases/{created.Id}", created);
            })
            .RequireAuthorization(policy => policy.RequireRole(workers))
            .WithSummary("受理纠纷：来源（申请、主动、委托移送、信息员线索）、当事人（个人信息加密保存）、类型、事实、诉求、金额、人数、地点；自动定位网格并研判风险");
        group.MapPut("/{id:guid}", async (Guid id, ReviseDisputeRequest request, DisputeRecords records, CancellationToken ct) =>
                TypedResults.Ok(await records.ReviseAsync(id, request, ct)))
            .RequireAuthorization(policy => policy.RequireRole(workers))
            .WithSummary("修改案情（须带 version；版本过期返回 409），重新研判风险");
        group.MapPost("/{id:guid}/parties", async (Guid id, PartyRequest request, DisputeRecords records, CancellationToken ct) =>
            {
                var party = await records.AddPartyAsync(id, request, ct);
                return TypedResults.Created($"/api/v1/mediation/cases/{id}", party);
            })
            .RequireAuthorization(policy => policy.RequireRole(workers))
            .WithSummary("增加当事人，重新研判风险");
        group.MapPost("/{id:guid}/mediators", async (Guid id, AssignMediatorRequest request, DisputeRecords records, CancellationToken ct) =>
            {
                var mediator = await records.AssignMediatorAsync(id, request, ct);
                return TypedResults.Created($"/api/v1/mediation/cases/{id}", mediator);
            })
            .RequireAuthorization(policy => policy.RequireRole(workers))
            .WithSummary("指定承办调解员（须为受理调委会的现任成员）");
        group.MapPost("/{id:guid}/parties/{partyId:guid}/reveal", async (Guid id, Guid partyId, RevealPartyRequest request, DisputeRecords records, CancellationToken ct) =>
                TypedResults.Ok(await records.RevealAsync(id, partyId, request, ct)))
            .RequireAuthorization(policy => policy.RequireRole(workers))
            .WithSummary("查看当事人完整姓名、身份证号或电话（field：name、identityNumber、phone；须说明目的，记入审计日志）");
    }
}
