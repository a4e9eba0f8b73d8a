using Fengqiao.Mediation.Disputes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fengqiao.Mediation.Agreements;

internal static class AgreementEndpoints
{
    public static void MapAgreements(this IEndpointRouteBuilder api, string apiPolicy)
    {
        var group = api.MapGroup("/mediation/cases/{id:guid}/agreement").WithTags("调解协议 Mediation agreements")
            .RequireAuthorization(apiPolicy)
            .RequireAuthorization(policy => policy.RequireRole([.. DisputeAccess.ReaderRoles]));
        var workers = DisputeAccess.WorkerRoles.ToArray();

        api.MapGet("/mediation/obligations", async (bool? mine, int? page, int? pageSize, ObligationQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.DueAsync(mine == true, page, pageSize, ct)))
            .WithTags("调解协议 Mediation agreements")
            .RequireAuthorization(apiPolicy)
            .RequireAuthorization(policy => policy.RequireRole([.. DisputeAccess.ReaderRoles]))
            .WithSummary("待履行义务：已生效协议中即将到期或已逾期、尚未履行的义务（mine=true 只看我承办的案件），逾期在前");
        group.MapGet("", async (Guid id, ManageAgreements agreements, CancellationToken ct) => TypedResults.Ok(await agreements.GetAsync(id, ct)))
            .WithSummary("本案最新的调解协议：内容、义务及履行情况、签署情况、尚缺的内容（草稿）、司法确认期限和结果");
        api.MapGet("/mediation/cases/{id:guid}/agreement.pdf", async (Guid id, ManageAgreements agreements, CancellationToken ct) =>
            {
                var (fileName, content) = await agreements.PdfAsync(id, ct);
                return TypedResults.File(content, "application/pdf", fileName);
            })
            .WithTags("调解协议 Mediation agreements")
            .RequireAuthorization(apiPolicy)
            .RequireAuthorization(policy => policy.RequireRole(workers))
            .WithSummary("下载人民调解协议书（PDF，A4，中文字体嵌入；当事人姓名经审计后显示）");
        group.MapPost("", async (Guid id, AgreementRequest request, ManageAgreements agreements, CancellationToken ct) =>
            {
                var created = await agreements.CreateAsync(id, request, ct);
                return TypedResults.Created($"/api/v1/mediation/cases/{id}/agreement", created);
            })
            .RequireAuthorization(policy => policy.RequireRole(workers))
            .WithSummary("起草调解协议（Written 书面 / Oral 口头）；事实和争议事项默认取自案件");
        group.MapPut("", async (Guid id, AgreementRequest request, ManageAgreements agreements, CancellationToken ct) =>
                TypedResults.Ok(await agreements.EditAsync(id, request, ct)))
            .RequireAuthorization(policy => policy.RequireRole(workers))
            .WithSummary("修改协议草稿（须带 version；版本过期返回 409）");
        group.MapPost("/issue", async (Guid id, IssueAgreementRequest request, ManageAgreements agreements, CancellationToken ct) =>
                TypedResults.Ok(await agreements.IssueAsync(id, request, ct)))
            .RequireAuthorization(policy => policy.RequireRole(workers))
            .WithSummary("出具协议：内容须符合《人民调解法》第二十九条（缺项一并列出），且须有“达成协议”的调解记录；口头协议即时生效、案件调解成功");
        group.MapPost("/signatures", async (Guid id, SignAgreementRequest request, ManageAgreements agreements, CancellationToken ct) =>
                TypedResults.Ok(await agreements.SignAsync(id, request, ct)))
            .RequireAuthorization(policy => policy.RequireRole(workers))
            .WithSummary("记录签署：当事人签名/盖章/捺印、调解员签名、调委会盖章；全部签署后协议生效、案件调解成功");
        group.MapPost("/obligations/{obligationId:guid}/performance", async (Guid id, Guid obligationId, PerformanceRequest request, ManageAgreements agreements, CancellationToken ct) =>
                TypedResults.Ok(await agreements.RecordPerformanceAsync(id, obligationId, request, ct)))
            .RequireAuthorization(policy => policy.RequireRole(workers))
            .WithSummary("记录义务履行情况：已履行（日期、说明）或未履行");
        group.MapPost("/confirmation", async (Guid id, ConfirmationApplicationRequest request, ManageAgreements agreements, CancellationToken ct) =>
                TypedResults.Ok(await agreements.ApplyForConfirmationAsync(id, request, ct)))
            .RequireAuthorization(policy => policy.RequireRole(workers))
            .WithSummary("记录司法确认申请（日期、法院）：须在协议生效之日起三十日内");
        group.MapPost("/confirmation/decision", async (Guid id, ConfirmationDecisionRequest request, ManageAgreements agreements, CancellationToken ct) =>
                TypedResults.Ok(await agreements.RecordDecisionAsync(id, request, ct)))
            .RequireAuthorization(policy => policy.RequireRole(workers))
            .WithSummary("记录法院裁定：Confirmed 确认有效；Invalid 无效，须选择 MediateAgain 重新调解（案件重新打开）或 GoToCourt 起诉（案件转出）");
    }
}
