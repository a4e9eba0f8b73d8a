using Fengqiao.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Fengqiao.Tests.Cases.StaffConsole;

/// <summary>
/// The events host with automatic filing turned off, so that every report waits in 待立案 for a person: the console's
/// bulk steps then start from a known status whatever the classifier thinks.
/// </summary>
public sealed class StaffConsoleApp : FengqiaoApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Cases:Deadlines:SweepInterval", "1.00:00:00");
        builder.UseSetting("Cases:Intake:AutoDispatch", "false");
    }
}

/// <summary>Reports used by the console tests: real points in the demo grids of 宜城街道, a tag in every title to find them again.</summary>
internal static class ConsoleFixtures
{
    public static string NewTag() => "批" + Guid.NewGuid().ToString("N")[..6];

    public static async Task<Fengqiao.Cases.Intake.ReportReceipt> ReportAsync(
        FengqiaoApp app, HttpClient client, string grid, string title, string categoryCode, string? phone = null, string path = "/api/v1/reports")
    {
        var (lon, lat) = await CaseFixtures.PointInAsync(app, grid);
        return await CaseFixtures.ReadAsync<Fengqiao.Cases.Intake.ReportReceipt>(await CaseFixtures.ReportAsync(client, new
        {
            title,
            description = title + "，请尽快派人来看一下，已经影响到附近居民的正常生活。",
            longitude = lon,
            latitude = lat,
            categoryCode,
            contactName = phone is null ? null : "王秀英",
            contactPhone = phone,
        }, path: path));
    }
}
