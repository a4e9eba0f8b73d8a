using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Fengqiao.Places.Grids;
using Fengqiao.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fengqiao.Tests.Cases;

/// <summary>
/// The test host for the events module: a clock the tests can move forward (deadlines are in working time), and a
/// deadline sweeper and a pending-photo sweeper that only run when a test calls them.
/// </summary>
public sealed class CasesApp : FengqiaoApp
{
    public ShiftableTime Time { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Cases:Deadlines:SweepInterval", "1.00:00:00");
        builder.UseSetting("Cases:Photos:SweepInterval", "1.00:00:00");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
        });
    }
}

/// <summary>System time plus an offset that tests advance, e.g. past a deadline.</summary>
public sealed class ShiftableTime : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}

/// <summary>Places and helpers shared by the events tests: real demo grids of 宜城街道, reports made over HTTP.</summary>
internal static class CaseFixtures
{
    public const string Grid = "320282001001001";       // the demo grid worker "grid"
    public const string OtherGrid = "320282001002001";  // "grid2"
    public const string Community = "320282001001";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>A WGS84 point inside the grid's boundary.</summary>
    public static Task<(double Longitude, double Latitude)> PointInAsync(FengqiaoApp app, string gridCode) =>
        app.WithDbAsync(async db =>
        {
            var boundary = await db.Set<Grid>().Where(g => g.Code == gridCode).Select(g => g.Boundary).SingleAsync();
            var point = boundary.InteriorPoint;
            return (point.X, point.Y);
        });

    public static async Task<HttpResponseMessage> ReportAsync(HttpClient client, object body, string? idempotencyKey = null, string path = "/api/v1/reports")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, Json)!;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
