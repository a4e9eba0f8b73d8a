using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fengqiao.Kernel.Calendar;

/// <summary>
/// Serves the current <see cref="WorkingCalendar"/>, built from configuration and the imported holidays, and
/// imports holiday years. The built calendar is cached and rebuilt after an import on this node, or after
/// <see cref="RefreshInterval"/> so that other nodes' imports are seen.
/// </summary>
public sealed class WorkingCalendarProvider(IServiceScopeFactory scopes, IOptionsMonitor<WorkingTimeOptions> options, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private WorkingCalendar? _calendar;
    private DateTimeOffset _builtAt;

    public async Task<WorkingCalendar> GetAsync(CancellationToken cancellationToken = default)
    {
        var current = _calendar;
        if (current is not null && clock.GetUtcNow() - _builtAt < RefreshInterval)
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_calendar is null || clock.GetUtcNow() - _builtAt >= RefreshInterval)
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<CurrentActor>().SetSystem();
                var db = scope.ServiceProvider.GetRequiredService<FengqiaoDbContext>();
                var days = await db.CalendarDays.AsNoTracking().ToListAsync(cancellationToken);
                _calendar = WorkingCalendar.FromOptions(options.CurrentValue, days);
                _builtAt = clock.GetUtcNow();
            }

            return _calendar;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Invalidate() => _calendar = null;

    public void Dispose() => _gate.Dispose();
}
