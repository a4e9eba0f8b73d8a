using Fengqiao.Kernel.Identity;
using Fengqiao.Mediation.Disputes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Mediation.Systemic;

internal static class SystemicEndpoints
{
    public static void MapSystemicIssues(this IEndpointRouteBuilder api, string apiPolicy)
    {
        var group = api.MapGroup("/mediation/systemic-issues").WithTags("系统性问题 Systemic issues")
            .RequireAuthorization(apiPolicy)
            .RequireAuthorization(policy => policy.RequireRole([.. DisputeAccess.ReaderRoles]));
        var actors = ManageSystemicIssues.ActorRoles.ToArray();

        group.MapGet("/", async (SystemicIssueStatus? status, SystemicIssueKind? kind, string? unit, ManageSystemicIssues issues, CancellationToken ct) =>
                TypedResults.Ok(await issues.ListAsync(status, kind, unit, ct)))
            .WithSummary("系统性问题（辖区内，按交办单位）：status=Open|Acknowledged|Resolved，kind=RisingType|Organisation|Address，unit");
        group.MapGet("/{id:guid}", async (Guid id, ManageSystemicIssues issues, CancellationToken ct) => TypedResults.Ok(await issues.GetAsync(id, ct)))
            .WithSummary("问题详情：研判依据、交办单位和层级、关联案件、办理记录、版本号");
        group.MapPost("/{id:guid}/acknowledge", async (Guid id, IssueNoteRequest request, ManageSystemicIssues issues, CancellationToken ct) =>
                TypedResults.Ok(await issues.AcknowledgeAsync(id, request, ct)))
            .RequireAuthorization(policy => policy.RequireRole(actors))
            .WithSummary("签收（须带 version；可附说明）");
        group.MapPost("/{id:guid}/actions", async (Guid id, IssueNoteRequest request, ManageSystemicIssues issues, CancellationToken ct) =>
                TypedResults.Ok(await issues.ActAsync(id, request, ct)))
            .RequireAuthorization(policy => policy.RequireRole(actors))
            .WithSummary("记录采取的源头治理措施（note 必填，须带 version）");
        group.MapPost("/{id:guid}/resolve", async (Guid id, IssueNoteRequest request, ManageSystemicIssues issues, CancellationToken ct) =>
                TypedResults.Ok(await issues.ResolveAsync(id, request, ct)))
            .RequireAuthorization(policy => policy.RequireRole(actors))
            .WithSummary("办结（note 必填：措施和结果；须带 version）");
        group.MapPost("/{id:guid}/reopen", async (Guid id, IssueNoteRequest request, ManageSystemicIssues issues, CancellationToken ct) =>
                TypedResults.Ok(await issues.ReopenAsync(id, request, ct)))
            .RequireAuthorization(policy => policy.RequireRole(actors))
            .WithSummary("问题复发，重新打开（note 必填；须带 version）");
        group.MapPost("/sweep", async (IServiceScopeFactory scopes, CancellationToken ct) =>
                TypedResults.Ok(new { issues = await SystemicSweep.RunOnceAsync(scopes, ct) }))
            .RequireAuthorization(policy => policy.RequireRole(Roles.Administrator, Roles.Supervisor))
            .WithSummary("立即运行一次全量研判（平时每小时自动运行；受理和修改案件时即时研判）");
    }
}
