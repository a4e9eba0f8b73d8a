using Fengqiao.Testing;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Tests.Platform;

/// <summary>The migrations of the database under test describe exactly the model the code uses.</summary>
public sealed class SchemaTests(FengqiaoApp app) : IClassFixture<FengqiaoApp>
{
    [Fact]
    public async Task The_model_has_no_changes_missing_from_the_migrations()
    {
        var pending = await app.WithDbAsync(db => Task.FromResult(db.Database.HasPendingModelChanges()));

        Assert.False(pending, $"The model differs from the last {app.Database.Provider} migration: add a migration for both providers.");
    }

    [Fact]
    public async Task Every_migration_is_applied_at_start()
    {
        var pending = await app.WithDbAsync(db => db.Database.GetPendingMigrationsAsync());

        Assert.Empty(pending);
    }
}
