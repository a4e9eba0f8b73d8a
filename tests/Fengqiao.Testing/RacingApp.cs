using Fengqiao.Kernel.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Testing;

/// <summary>
/// The test host with a hook that runs once, inside the unit of work, when an entity of a kind is about to be inserted:
/// it stands in for a competing request that commits between a handler's check and its commit. The hook's writes go
/// through the same context, so they commit or roll back with the insert (a second connection would wait for the
/// write lock the unit of work holds on SQLite).
/// </summary>
public class RacingApp : FengqiaoApp
{
    private Race? _race;

    /// <summary>
    /// Runs <paramref name="race"/> when the next save inserts a <typeparamref name="TEntity"/> matching
    /// <paramref name="when"/>, before the save is written.
    /// </summary>
    public void BeforeNextInsert<TEntity>(Func<TEntity, bool> when, Func<DbContext, TEntity, Task> race)
        where TEntity : class =>
        Volatile.Write(ref _race, new Race(
            context => context.ChangeTracker.Entries<TEntity>().FirstOrDefault(e => e.State == EntityState.Added && when(e.Entity))?.Entity,
            (context, entity) => race(context, (TEntity)entity)));

    /// <summary>Whether the hook is still waiting for its insert (false once it has run).</summary>
    public bool RacePending => Volatile.Read(ref _race) is not null;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.ConfigureDbContext<FengqiaoDbContext>(options => options.AddInterceptors(new Interceptor(this))));
    }

    private sealed record Race(Func<DbContext, object?> Find, Func<DbContext, object, Task> Run);

    private sealed class Interceptor(RacingApp app) : SaveChangesInterceptor
    {
        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            var context = eventData.Context!;
            if (Volatile.Read(ref app._race) is { } race && race.Find(context) is { } entity
                && Interlocked.CompareExchange(ref app._race, null, race) == race)
            {
                await race.Run(context, entity);
            }

            return result;
        }
    }
}
