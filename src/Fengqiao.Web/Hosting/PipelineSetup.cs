using Fengqiao.Kernel.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Fengqiao.Web.Hosting;

internal static class PipelineSetup
{
    public static WebApplication UseFengqiaoPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseRequestBodyLimit();
        app.UseWhen(IsMachineFacing, api => api.UseStatusCodePages());
        app.UseWhen(context => !IsMachineFacing(context), ui => ui.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        if (!app.Environment.IsDevelopment() && !app.Environment.IsEnvironment("Testing"))
        {
            app.UseHsts();
        }

        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.Use(async (context, next) =>
        {
            // Every request acts as its caller; the jurisdiction is loaded once, before any query needs it.
            var actor = context.RequestServices.GetRequiredService<CurrentActor>();
            actor.Set(context.User, context.Connection.RemoteIpAddress?.ToString());
            await actor.LoadAsync(context.RequestAborted);
            if (actor.IsAccountClosed && IsMachineFacing(context))
            {
                // A bearer token outlives the disabling of its account; refuse it at once. (The UI's cookie is ended
                // by the security stamp check.)
                await context.ChallengeAsync();
                return;
            }

            await next(context);
        });
        app.UseRefusalAudit();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    /// <summary>
    /// Refuses a body declared larger than Api:MaxRequestBodyBytes (or the endpoint's own limit) before anything reads
    /// it. Kestrel enforces the limit itself; a server without the size feature (the test server, for one) would
    /// otherwise read any size.
    /// </summary>
    private static WebApplication UseRequestBodyLimit(this WebApplication app)
    {
        var configured = (app.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new ApiOptions()).MaxRequestBodyBytes;
        app.Use((context, next) =>
        {
            var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
            var limit = feature is not null ? feature.MaxRequestBodySize
                : context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } endpoint ? endpoint.MaxRequestBodySize
                : configured;
            if (context.Request.ContentLength > limit)
            {
                throw new BadHttpRequestException("请求内容超过了允许的大小。", StatusCodes.Status413PayloadTooLarge);
            }

            return next(context);
        });
        return app;
    }

    private static bool IsMachineFacing(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api")
        || context.Request.Path.StartsWithSegments("/health")
        || context.Request.Path.StartsWithSegments("/openapi")
        || context.Request.Path.StartsWithSegments("/hubs")
        || context.Request.Path.StartsWithSegments("/open311");
}
