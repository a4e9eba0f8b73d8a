using Fengqiao.Kernel.Access;

namespace Fengqiao.Web.Hosting;

internal static class PipelineSetup
{
    public static WebApplication UseFengqiaoPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
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
            await next(context);
        });
        app.UseRefusalAudit();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    private static bool IsMachineFacing(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api")
        || context.Request.Path.StartsWithSegments("/health")
        || context.Request.Path.StartsWithSegments("/openapi")
        || context.Request.Path.StartsWithSegments("/hubs");
}
