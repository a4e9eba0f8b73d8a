using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Units;
using Fengqiao.Testing;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Tests.Platform;

/// <summary>What operators and integrators rely on: health, OpenAPI, docs, metrics, the public directory, the demo seed.</summary>
public sealed class PlatformEndpointTests(FengqiaoApp app) : IClassFixture<FengqiaoApp>
{
    private const string Street = "320282001"; // 宜城街道

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_healthy(string path)
    {
        var response = await app.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_document_describes_the_unit_routes_and_the_bearer_scheme()
    {
        var response = await app.CreateClient().GetAsync("/openapi/v1.json");

        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        Assert.Equal("Fengqiao API", root.GetProperty("info").GetProperty("title").GetString());
        var paths = root.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/units/{code}", out var unit));
        Assert.True(unit.TryGetProperty("get", out _));
        Assert.True(paths.TryGetProperty("/api/v1/auth/token", out _));
        var bearer = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task Api_reference_is_an_html_page()
    {
        var response = await app.CreateClient().GetAsync("/api/docs");

        response.EnsureSuccessStatusCode();
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Fengqiao API", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_expose_request_durations_after_a_request()
    {
        var client = app.CreateClient();
        (await client.GetAsync($"/api/v1/public/units/{Street}")).EnsureSuccessStatusCode();

        var text = "";
        for (var attempt = 0; attempt < 20 && !text.Contains("http_server_request_duration_seconds", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(attempt == 0 ? 0 : 250); // the exporter caches a scrape briefly
            var response = await client.GetAsync("/metrics");
            response.EnsureSuccessStatusCode();
            text = await response.Content.ReadAsStringAsync();
        }

        Assert.Contains("http_server_request_duration_seconds_bucket", text);
        Assert.Contains("http_route=\"/api/v1/public/units/{code?}\"", text);
    }

    [Fact]
    public async Task Public_directory_lists_the_communities_of_a_street_without_signing_in()
    {
        var anonymous = app.CreateClient();

        var response = await anonymous.GetAsync($"/api/v1/public/units/{Street}");

        response.EnsureSuccessStatusCode();
        var street = await response.Content.ReadFromJsonAsync<PublicUnitBody>();
        Assert.Equal("宜城街道", street!.Name);
        Assert.Equal("0510-87921234", street.DutyPhone);
        Assert.Equal(["江苏省", "无锡市", "宜兴市"], street.Ancestors.Select(a => a.Name));
        Assert.Equal(SharedDivisionsPresent() ? 35 : 8, street.Children.Count);
        Assert.Contains(street.Children, c => c.Code == "320282001001" && c.Name == "茶东社区");
        Assert.All(street.Children, c => Assert.Equal("Community", c.Level));
    }

    [Fact]
    public async Task Signed_in_unit_routes_stay_closed_to_anonymous_callers()
    {
        var response = await app.CreateClient().GetAsync($"/api/v1/units/{Street}");

        await Problem.ReadAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Demo_seeding_created_one_account_per_role_and_three_grids_per_community()
    {
        Assert.Equal(10, app.Accounts.Count);
        Assert.Equal(
            ["admin", "community", "grid", "grid2", "handler", "informant", "mediator", "resident", "street", "supervisor"],
            app.Accounts.Select(a => a.UserName).Order(StringComparer.Ordinal));
        Assert.Equal(Roles.All.Order(StringComparer.Ordinal), app.Accounts.Select(a => a.Role).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(2, app.Accounts.Count(a => a.Role == Roles.GridWorker));

        var communities = await app.WithDbAsync(db => db.Units.AsNoTracking().Where(u => u.Level == UnitLevel.Community).Select(u => u.Id).ToListAsync());
        var gridsPerCommunity = await app.WithDbAsync(db => db.Units.AsNoTracking()
            .Where(u => u.Level == UnitLevel.Grid)
            .GroupBy(u => u.ParentId)
            .Select(g => new { Parent = g.Key, Count = g.Count() })
            .ToListAsync());
        Assert.Equal(SharedDivisionsPresent() ? 35 : 8, communities.Count);
        Assert.Equal(communities.Order(), gridsPerCommunity.Select(g => g.Parent!.Value).Order());
        Assert.All(gridsPerCommunity, g => Assert.Equal(3, g.Count));
    }

    /// <summary>Whether the national division tables sit beside the repository (otherwise a built-in subset is seeded).</summary>
    private static bool SharedDivisionsPresent()
    {
        try
        {
            return File.Exists(SharedData.PathOf("data/divisions/villages-32.csv"));
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    private sealed record PublicUnitBody(string Code, string Name, string Level, string? DutyPhone, List<PublicUnitBody> Ancestors, List<PublicUnitBody> Children);
}
