using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;

namespace Fengqiao.Web.Hosting;

/// <summary>
/// Writes refused commands to the audit log: an exception turned into a problem, or an authentication/authorisation
/// refusal that never reached the endpoint. Successful commands are audited by their handlers, with the change.
/// </summary>
internal static class AuditSetup
{
    public static bool IsCommand(HttpRequest request) =>
        !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        && (request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/account"));

    public static IApplicationBuilder UseRefusalAudit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            await next(context);
            var status = context.Response.StatusCode;
            if (status is 401 or 403 or 405 or 413 or 415 && IsCommand(context.Request) && !context.Items.ContainsKey(ProblemExceptionHandler.AuditedItem))
            {
                await RecordRefusalAsync(context, status, null);
            }
        });

    public static async Task RecordRefusalAsync(HttpContext context, int status, string? detail)
    {
        context.Items[ProblemExceptionHandler.AuditedItem] = true;
        // The exception handler clears the endpoint before handlers run; the feature keeps the original one.
        var endpoint = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();
        var action = endpoint?.Metadata.GetMetadata<AuditActionAttribute>()?.Action
            ?? $"{context.Request.Method} {context.Request.Path}";
        var outcome = status is 401 or 403 or 404 ? AuditOutcome.Denied : AuditOutcome.Failed;
        var actor = context.RequestServices.GetRequiredService<CurrentActor>();
        if (!actor.IsAuthenticated)
        {
            actor.Set(context.User, context.Connection.RemoteIpAddress?.ToString());
        }

        var audit = context.RequestServices.GetRequiredService<IAuditTrail>();
        if (audit.RefusalRecorded)
        {
            // The use case already wrote the refusal with its own words (e.g. a failed sign-in, a refused reveal).
            return;
        }

        await audit.RecordRefusalAsync(
            action,
            context.Request.Path.ToString(),
            outcome,
            $"HTTP {status}{(detail is null ? "" : "：" + detail)}",
            cancellationToken: CancellationToken.None);
    }
}

/// <summary>Names the audited action of an endpoint, e.g. "units.update-public-card".</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
internal sealed class AuditActionAttribute(string action) : Attribute
{
    public string Action { get; } = action;
}
