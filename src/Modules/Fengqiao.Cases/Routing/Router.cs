using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Domain;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Cases.Routing;

/// <summary>
/// Decides the holder of a newly filed case: the lowest tier able to resolve it according to the routing rules, or the
/// category's default. Rules are cached on this node for <see cref="MaxAge"/>.
/// </summary>
public sealed class Router(IServiceScopeFactory scopes, CategoryCatalog catalog, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private volatile RuleCache? _rules;

    public async Task<RoutingDecision> DecideAsync(CategoryVersion category, string unitPath, CancellationToken cancellationToken)
    {
        var rules = await RulesAsync(cancellationToken);
        var snapshot = await catalog.GetAsync(cancellationToken);
        var rule = rules.Where(r => r.Covers(category.CategoryCode, unitPath)).OrderByDescending(r => r.Specificity).FirstOrDefault();
        var tier = rule?.Tier ?? category.DefaultTier;
        var department = rule is not null ? rule.DepartmentCode : category.ResponsibleDepartmentCode;
        if (department is not null && !snapshot.DepartmentCodes.Contains(department))
        {
            // A department nobody has set up cannot hold cases: the tier's own staff do.
            department = null;
        }

        // A case located only to a community (outside every grid) cannot go to a grid tier.
        var deepest = UnitPaths.DeepestLevel(unitPath);
        if (tier > deepest)
        {
            tier = deepest;
        }

        var unitCode = UnitPaths.CodeAt(unitPath, tier) ?? throw new InvalidOperationException($"路径 {unitPath} 没有{CaseText.Tier(tier)}层级。");
        var name = snapshot.Find(category.CategoryCode) is { } c ? snapshot.PathName(c) : category.Name;
        var basis = $"{name} → {CaseText.Tier(tier)}{(department is null ? "" : "（" + department + "）")}，{category.DisposalLimit}"
            + (rule is null ? "（类别默认）" : $"（规则{(rule.Note is null ? "" : "：" + rule.Note)}）");
        return new RoutingDecision(new HolderTarget(tier, unitCode, department), basis, rule?.Id);
    }

    public void Invalidate() => _rules = null;

    private async Task<IReadOnlyList<RoutingRule>> RulesAsync(CancellationToken cancellationToken)
    {
        var cached = _rules;
        if (cached is not null && clock.GetUtcNow() - cached.LoadedAt < MaxAge)
        {
            return cached.Rules;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FengqiaoDbContext>();
        var rules = await db.Set<RoutingRule>().AsNoTracking().Where(r => r.IsActive).ToListAsync(cancellationToken);
        _rules = new RuleCache(rules, clock.GetUtcNow());
        return rules;
    }

    private sealed record RuleCache(IReadOnlyList<RoutingRule> Rules, DateTimeOffset LoadedAt);
}

/// <summary>Where a case should go, and why ("市容环境 / 暴露垃圾 → 社区，4 工作时（规则…）").</summary>
public sealed record RoutingDecision(HolderTarget Target, string Basis, Guid? RuleId);
