using System.Net.Http.Headers;
using System.Net.Http.Json;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Messaging;
using Fengqiao.Web.Platform.Demo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Fengqiao.Testing;

/// <summary>
/// The real web host over a real database (SQLite or PostgreSQL), seeded with the demo jurisdiction and users.
/// One per test class (xUnit class fixture); tests that change shared state create their own records.
/// </summary>
public class FengqiaoApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly bool _ownsDatabase;
    private TestDatabase? _database;

    /// <summary>A host over a database of its own, created on initialisation and dropped on disposal.</summary>
    public FengqiaoApp()
    {
        _ownsDatabase = true;
    }

    /// <summary>
    /// A host over an existing database that outlives it, e.g. a second host started after the first was stopped
    /// (a restart). The caller disposes the database. Protected: xUnit wants one public constructor on a fixture.
    /// </summary>
    protected FengqiaoApp(TestDatabase database)
    {
        _database = database;
        _ownsDatabase = false;
    }

    /// <summary>Extra configuration a derived fixture wants (e.g. a low rate limit).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>The demo accounts seeded for this host, with their generated passwords.</summary>
    public IReadOnlyList<DemoAccountInfo> Accounts =>
        [.. Services.GetRequiredService<DemoSeedResult>().Accounts.Select(a => new DemoAccountInfo(a.UserName, a.DisplayName, a.Role, a.UnitCode, a.Password))];

    public DemoAccountInfo Account(string userName) => Accounts.Single(a => a.UserName == userName);

    public virtual async Task InitializeAsync()
    {
        _database ??= await TestDatabase.CreateAsync();
        _ = Services; // builds and starts the host: migrations and demo seeding run here
    }

    /// <summary>Stops the host, then drops the database when this host created it.</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase && _database is not null)
        {
            var database = _database;
            _database = null;
            await database.DisposeAsync();
        }
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Database.Provider);
        builder.UseSetting("Database:ConnectionString", Database.ConnectionString);
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Api:RateLimit:PermitsPerMinute", "100000");
        builder.UseSetting("Api:RateLimit:LoginAttemptsPerMinute", "100000");
        builder.UseSetting("Outbox:PollInterval", "00:00:00.200");
        // Tests never reach the internet: the map shows grids on a blank background.
        builder.UseSetting("Map:TileUrl", "");
        // Fixed test keys, so that no key file is generated beside the sources and Production-environment hosts start.
        foreach (var (key, value) in TestPrivacyKeys.Settings)
        {
            builder.UseSetting(key, value);
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>An HTTP client carrying a bearer token of the given demo user.</summary>
    public async Task<HttpClient> ClientForAsync(string userName, string? password = null)
    {
        var client = CreateClient();
        var token = await TokenAsync(client, userName, password ?? Account(userName).Password);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<string> TokenAsync(HttpClient client, string userName, string password)
    {
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<TokenBody>();
        return body!.AccessToken;
    }

    /// <summary>Runs work against the services as the system actor (no jurisdiction filter).</summary>
    public async Task<T> AsSystemAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().SetSystem();
        return await work(scope.ServiceProvider);
    }

    public Task<T> WithDbAsync<T>(Func<FengqiaoDbContext, Task<T>> work) =>
        AsSystemAsync(sp => work(sp.GetRequiredService<FengqiaoDbContext>()));

    /// <summary>
    /// Delivers every due outbox message now, so a test can check what handlers did. A message the host's own worker
    /// is delivering at this moment (leased) is waited for, rather than skipped.
    /// </summary>
    public async Task DrainOutboxAsync()
    {
        var dispatcher = Services.GetRequiredService<OutboxDispatcher>();
        var clock = Services.GetRequiredService<TimeProvider>();
        var giveUp = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            await dispatcher.DrainAsync(CancellationToken.None);
            var now = clock.GetUtcNow();
            var inFlight = await WithDbAsync(db => db.Outbox.AnyAsync(m => m.ProcessedAt == null && m.FailedAt == null && m.NextAttemptAt <= now));
            if (!inFlight)
            {
                return;
            }

            if (DateTimeOffset.UtcNow > giveUp)
            {
                throw new TimeoutException("Outbox messages stayed undelivered for 30 seconds.");
            }

            await Task.Delay(50);
        }
    }

    private sealed record TokenBody(string AccessToken, string RefreshToken, long ExpiresIn);
}

/// <summary>A demo account as tests see it.</summary>
public sealed record DemoAccountInfo(string UserName, string DisplayName, string Role, string? UnitCode, string Password);
