using Fengqiao.Mediation.Dashboard;
using Fengqiao.Mediation.Disputes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fengqiao.Mediation.Workbench;

internal static class WorkbenchEndpoints
{
    public static void MapMediationWorkbench(this IEndpointRouteBuilder api, string apiPolicy)
    {
        var group = api.MapGroup("/mediation").WithTags("调解工作台 Mediation workbench")
            .RequireAuthorization(apiPolicy)
            .RequireAuthorization(policy => policy.RequireRole([.. DisputeAccess.ReaderRoles]));

        group.MapGet("/workbench", async (MediationWorkbench workbench, CancellationToken ct) => TypedResults.Ok(await workbench.GetAsync(ct)))
            .WithSummary("调解工作台：本人承办的在办案件、本人所在调委会的其他在办案件（风险等级、调解期限、是否超期）、本人案件今日（北京时间）的调解安排");
        group.MapGet("/dashboard", async (string? unit, MediationDashboard dashboard, CancellationToken ct) => TypedResults.Ok(await dashboard.GetAsync(unit, ct)))
            .WithSummary("矛调中心看板（辖区内，可用 unit 限定）：在办案件按风险等级和类型统计、超期件数、有坐标的在办案件（风险地图）");
        group.MapGet("/cases/{id:guid}/timeline", async (Guid id, MediationWorkbench workbench, CancellationToken ct) => TypedResults.Ok(await workbench.TimelineAsync(id, ct)))
            .WithSummary("案件经过（取自审计日志）：受理、修改、当事人、调解员、调解安排和记录、延期、查看当事人个人信息");
        group.MapGet("/cases/{id:guid}/mediator-choices", async (Guid id, MediationWorkbench workbench, CancellationToken ct) => TypedResults.Ok(await workbench.MediatorChoicesAsync(id, ct)))
            .WithSummary("可指定或安排的调解员：受理调委会有账号的现任成员及本案已有的调解员（账号名、姓名、是否已承办）");
        group.MapGet("/intake-committees", async (MediationWorkbench workbench, CancellationToken ct) => TypedResults.Ok(await workbench.IntakeCommitteesAsync(ct)))
            .RequireAuthorization(policy => policy.RequireRole([.. DisputeAccess.WorkerRoles]))
            .WithSummary("本人可以其名义受理纠纷的调解组织（已成立；调解员限本人所在的调委会）");
    }
}
