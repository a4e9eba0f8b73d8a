using Fengqiao.Mediation.Disputes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fengqiao.Mediation.Sessions;

internal static class SessionEndpoints
{
    public static void MapSessions(this IEndpointRouteBuilder api, string apiPolicy)
    {
        var group = api.MapGroup("/mediation/cases/{id:guid}").WithTags("调解会 Mediation sessions")
            .RequireAuthorization(apiPolicy)
            .RequireAuthorization(policy => policy.RequireRole([.. DisputeAccess.ReaderRoles]));
        var workers = DisputeAccess.WorkerRoles.ToArray();

        group.MapGet("/sessions", async (Guid id, ManageSessions sessions, CancellationToken ct) => TypedResults.Ok(await sessions.ListAsync(id, ct)))
            .WithSummary("本案的各次调解：时间、地点、调解员、笔录、出席情况、结果");
        group.MapGet("/period", async (Guid id, ManageSessions sessions, CancellationToken ct) => TypedResults.Ok(await sessions.PeriodAsync(id, ct)))
            .WithSummary("调解期限：受理之日起一个月，经批准延长；是否已超期");
        group.MapPost("/sessions", async (Guid id, ScheduleSessionRequest request, ManageSessions sessions, CancellationToken ct) =>
            {
                var session = await sessions.ScheduleAsync(id, request, ct);
                return TypedResults.Created($"/api/v1/mediation/cases/{id}/sessions", session);
            })
            .RequireAuthorization(policy => policy.RequireRole(workers))
            .WithSummary("安排调解：时间、地点、调解员（同一调解员同一时间不能安排两场）");
        group.MapPost("/sessions/{sessionId:guid}/record", async (Guid id, Guid sessionId, RecordSessionRequest request, ManageSessions sessions, CancellationToken ct) =>
                TypedResults.Ok(await sessions.RecordAsync(id, sessionId, request, ct)))
            .RequireAuthorization(policy => policy.RequireRole(workers))
            .WithSummary("记录调解笔录、当事人出席情况和结果（NoAgreement 调解不成则案件终结）");
        group.MapGet("/sessions/{sessionId:guid}/notices", async (Guid id, Guid sessionId, NotifyParties notices, CancellationToken ct) =>
                TypedResults.Ok(await notices.ListAsync(id, sessionId, ct)))
            .WithSummary("本次调解通知当事人的情况：每个当事人是否已通知、方式、时间");
        group.MapPost("/sessions/{sessionId:guid}/notices", async (Guid id, Guid sessionId, SessionNoticeRequest request, NotifyParties notices, CancellationToken ct) =>
                TypedResults.Ok(await notices.RecordAsync(id, sessionId, request, ct)))
            .RequireAuthorization(policy => policy.RequireRole(workers))
            .WithSummary("记录已通知某当事人参加尚未召开的调解（电话、短信、当面、书面）；每人每次记录一次");
        group.MapPost("/sessions/{sessionId:guid}/cancel", async (Guid id, Guid sessionId, ManageSessions sessions, CancellationToken ct) =>
                TypedResults.Ok(await sessions.CancelAsync(id, sessionId, ct)))
            .RequireAuthorization(policy => policy.RequireRole(workers))
            .WithSummary("取消尚未召开的调解，释放调解员的时间");
        group.MapPost("/extension", async (Guid id, ExtendMediationRequest request, ManageSessions sessions, CancellationToken ct) =>
                TypedResults.Ok(await sessions.ExtendAsync(id, request, ct)))
            .RequireAuthorization(policy => policy.RequireRole([.. ManageSessions.ApproverRoles]))
            .WithSummary("批准延长调解期限（社区、街道或管理员；每次不超过一个月，须说明理由）");
    }
}
