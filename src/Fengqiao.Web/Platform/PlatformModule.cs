using Fengqiao.Cases;
using Fengqiao.Mediation;
using Fengqiao.Places;
using Fengqiao.Web.Hosting;
using Fengqiao.Web.Platform.Accounts;
using Fengqiao.Web.Platform.Audit;
using Fengqiao.Web.Platform.Calendar;
using Fengqiao.Web.Platform.Demo;
using Fengqiao.Web.Platform.Inbox;
using Fengqiao.Web.Platform.Notices;
using Fengqiao.Web.Platform.Setup;
using Fengqiao.Web.Platform.Units;
using Fengqiao.Web.Platform.Users;

namespace Fengqiao.Web.Platform;

/// <summary>
/// The platform's own use cases — accounts, units, users, audit, calendar, inbox, notices — reached from the API,
/// the UI and the CLI through the same handler classes.
/// </summary>
internal static class PlatformModule
{
    public static IServiceCollection AddFengqiaoPlatform(this IServiceCollection services)
    {
        services.AddScoped<DatabaseMigrator>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<PasswordSignIn>();
        services.AddScoped<ChangePassword>();
        services.AddScoped<UnitQueries>();
        services.AddScoped<UpdatePublicCard>();
        services.AddScoped<PublicDirectory>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<AuditBrowser>();
        services.AddScoped<CalendarService>();
        services.AddScoped<InboxService>();
        services.AddScoped<SendStaffNotice>();
        services.AddScoped<ActorScopes>();
        return services;
    }

    public static WebApplication MapFengqiaoPlatformApi(this WebApplication app)
    {
        var api = app.MapApiV1();
        api.MapAccountApi();
        api.MapUnitApi();
        api.MapUserApi();
        api.MapAuditApi();
        api.MapCalendarApi();
        api.MapInboxApi();
        api.MapNoticeApi();
        api.MapPlaces();
        api.MapCases();
        api.MapMediation();
        app.MapAccountForms();
        app.MapCasePhotoPages();
        app.MapCasesOpen311().RequireRateLimiting(ApiSetup.ApiRateLimit);
        return app;
    }
}
