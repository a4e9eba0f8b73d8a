using System.Net;
using System.Net.Http.Json;
using Fengqiao.Testing;

namespace Fengqiao.Tests.Platform;

/// <summary>Per-client rate limits: each signed-in caller has a budget of its own, sign-in attempts a tighter one per address.</summary>
public sealed class RateLimitTests(RateLimitTests.LowLimitApp app) : IClassFixture<RateLimitTests.LowLimitApp>
{
    [Fact]
    public async Task A_client_over_its_budget_gets_429_with_retry_after_while_another_client_is_served()
    {
        // Tokens first: sign-in has its own limit.
        var grid = await app.ClientForAsync("grid");
        var street = await app.ClientForAsync("street");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await grid.GetAsync("/api/v1/me")).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5), statuses.Take(5));
        var refused = await grid.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter is not null, "Retry-After tells the client when to come back");
        Assert.Equal(HttpStatusCode.OK, (await street.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Repeated_sign_in_attempts_from_one_address_are_throttled()
    {
        var client = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 25; i++)
        {
            statuses.Add((await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "nobody", password = "wrong-password-1" })).StatusCode);
        }

        Assert.Contains(HttpStatusCode.Unauthorized, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.DoesNotContain(statuses.SkipWhile(s => s != HttpStatusCode.TooManyRequests), s => s == HttpStatusCode.Unauthorized);
    }

    public sealed class LowLimitApp : FengqiaoApp
    {
        protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
        {
            ["Api:RateLimit:PermitsPerMinute"] = "5",
            ["Api:RateLimit:LoginAttemptsPerMinute"] = "20",
        };
    }
}
