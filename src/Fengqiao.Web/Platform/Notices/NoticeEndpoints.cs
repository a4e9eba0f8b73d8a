using Fengqiao.Web.Hosting;

namespace Fengqiao.Web.Platform.Notices;

internal static class NoticeEndpoints
{
    public static void MapNoticeApi(this RouteGroupBuilder api)
    {
        api.MapPost("/notices", async (SendNoticeRequest request, SendStaffNotice handler, CancellationToken ct) =>
                TypedResults.Accepted($"/api/v1/inbox", new { id = await handler.HandleAsync(request, ct) }))
            .WithTags("工作通知 Notices")
            .RequireAuthorization(IdentitySetup.ApiPolicy)
            .WithMetadata(new AuditActionAttribute("notices.send"))
            .WithSummary("向本辖区某单位及其下级的工作人员发送通知（异步投递到各人消息）");
    }
}
