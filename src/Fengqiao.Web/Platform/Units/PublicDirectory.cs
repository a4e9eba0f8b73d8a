using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Web.Platform.Units;

/// <summary>
/// 网格服务公示: what residents may see without signing in — names, levels and public cards of units, nothing else.
/// The jurisdiction filter is lifted deliberately here, and only public fields are selected.
/// </summary>
internal sealed class PublicDirectory(FengqiaoDbContext db)
{
    public async Task<PublicUnit?> GetAsync(string? code, CancellationToken cancellationToken)
    {
        var units = db.Units.IgnoreQueryFilters().AsNoTracking().Where(u => !u.IsRetired);
        var unit = code is null
            ? await units.Where(u => u.Level == UnitLevel.County).OrderBy(u => u.Code).FirstOrDefaultAsync(cancellationToken)
            : await units.SingleOrDefaultAsync(u => u.Code == code, cancellationToken);
        if (unit is null)
        {
            return null;
        }

        var children = await units.Where(u => u.ParentId == unit.Id).OrderBy(u => u.Code)
            .Select(u => new PublicUnit(u.Code, u.Name, u.Level, u.DutyPhone, u.ServiceHours, u.PublicNotice, Array.Empty<PublicUnit>(), Array.Empty<PublicUnit>()))
            .ToListAsync(cancellationToken);
        var ancestorCodes = unit.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).SkipLast(1).ToList();
        var ancestors = await units.Where(u => ancestorCodes.Contains(u.Code)).OrderBy(u => u.Level)
            .Select(u => new PublicUnit(u.Code, u.Name, u.Level, null, null, null, Array.Empty<PublicUnit>(), Array.Empty<PublicUnit>()))
            .ToListAsync(cancellationToken);
        return new PublicUnit(unit.Code, unit.Name, unit.Level, unit.DutyPhone, unit.ServiceHours, unit.PublicNotice, ancestors, children);
    }
}

/// <summary>A unit as the public sees it.</summary>
internal sealed record PublicUnit(
    string Code, string Name, UnitLevel Level, string? DutyPhone, string? ServiceHours, string? PublicNotice,
    IReadOnlyList<PublicUnit> Ancestors, IReadOnlyList<PublicUnit> Children);
