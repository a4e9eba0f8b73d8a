using Fengqiao.Web.Hosting;

namespace Fengqiao.Web.Platform.Inbox;

internal static class InboxEndpoints
{
    public static void MapInboxApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/inbox").WithTags("消息 Inbox").RequireAuthorization(IdentitySetup.ApiPolicy);
        group.MapGet("/", async (bool? unread, int? take, InboxService inbox, CancellationToken ct) =>
                TypedResults.Ok(await inbox.ListAsync(unread ?? false, take ?? 50, ct)))
            .WithSummary("我的消息（新的在前）");
        group.MapGet("/unread-count", async (InboxService inbox, CancellationToken ct) => TypedResults.Ok(new { count = await inbox.UnreadCountAsync(ct) }));
        group.MapPost("/{id:guid}/read", async (Guid id, InboxService inbox, CancellationToken ct) =>
            {
                await inbox.MarkReadAsync(id, ct);
                return TypedResults.NoContent();
            });
        group.MapPost("/read-all", async (InboxService inbox, CancellationToken ct) => TypedResults.Ok(new { marked = await inbox.MarkAllReadAsync(ct) }));
    }
}
