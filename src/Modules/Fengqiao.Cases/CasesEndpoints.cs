using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Coordination;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Import;
using Fengqiao.Cases.Indicators;
using Fengqiao.Cases.Intake;
using Fengqiao.Cases.Open311;
using Fengqiao.Cases.Points;
using Fengqiao.Cases.Public;
using Fengqiao.Cases.Queries;
using Fengqiao.Cases.Routing;
using Fengqiao.Cases.StaffConsole;
using Fengqiao.Cases.Triage;
using Fengqiao.Cases.Workflow;
using Fengqiao.Kernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Fengqiao.Cases;

internal static class CasesEndpoints
{
    public static void MapCaseApi(this IEndpointRouteBuilder api, string apiPolicy)
    {
        Photos.PhotosEndpoints.MapCasePhotos(api, apiPolicy);
        // Anyone may report, follow a case by its tracking code and read the public page.
        var open = api.MapGroup("").WithTags("事件·公众 Cases (public)");
        open.MapPost("/reports", async (ReportRequest request, [FromHeader(Name = "Idempotency-Key")] string? key, ReportCase handler, CancellationToken ct) =>
            {
                var receipt = await handler.ReportAsync(request, CaseChannel.Resident, key, ct);
                return receipt.Replayed ? Results.Ok(receipt) : Results.Created($"/api/v1/track/{receipt.TrackingCode}", receipt);
            })
            .AllowAnonymous()
            .WithSummary("居民上报（可匿名）；返回查询码。带 Idempotency-Key 重试不会重复立案");
        open.MapGet("/track/{code}", async (string code, ReporterCases reporter, CancellationToken ct) => TypedResults.Ok(await reporter.StatusAsync(code, ct)))
            .AllowAnonymous().WithSummary("按查询码查看进度（无个人信息）");
        open.MapPost("/track/{code}/rate", async (string code, RateRequest request, ReporterCases reporter, CancellationToken ct) =>
            {
                await reporter.RateAsync(code, request, ct);
                return TypedResults.NoContent();
            })
            .AllowAnonymous().WithSummary("结案后评价（1–5 星）");
        open.MapPost("/track/{code}/reopen", async (string code, ReopenRequest request, ReporterCases reporter, CancellationToken ct) =>
            {
                await reporter.ReopenAsync(code, request, ct);
                return TypedResults.NoContent();
            })
            .AllowAnonymous().WithSummary("结案后在规定天数内重新打开");
        open.MapPost("/track/{code}/follow", async (string code, ReporterCases reporter, CancellationToken ct) =>
                TypedResults.Ok(new { followers = await reporter.FollowAsync(code, ct) }))
            .AllowAnonymous().WithSummary("我也遇到（关注公开案件，代替重复上报）");
        open.MapGet("/public/cases", async (string? unit, string? category, bool? open, int? page, int? pageSize, PublicCases cases, CancellationToken ct) =>
                TypedResults.Ok(await cases.ListAsync(unit, open, page, pageSize, ct, category)))
            .AllowAnonymous().WithSummary("公开案件列表和地图（私宅位置已模糊处理；可按社区 unit、类别 category、是否办结 open 筛选）");
        open.MapGet("/public/statistics", async (string? unit, string? category, PublicCases cases, CancellationToken ct) =>
                TypedResults.Ok(await cases.StatisticsAsync(unit, ct, category)))
            .AllowAnonymous().WithSummary("各社区公开统计：上报、办结、办结率、按期办结率、满意率、平均评分、网格和社区办结占比（小事不出村）");
        open.MapGet("/public/categories", async (PublicCases cases, CancellationToken ct) => TypedResults.Ok(await cases.CategoriesAsync(ct)))
            .AllowAnonymous().WithSummary("公开页面可筛选的事件类别");
        open.MapGet("/public/nearby", async (double longitude, double latitude, double? radius, ReporterCases reporter, CancellationToken ct) =>
                TypedResults.Ok(await reporter.NearbyAsync(longitude, latitude, radius ?? 250, ct)))
            .AllowAnonymous().WithSummary("上报前查看附近的公开案件");
        open.MapGet("/cases/categories", async (bool? all, ManageCategories categories, CancellationToken ct) => TypedResults.Ok(await categories.TreeAsync(all == true, ct)))
            .AllowAnonymous().WithSummary("事件类别树（含处置时限、默认层级、补充问题）");

        var staff = api.MapGroup("/cases").WithTags("事件 Cases")
            .RequireAuthorization(apiPolicy)
            .RequireAuthorization(policy => policy.RequireRole([.. Roles.Staff, Roles.Informant]));
        staff.MapPost("/", async (ReportRequest request, CaseChannel? channel, [FromHeader(Name = "Idempotency-Key")] string? key, ReportCase handler, CancellationToken ct) =>
            {
                var receipt = await handler.ReportAsync(request, channel ?? CaseChannel.Api, key, ct);
                return receipt.Replayed ? Results.Ok(receipt) : Results.Created($"/api/v1/cases/{receipt.Id}", receipt);
            })
            .WithSummary("工作人员上报（channel：Api 默认、GridPatrol 网格员巡查、Hotline 热线、Informant 信息员）；带 Idempotency-Key 重试不会重复立案");
        staff.MapGet("/", async ([AsParameters] CaseListQuery query, CaseQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.ListAsync(query, ct)))
            .WithSummary("辖区内的案件队列（queue：Triage 待分拣、ToFile、ToDispatch、Mine、ToVerify、Overdue、Approvals、Closed）和筛选");
        staff.MapGet("/counts", async (CaseQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.CountsAsync(ct)))
            .WithSummary("工作台计数：待办、今日到期、已超期、待核查 …");
        staff.MapIndicatorApi();
        staff.MapGet("/{id:guid}", async (Guid id, CaseQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.GetAsync(id, ct)))
            .WithSummary("案件详情：时间线、层级轨迹、可执行的操作（上报人信息已脱敏）");
        staff.MapGet("/by-code/{code}", async (string code, CaseQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.GetByCodeAsync(code, ct)))
            .WithSummary("按查询码打开案件");

        api.MapCaseImport(apiPolicy); api.MapCaseCoordination(apiPolicy); api.MapInformantPoints(apiPolicy);
        Step<FileRequest>(staff, "file", "立案（确认或修改类别）", (w, id, r, ct) => w.FileAsync(id, r, ct));
        Step<RejectRequest>(staff, "reject", "不予立案（无效、重复、非职责范围）", (w, id, r, ct) => w.RejectAsync(id, r, ct));
        Step<RecategoriseRequest>(staff, "recategorise", "修改类别", (w, id, r, ct) => w.RecategoriseAsync(id, r, ct));
        Step<DispatchRequest>(staff, "dispatch", "派遣（按规则，或指定层级/部门并说明理由）", (w, id, r, ct) => w.DispatchAsync(id, r, ct));
        Step<CaseStepRequest>(staff, "accept", "签收", (w, id, r, ct) => w.AcceptAsync(id, r, ct));
        Step<CaseStepRequest>(staff, "return", "退回（派遣有误，计入准确派遣率）", (w, id, r, ct) => w.ReturnAsync(id, r, ct));
        Step<CaseStepRequest>(staff, "progress", "记录处置情况", (w, id, r, ct) => w.RecordProgressAsync(id, r, isPublic: false, ct));
        Step<CaseStepRequest>(staff, "reply", "公开答复上报人", (w, id, r, ct) => w.RecordProgressAsync(id, r, isPublic: true, ct));
        Step<CaseStepRequest>(staff, "request-close", "处置完毕，申请结案", (w, id, r, ct) => w.RequestCloseAsync(id, r, ct));
        Step<VerifyRequest>(staff, "verify", "核查（通过结案，不通过返工）", (w, id, r, ct) => w.VerifyAsync(id, r, ct));
        Step<CaseStepRequest>(staff, "escalate", "提级（须说明理由）", (w, id, r, ct) => w.EscalateAsync(id, r, ct));
        Step<HandDownRequest>(staff, "hand-down", "下派至下级", (w, id, r, ct) => w.HandDownAsync(id, r, ct));
        Step<ExtensionRequest>(staff, "request-extension", "申请延期", (w, id, r, ct) => w.RequestExtensionAsync(id, r, ct));
        Step<CaseStepRequest>(staff, "request-suspension", "申请挂起", (w, id, r, ct) => w.RequestSuspensionAsync(id, r, ct));
        Step<DecisionRequest>(staff, "decide", "审批延期或挂起", (w, id, r, ct) => w.DecideAsync(id, r, ct));
        Step<CaseStepRequest>(staff, "resume", "恢复处置", (w, id, r, ct) => w.ResumeAsync(id, r, ct));
        Step<CaseStepRequest>(staff, "supervise", "督办", (w, id, r, ct) => w.SuperviseAsync(id, r, ct));
        staff.MapCaseStaffConsole();

        var admin = api.MapGroup("/cases").WithTags("事件配置 Case settings")
            .RequireAuthorization(apiPolicy)
            .RequireAuthorization(policy => policy.RequireRole([.. Roles.Staff]));
        admin.MapGet("/categories/{code}", async (string code, ManageCategories categories, CancellationToken ct) => TypedResults.Ok(await categories.GetAsync(code, ct)))
            .WithSummary("类别详情和全部版本");
        admin.MapPost("/categories", async (CreateCategoryRequest request, ManageCategories categories, CancellationToken ct) =>
            {
                var created = await categories.CreateAsync(request, ct);
                return TypedResults.Created($"/api/v1/cases/categories/{created.Code}", created);
            })
            .WithSummary("新增类别（管理员）");
        admin.MapPut("/categories/{code}", async (string code, ReviseCategoryRequest request, ManageCategories categories, CancellationToken ct) =>
                TypedResults.Ok(await categories.ReviseAsync(code, request, ct)))
            .WithSummary("修改类别规则（管理员）：生成新版本，已立案的案件保留原版本");
        admin.MapGet("/routing-rules", async (ManageRoutingRules rules, CancellationToken ct) => TypedResults.Ok(await rules.ListAsync(ct)))
            .WithSummary("派遣规则");
        admin.MapPost("/routing-rules", async (CreateRoutingRuleRequest request, ManageRoutingRules rules, CancellationToken ct) =>
            {
                var created = await rules.CreateAsync(request, ct);
                return TypedResults.Created($"/api/v1/cases/routing-rules/{created.Id}", created);
            })
            .WithSummary("新增派遣规则（管理员）：类别 × 单位 → 层级、部门");
        admin.MapDelete("/routing-rules/{id:guid}", async (Guid id, ManageRoutingRules rules, CancellationToken ct) =>
            {
                await rules.RetireAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("停用派遣规则（管理员）");
        admin.MapGet("/routing/preview", async (string? category, double? longitude, double? latitude, ManageRoutingRules rules, CancellationToken ct) =>
                TypedResults.Ok(await rules.PreviewAsync(category, longitude, latitude, ct)))
            .WithSummary("试算：在某点上报某类事件会派给谁、时限多久");
        admin.MapGet("/api-clients", async (ManageApiClients clients, CancellationToken ct) => TypedResults.Ok(await clients.ListAsync(ct)))
            .WithSummary("Open311 接入方列表（管理员；只显示密钥前缀）");
        admin.MapPost("/api-clients", async (CreateApiClientRequest request, ManageApiClients clients, CancellationToken ct) =>
            {
                var created = await clients.CreateAsync(request, ct);
                return TypedResults.Created($"/api/v1/cases/api-clients/{created.Client.Id}", created);
            })
            .WithSummary("新增 Open311 接入方（管理员）：返回 api_key，仅此一次");
        admin.MapDelete("/api-clients/{id:guid}", async (Guid id, ManageApiClients clients, CancellationToken ct) =>
            {
                await clients.RevokeAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("吊销 Open311 接入方的密钥（管理员）");
        api.MapCategoryAdministration(apiPolicy);
        api.MapTriageApi(apiPolicy);
        api.MapDispatchTargets(apiPolicy);
    }

    private static void Step<TRequest>(RouteGroupBuilder staff, string name, string summary, Func<CaseWorkflow, Guid, TRequest, CancellationToken, Task<CaseStepResult>> step) =>
        staff.MapPost($"/{{id:guid}}/{name}", async (Guid id, TRequest request, CaseWorkflow workflow, CancellationToken ct) =>
                TypedResults.Ok(await step(workflow, id, request, ct)))
            .WithSummary(summary);
}
