using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Indicators;

/// <summary>One unit below the compared unit, with its indicators over the same period.</summary>
public sealed record UnitIndicators(string Code, string Name, UnitLevel Level, IndicatorReport Report);

/// <summary>The unit's own indicators and those of every unit directly below it (下级单位对比).</summary>
public sealed record IndicatorComparisonReport(IndicatorReport Total, IReadOnlyList<UnitIndicators> Units);

/// <summary>
/// 下级对比: computes the same indicators for each active unit directly below a unit (a street's communities, a
/// community's grids). Each child is one calculator run, so the number of children is bounded.
/// </summary>
public sealed class IndicatorComparison(FengqiaoDbContext db, IndicatorCalculator calculator, ICurrentActor actor)
{
    /// <summary>More children than this are refused: the comparison is one query set per child.</summary>
    public const int MaxUnits = 60;

    public async Task<IndicatorComparisonReport> CompareAsync(IndicatorQuery query, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(query.Unit))
        {
            throw new ValidationFailedException("unit", "请指定要对比其下级的单位（unit）。");
        }

        if (!string.IsNullOrWhiteSpace(query.User))
        {
            throw new ValidationFailedException("user", "下级单位对比不能按人员统计。");
        }

        // The unit itself first: it refuses an unknown unit (404), one outside the jurisdiction (403) and a bad period.
        var total = await calculator.ComputeAsync(query, ct);
        var code = query.Unit.Trim();
        var parentId = await db.Units.IgnoreQueryFilters().Where(u => u.Code == code).Select(u => u.Id).SingleAsync(ct);
        var children = await db.Units.IgnoreQueryFilters().AsNoTracking()
            .Where(u => u.ParentId == parentId && !u.IsRetired)
            .OrderBy(u => u.Code)
            .Select(u => new { u.Code, u.Name, u.Level, u.Path })
            .ToListAsync(ct);
        children = [.. children.Where(c => actor.Scope.Covers(c.Path))];
        if (children.Count > MaxUnits)
        {
            throw new ValidationFailedException("unit", $"{total.ScopeName}下有 {children.Count} 个下级单位，超过一次对比的上限 {MaxUnits} 个，请选择更低一级的单位。");
        }

        var rows = new List<UnitIndicators>(children.Count);
        foreach (var child in children)
        {
            var report = await calculator.ComputeAsync(query with { Unit = child.Code }, ct);
            rows.Add(new UnitIndicators(child.Code, child.Name, child.Level, report));
        }

        return new IndicatorComparisonReport(total, rows);
    }
}
