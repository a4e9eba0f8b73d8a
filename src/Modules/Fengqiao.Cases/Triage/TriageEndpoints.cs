using Fengqiao.Kernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fengqiao.Cases.Triage;

internal static class TriageEndpoints
{
    public static void MapTriageApi(this IEndpointRouteBuilder api, string apiPolicy)
    {
        var triage = api.MapGroup("/cases").WithTags("事件 Cases")
            .RequireAuthorization(apiPolicy)
            .RequireAuthorization(policy => policy.RequireRole([.. Roles.Staff]));
        triage.MapGet("/triage", async (int? page, int? pageSize, TriageCases cases, CancellationToken ct) => TypedResults.Ok(await cases.QueueAsync(page, pageSize, ct)))
            .WithSummary("待分拣队列：原文、智能分类的前三个建议及置信度、位置、疑似重复的原案件");
        triage.MapPost("/{id:guid}/triage-file", async (Guid id, TriageFileRequest request, TriageCases cases, CancellationToken ct) =>
                TypedResults.Ok(await cases.FileAndRouteAsync(id, request, ct)))
            .WithSummary("分拣：按所选类别（采纳建议或改类）立案并按派遣规则派遣，一步完成；所选类别用于分类模型再训练");
    }
}
