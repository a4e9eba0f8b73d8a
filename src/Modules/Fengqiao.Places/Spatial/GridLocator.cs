using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Units;
using Fengqiao.Places.Grids;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;

namespace Fengqiao.Places.Spatial;

/// <summary>
/// Point-to-grid location on this web node (ADR 0009): holds the current <see cref="GridIndex"/> with each grid's
/// community, street and county, rebuilt from the <c>grids</c> table whenever the grid generation moves on. Reads are
/// lock-free: a rebuilt index replaces the old one in a single reference swap.
/// </summary>
public sealed class GridLocator(IServiceScopeFactory scopes, ILogger<GridLocator> logger) : IDisposable
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Snapshot? _current;

    /// <summary>The generation the current index was built from; null before the first build.</summary>
    public long? Generation => _current?.Generation;

    /// <summary>Grids in the current index.</summary>
    public int GridCount => _current?.Index.Count ?? 0;

    /// <summary>Locates a WGS84 point, building the index first if this node has none yet.</summary>
    public async ValueTask<PointLocation> LocateAsync(double longitude, double latitude, CancellationToken cancellationToken = default)
    {
        var snapshot = _current;
        if (snapshot is null)
        {
            await RefreshAsync(cancellationToken);
            snapshot = _current!;
        }

        return snapshot.Locate(longitude, latitude);
    }

    /// <summary>Locates a WGS84 point with the index at hand; throws before the first build.</summary>
    public PointLocation Locate(double longitude, double latitude) =>
        (_current ?? throw new InvalidOperationException("网格索引尚未建立。")).Locate(longitude, latitude);

    /// <summary>Reads the grid generation and rebuilds the index when it differs from the index's; true when rebuilt.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            // A node-wide index sees every grid: the reads ignore the jurisdiction filters (as the system actor would).
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FengqiaoDbContext>();

            // The generation is read before the grids: a change committed after this read raises it again later.
            var generation = await db.Set<GridGeneration>().AsNoTracking().IgnoreQueryFilters()
                .Where(g => g.Id == GridGeneration.SingletonId)
                .Select(g => (long?)g.Value)
                .SingleOrDefaultAsync(cancellationToken) ?? 0;
            if (_current is { } current && current.Generation == generation)
            {
                return false;
            }

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            _current = await BuildAsync(db, generation, cancellationToken);
            logger.LogInformation("Grid index rebuilt: generation {Generation}, {Grids} grids in {Elapsed}", generation, _current.Index.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            return true;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();

    private static async Task<Snapshot> BuildAsync(FengqiaoDbContext db, long generation, CancellationToken cancellationToken)
    {
        var grids = await db.Set<Grid>().AsNoTracking().IgnoreQueryFilters()
            .Select(g => new { g.Code, g.UnitId, g.UnitPath, g.Kind, g.Boundary })
            .ToListAsync(cancellationToken);
        var units = await db.Units.AsNoTracking().IgnoreQueryFilters()
            .Where(u => u.Level >= UnitLevel.County && u.Level <= UnitLevel.Grid)
            .Select(u => new { u.Id, u.Code, u.Name, u.Level })
            .ToListAsync(cancellationToken);
        var byCode = units.GroupBy(u => u.Code).ToDictionary(g => g.Key, g => g.First());
        var byId = units.ToDictionary(u => u.Id);

        // Dedicated grids (a school, a market) lie over basic grids and are the more specific answer: they come first.
        var ordered = grids.OrderBy(g => g.Kind == GridKind.Dedicated ? 0 : 1).ThenBy(g => g.Code, StringComparer.Ordinal).ToList();
        var places = ordered.Select(g =>
        {
            Division? At(UnitLevel level) => g.UnitPath.Split('/', StringSplitOptions.RemoveEmptyEntries)
                .Select(code => byCode.GetValueOrDefault(code))
                .Where(u => u is not null && u.Level == level)
                .Select(u => new Division(u!.Code, u.Name))
                .LastOrDefault();
            var name = byId.TryGetValue(g.UnitId, out var unit) ? unit.Name : g.Code;
            return new GridPlace(g.Code, name, g.Kind, At(UnitLevel.Community), At(UnitLevel.Street), At(UnitLevel.County));
        }).ToArray();
        var index = await Task.Run(() => new GridIndex([.. ordered.Select(g => (g.Code, (MultiPolygon)g.Boundary))]), cancellationToken);
        return new Snapshot(generation, index, places);
    }

    private sealed record Snapshot(long Generation, GridIndex Index, GridPlace[] Places)
    {
        public PointLocation Locate(double longitude, double latitude)
        {
            var hit = Index.Locate(longitude, latitude);
            return hit.IsInside
                ? new PointLocation(true, Places[hit.Index], null, 0)
                : new PointLocation(false, null, hit.Index >= 0 ? Places[hit.Index] : null, hit.Index >= 0 ? hit.DistanceMetres : null);
        }
    }
}

/// <summary>Checks the grid generation every <see cref="GridLocatorOptions.CheckInterval"/> and rebuilds in the background.</summary>
internal sealed class GridIndexRefresher(GridLocator locator, IOptions<GridLocatorOptions> options, TimeProvider clock, ILogger<GridIndexRefresher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await locator.RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Grid index check failed; the current index stays in service");
            }

            try
            {
                await Task.Delay(options.Value.CheckInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
