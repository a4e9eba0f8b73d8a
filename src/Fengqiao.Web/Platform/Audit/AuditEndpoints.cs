using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Identity;
using Fengqiao.Web.Hosting;

namespace Fengqiao.Web.Platform.Audit;

internal static class AuditEndpoints
{
    public static void MapAuditApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/audit").WithTags("审计 Audit")
            .RequireAuthorization(IdentitySetup.ApiPolicy)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Administrator, Roles.Supervisor));
        group.MapGet("/", async (string? actor, string? action, AuditOutcome? outcome, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, AuditBrowser browser, CancellationToken ct) =>
                TypedResults.Ok(await browser.BrowseAsync(new AuditFilter(actor, action, outcome, from, to, page ?? 1, pageSize ?? 50), ct)))
            .WithSummary("浏览辖区内的审计日志（新的在前）");
        group.MapPost("/verify", async (AuditBrowser browser, CancellationToken ct) => TypedResults.Ok(await browser.VerifyAsync(ct)))
            .WithSummary("校验审计哈希链；返回被修改、插入或删除的记录");
    }
}
