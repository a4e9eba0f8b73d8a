using System.Collections.Concurrent;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fengqiao.Cases.Intake;

/// <summary>
/// Intake's look-up of a unit by code (单位路径缓存), one per node. Every report names its grid or community by code, and
/// reading it from the database cost a query per report (docs/benchmarks.md). A unit's code, path and level never change
/// (<see cref="AdministrativeUnit"/> has no move), so a cached entry can only go stale through a rename or a retirement:
/// entries are kept for <see cref="IntakeOptions.UnitCacheSeconds"/> and then read again, which bounds how long a node
/// still accepts reports for a unit retired meanwhile (by this node or another). Unknown codes are never cached, so a
/// unit just added is found at once.
/// </summary>
public sealed class IntakeUnits(TimeProvider clock, IOptionsMonitor<IntakeOptions> options)
{
    private readonly ConcurrentDictionary<string, Entry> _byCode = new(StringComparer.Ordinal);

    /// <summary>The active unit with this code, or null.</summary>
    public async Task<IntakeUnit?> FindAsync(FengqiaoDbContext db, string code, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_byCode.TryGetValue(code, out var cached) && cached.Until > now)
        {
            return cached.Unit;
        }

        // Reporters (anonymous residents included) may name any place; this reads units only.
        var unit = await db.Units.IgnoreQueryFilters().AsNoTracking().Where(u => u.Code == code && !u.IsRetired)
            .Select(u => new IntakeUnit(u.Path, u.Level, u.Name)).SingleOrDefaultAsync(cancellationToken);
        var seconds = options.CurrentValue.UnitCacheSeconds;
        if (unit is null || seconds <= 0)
        {
            _byCode.TryRemove(code, out _);
        }
        else
        {
            _byCode[code] = new Entry(unit, now.AddSeconds(seconds));
        }

        return unit;
    }

    private sealed record Entry(IntakeUnit Unit, DateTimeOffset Until);
}

/// <summary>What intake needs of a unit.</summary>
public sealed record IntakeUnit(string Path, UnitLevel Level, string Name);
