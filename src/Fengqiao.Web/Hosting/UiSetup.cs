using System.Globalization;
using Fengqiao.Kernel.Notifications;
using Fengqiao.Web.Components;
using Fengqiao.Web.Platform.Inbox;
using Microsoft.AspNetCore.Localization;
using MudBlazor.Services;

namespace Fengqiao.Web.Hosting;

internal static class UiSetup
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    public static IServiceCollection AddFengqiaoUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddMudServices();
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.AddHttpContextAccessor();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture("zh-CN");
            options.SupportedCultures = Cultures;
            options.SupportedUICultures = Cultures;
            // Chinese first: the browser's language is not consulted; people switch with the language link.
            options.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });

        var signalR = services.AddSignalR();
        var redis = Environment.GetEnvironmentVariable("FENGQIAO_REDIS");
        if (!string.IsNullOrWhiteSpace(redis))
        {
            // Several web nodes: pushes made on one node reach pages connected to another.
            signalR.AddStackExchangeRedis(redis, options => options.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("fengqiao"));
        }

        services.AddSingleton<INotificationPush, SignalRNotificationPush>();
        services.AddOptions<MapOptions>().BindConfiguration(MapOptions.Section);
        return services;
    }

    public static WebApplication MapFengqiaoUi(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapHub<NotificationHub>("/hubs/notifications");
        app.MapGet("/culture", (string? c, string? r, HttpContext context) =>
        {
            var culture = Cultures.FirstOrDefault(x => x.Name == c) ?? Cultures[0];
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
            return Results.LocalRedirect(r is not null && Uri.IsWellFormedUriString(r, UriKind.Relative) && r.StartsWith('/') && !r.StartsWith("//", StringComparison.Ordinal) ? r : "/");
        }).ExcludeFromDescription();
        return app;
    }
}
