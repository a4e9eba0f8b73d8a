using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Web.Platform.Units;

/// <summary>Reads of the unit tree within the caller's jurisdiction (the DbContext's filter does the scoping).</summary>
internal sealed class UnitQueries(FengqiaoDbContext db, ICurrentActor actor)
{
    /// <summary>The caller's own units: where their tree starts.</summary>
    public async Task<IReadOnlyList<UnitSummary>> MyRootsAsync(CancellationToken cancellationToken)
    {
        var codes = actor.UnitCodes;
        var roots = await Summaries(db.Units.Where(u => codes.Contains(u.Code))).ToListAsync(cancellationToken);
        return [.. roots.OrderBy(r => r.Code, StringComparer.Ordinal)];
    }

    public async Task<UnitDetail> GetAsync(string code, CancellationToken cancellationToken)
    {
        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Code == code, cancellationToken)
            ?? throw new NotFoundException($"单位 {code}");
        var children = await Summaries(db.Units.Where(u => u.ParentId == unit.Id)).ToListAsync(cancellationToken);
        var ancestorCodes = unit.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).SkipLast(1).ToList();
        // Ancestors above the caller's jurisdiction are shown by name only (they are public knowledge), for the breadcrumb.
        var ancestorRows = await db.Units.IgnoreQueryFilters().AsNoTracking()
            .Where(u => ancestorCodes.Contains(u.Code))
            .Select(u => new { u.Code, u.Name, u.Level, u.IsRetired, u.Path })
            .ToListAsync(cancellationToken);
        var ancestors = ancestorRows
            .Select(u => new UnitSummary(u.Code, u.Name, u.Level, null, 0, u.IsRetired, actor.Scope.Covers(u.Path)))
            .ToList();
        return new UnitDetail(
            unit.Code,
            unit.Name,
            unit.Level,
            ancestorCodes.LastOrDefault(),
            [.. ancestors.OrderBy(a => a.Level)],
            [.. children.OrderBy(c => c.Code, StringComparer.Ordinal)],
            unit.DutyPhone,
            unit.ServiceHours,
            unit.PublicNotice,
            unit.IsRetired,
            unit.Version,
            CanEditPublicCard(actor));
    }

    public async Task<IReadOnlyList<UnitSummary>> ChildrenAsync(string code, CancellationToken cancellationToken)
    {
        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Code == code, cancellationToken)
            ?? throw new NotFoundException($"单位 {code}");
        var children = await Summaries(db.Units.Where(u => u.ParentId == unit.Id)).ToListAsync(cancellationToken);
        return [.. children.OrderBy(c => c.Code, StringComparer.Ordinal)];
    }

    /// <summary>The communities (社区/村) within the caller's jurisdiction, for choosers; retired ones left out.</summary>
    public Task<IReadOnlyList<UnitSummary>> CommunitiesAsync(CancellationToken cancellationToken) =>
        AtLevelsAsync([UnitLevel.Community], cancellationToken);

    /// <summary>The current units of the given levels within the caller's jurisdiction, by code, for choosers.</summary>
    public async Task<IReadOnlyList<UnitSummary>> AtLevelsAsync(IReadOnlyCollection<UnitLevel> levels, CancellationToken cancellationToken)
    {
        var units = await db.Units.AsNoTracking()
            .Where(u => levels.Contains(u.Level) && !u.IsRetired)
            .Select(u => new UnitSummary(u.Code, u.Name, u.Level, null, 0, false, true))
            .ToListAsync(cancellationToken);
        return [.. units.OrderBy(c => c.Code, StringComparer.Ordinal)];
    }

    public static bool CanEditPublicCard(ICurrentActor actor) =>
        new[] { Roles.GridWorker, Roles.CommunityWorker, Roles.StreetOfficer, Roles.Administrator }.Any(actor.IsInRole);

    private IQueryable<UnitSummary> Summaries(IQueryable<AdministrativeUnit> units) =>
        units.Select(u => new UnitSummary(
            u.Code,
            u.Name,
            u.Level,
            null,
            db.Units.Count(c => c.ParentId == u.Id),
            u.IsRetired));
}
