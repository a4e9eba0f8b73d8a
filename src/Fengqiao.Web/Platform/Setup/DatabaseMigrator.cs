using Fengqiao.Kernel.Calendar;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Web.Platform.Setup;

/// <summary>
/// Brings a database to the current schema and the reference data every installation needs: the roles, the
/// built-in statutory holidays and each module's reference data. Safe to run any number of times (start-up and <c>fengqiao migrate</c>).
/// </summary>
internal sealed class DatabaseMigrator(FengqiaoDbContext db, IEnumerable<IReferenceDataSeeder> moduleSeeders, ILogger<DatabaseMigrator> logger)
{
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migration(s) on {Provider}: {Migrations}", pending.Count, db.Provider, pending);
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (db.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers continue while one writer commits; the setting is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await SeedRolesAsync(cancellationToken);
        await SeedCalendarAsync(cancellationToken);
        foreach (var seeder in moduleSeeders)
        {
            await seeder.SeedAsync(cancellationToken);
        }

        return pending;
    }

    private async Task SeedRolesAsync(CancellationToken cancellationToken)
    {
        var existing = await db.Roles.Select(r => r.Name).ToListAsync(cancellationToken);
        foreach (var role in Roles.All.Except(existing!, StringComparer.Ordinal))
        {
            db.Roles.Add(new FengqiaoRole(role!));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Built-in years are added only where nothing was imported for them, so an import always wins.</summary>
    private async Task SeedCalendarAsync(CancellationToken cancellationToken)
    {
        var years = await db.CalendarDays.Select(d => d.Date.Year).Distinct().ToListAsync(cancellationToken);
        var missing = StatutoryHolidaySeed.Days().Where(d => !years.Contains(d.Date.Year)).ToList();
        if (missing.Count > 0)
        {
            db.CalendarDays.AddRange(missing);
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
