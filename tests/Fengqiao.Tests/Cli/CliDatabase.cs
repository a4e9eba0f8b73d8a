using Fengqiao.Cli;
using Fengqiao.Kernel.Data;
using Fengqiao.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Tests.Cli;

/// <summary>What one run of the tool printed and returned.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}

/// <summary>
/// A fresh database (SQLite file, or PostgreSQL when FENGQIAO_TEST_DB=postgres) for one test class, and the tool run
/// in-process against it, exactly as an operator would run it with --database-provider and --connection-string.
/// </summary>
public class CliDatabase : IAsyncLifetime
{
    private TestDatabase? _database;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Not initialised.");

    public virtual async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    public Task<CliRun> RunAsync(params string[] args) => RunInAsync(null, args);

    /// <summary>Runs with ASPNETCORE_ENVIRONMENT as given (the process environment is left alone).</summary>
    public Task<CliRun> RunInEnvironmentAsync(string environmentName, params string[] args) => RunInAsync(environmentName, args);

    /// <summary>Inspects the database through the tool's own composition, as the system.</summary>
    public Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> work) =>
        CliHost.InSystemScopeAsync(
            new CliSettings(Database.Provider, Database.ConnectionString, false, "Testing", Directory.GetCurrentDirectory()),
            work);

    public Task<T> WithDbAsync<T>(Func<FengqiaoDbContext, Task<T>> work) =>
        WithServicesAsync(services => work(services.GetRequiredService<FengqiaoDbContext>()));

    private async Task<CliRun> RunInAsync(string? environmentName, string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] all = [.. args, "--database-provider", Database.Provider, "--connection-string", Database.ConnectionString];
        var exitCode = await CliApp.RunAsync(
            all, output, error, name => name == "ASPNETCORE_ENVIRONMENT" ? environmentName ?? "Testing" : null, CancellationToken.None);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}

/// <summary>A database that <c>fengqiao migrate</c> has brought to the current schema.</summary>
public class MigratedCliDatabase : CliDatabase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var run = await RunAsync("migrate");
        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
    }
}

/// <summary>A database with the demo jurisdiction, seeded by <c>fengqiao demo seed</c>.</summary>
public sealed class SeededCliDatabase : CliDatabase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var run = await RunAsync("demo", "seed");
        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
    }
}
