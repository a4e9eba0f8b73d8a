using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Places.Divisions;

/// <summary>
/// 区划树: browse the administrative tree one level at a time with counts of streets, communities and grids below
/// each unit. Counts come from the jurisdiction-filtered units, so nobody learns the size of others' subtrees.
/// </summary>
public sealed class DivisionTree(FengqiaoDbContext db, ICurrentActor actor)
{
    public async Task<DivisionTreeView> GetAsync(string? code, bool includeRetired, CancellationToken cancellationToken)
    {
        var units = db.Units.AsNoTracking();
        AdministrativeUnit unit;
        if (code is null)
        {
            var roots = actor.UnitCodes;
            unit = await units.Where(u => roots.Contains(u.Code)).OrderBy(u => u.Path.Length).ThenBy(u => u.Code).FirstOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException("您所属的单位");
        }
        else
        {
            unit = await units.SingleOrDefaultAsync(u => u.Code == code, cancellationToken) ?? throw new NotFoundException($"单位 {code}");
        }

        var children = await units.Where(u => u.ParentId == unit.Id && (includeRetired || !u.IsRetired))
            .OrderBy(u => u.Code)
            .ToListAsync(cancellationToken);

        // One grouped query for the whole subtree; each descendant is attributed to the child whose path it starts with.
        var below = await units.Where(u => u.Path.StartsWith(unit.Path) && u.Id != unit.Id && !u.IsRetired)
            .Select(u => new { u.Path, u.Level })
            .ToListAsync(cancellationToken);

        DivisionNode Node(AdministrativeUnit u, IEnumerable<(string Path, UnitLevel Level)> descendants)
        {
            var list = descendants.ToList();
            return new DivisionNode(
                u.Code, u.Name, u.Level, u.IsRetired,
                list.Count(d => d.Level == UnitLevel.Street),
                list.Count(d => d.Level == UnitLevel.Community),
                list.Count(d => d.Level == UnitLevel.Grid),
                list.Count(d => d.Path.Count(ch => ch == '/') == u.Path.Count(ch => ch == '/') + 1));
        }

        var all = below.Select(b => (b.Path, b.Level)).ToList();
        var childNodes = children
            .Select(child => Node(child, all.Where(d => d.Path.StartsWith(child.Path, StringComparison.Ordinal) && d.Path != child.Path)))
            .ToList();

        var ancestorCodes = unit.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).SkipLast(1).ToList();
        // Names above the jurisdiction are public knowledge; they are shown, not opened.
        var ancestors = await db.Units.IgnoreQueryFilters().AsNoTracking()
            .Where(u => ancestorCodes.Contains(u.Code)).OrderBy(u => u.Level)
            .Select(u => new { u.Code, u.Name, u.Level, u.IsRetired, u.Path })
            .ToListAsync(cancellationToken);
        var path = ancestors
            .Select(u => new DivisionNode(u.Code, u.Name, u.Level, u.IsRetired, 0, 0, 0, 0, actor.Scope.Covers(u.Path)))
            .ToList();
        return new DivisionTreeView(Node(unit, all), path, childNodes);
    }
}
