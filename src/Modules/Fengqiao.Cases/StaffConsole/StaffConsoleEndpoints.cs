using Fengqiao.Cases.Queries;
using Fengqiao.Kernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Cases.StaffConsole;

/// <summary>The staff console's API: bulk steps, the map of open cases, reply templates, revealing a reporter's phone.</summary>
internal static class StaffConsoleEndpoints
{
    public static IServiceCollection AddCaseStaffConsole(this IServiceCollection services) => services
        .AddScoped<CaseBulkActions>()
        .AddScoped<OpenCaseMap>()
        .AddScoped<ManageReplyTemplates>()
        .AddScoped<RevealReporterPhone>();

    /// <summary>Mapped on the staff group (<c>/api/v1/cases</c>), which already requires a staff or informant role.</summary>
    public static void MapCaseStaffConsole(this RouteGroupBuilder staff)
    {
        staff.MapPost("/bulk", async (BulkRequest request, CaseBulkActions bulk, CancellationToken ct) => TypedResults.Ok(await bulk.RunAsync(request, ct)))
            .RequireAuthorization(policy => policy.RequireRole([.. Roles.Staff]))
            .WithSummary("批量操作（file 立案、dispatch 派遣、accept 签收、supervise 督办、reject 不予立案）：每件案件单独提交，逐件返回结果（完成，或拒绝及原因）");
        staff.MapGet("/map", async ([AsParameters] CaseListQuery query, OpenCaseMap map, CancellationToken ct) => TypedResults.Ok(await map.PointsAsync(query, ct)))
            .RequireAuthorization(policy => policy.RequireRole([.. Roles.Staff]))
            .WithSummary("辖区内未办结案件的地图点位（筛选条件同队列），按期限状态着色");
        staff.MapPost("/{id:guid}/reporter-phone", async (Guid id, RevealPhoneRequest request, RevealReporterPhone reveal, CancellationToken ct) =>
                TypedResults.Ok(await reveal.RevealAsync(id, request, ct)))
            .RequireAuthorization(policy => policy.RequireRole([.. Roles.Staff]))
            .WithSummary("查看上报人完整电话（须说明用途，记入审计；仅限承办、受理、督办此案件的人员）");
        staff.MapGet("/{id:guid}/reply-templates", async (Guid id, ManageReplyTemplates templates, CancellationToken ct) => TypedResults.Ok(await templates.ForCaseAsync(id, ct)))
            .RequireAuthorization(policy => policy.RequireRole([.. Roles.Staff]))
            .WithSummary("此案件可用的常用回复（占位符已按案件填好）");

        var templates = staff.MapGroup("/reply-templates").RequireAuthorization(policy => policy.RequireRole([.. Roles.Staff]));
        templates.MapGet("/", async (ManageReplyTemplates templates, CancellationToken ct) => TypedResults.Ok(await templates.ListAsync(ct)))
            .WithSummary("常用回复：本单位、上级单位（继承）和下级单位的");
        templates.MapPost("/", async (ReplyTemplateRequest request, ManageReplyTemplates templates, CancellationToken ct) =>
            {
                var created = await templates.CreateAsync(request, ct);
                return TypedResults.Created($"/api/v1/cases/reply-templates/{created.Id}", created);
            })
            .WithSummary("新增常用回复（社区工作者及以上；占位符 {查询码} {类别} {标题} {地址} {上报日期}）");
        templates.MapPut("/{id:guid}", async (Guid id, ReplyTemplateRequest request, ManageReplyTemplates templates, CancellationToken ct) =>
                TypedResults.Ok(await templates.UpdateAsync(id, request, ct)))
            .WithSummary("修改常用回复（本单位及下级单位的）");
        templates.MapDelete("/{id:guid}", async (Guid id, ManageReplyTemplates templates, CancellationToken ct) =>
            {
                await templates.DeleteAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("删除常用回复（本单位及下级单位的）");
    }
}
