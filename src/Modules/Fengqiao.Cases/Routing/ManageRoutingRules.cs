using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Deadlines;
using Fengqiao.Cases.Domain;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Routing;

/// <summary>派遣规则维护 and the "what would happen" tester: pick a point and a category, see tier, body and deadline.</summary>
public sealed class ManageRoutingRules(FengqiaoDbContext db, ICurrentActor actor, IAuditTrail audit, Router router, CategoryCatalog catalog, IPointLocator locator, CaseClock clocks, TimeProvider clock)
{
    public async Task<IReadOnlyList<RoutingRuleView>> ListAsync(CancellationToken ct) =>
        [.. (await db.Set<RoutingRule>().AsNoTracking().Where(r => r.IsActive).ToListAsync(ct))
            .OrderBy(r => r.CategoryCode ?? "", StringComparer.Ordinal).ThenBy(r => r.UnitPath ?? "", StringComparer.Ordinal).Select(View)];

    public async Task<RoutingRuleView> CreateAsync(CreateRoutingRuleRequest request, CancellationToken ct)
    {
        EnsureAdministrator();
        var valid = await ValidateAsync(request, null, ct);
        var rule = new RoutingRule(valid.CategoryCode, valid.UnitCode, valid.UnitPath, valid.Tier, valid.DepartmentCode, valid.Note, clock.GetUtcNow(), actor.Name);
        db.Add(rule);
        audit.Record("cases.routing-rule-create", rule.Id.ToString(), valid.UnitPath, Describe(rule));
        await db.SaveChangesAsync(ct);
        router.Invalidate();
        return View(rule);
    }

    /// <summary>修改派遣规则: same checks as a new rule; the audit entry keeps what it said before.</summary>
    public async Task<RoutingRuleView> UpdateAsync(Guid id, CreateRoutingRuleRequest request, CancellationToken ct)
    {
        EnsureAdministrator();
        var rule = await db.Set<RoutingRule>().SingleOrDefaultAsync(r => r.Id == id && r.IsActive, ct) ?? throw new NotFoundException("派遣规则");
        await EnsureWithinJurisdictionAsync(rule, ct);
        var valid = await ValidateAsync(request, id, ct);
        var before = Describe(rule);
        rule.Change(valid.CategoryCode, valid.UnitCode, valid.UnitPath, valid.Tier, valid.DepartmentCode, valid.Note);
        audit.Record("cases.routing-rule-update", rule.Id.ToString(), valid.UnitPath ?? rule.UnitPath, $"{before} 改为 {Describe(rule)}");
        await db.SaveChangesAsync(ct);
        router.Invalidate();
        return View(rule);
    }

    private async Task<ValidRule> ValidateAsync(CreateRoutingRuleRequest request, Guid? editing, CancellationToken ct)
    {
        var snapshot = await catalog.GetAsync(ct);
        var errors = new Dictionary<string, string[]>();
        var categoryCode = string.IsNullOrWhiteSpace(request.CategoryCode) ? null : request.CategoryCode.Trim();
        if (categoryCode is not null)
        {
            if (snapshot.Find(categoryCode) is not { } category)
            {
                errors["categoryCode"] = [$"没有编码为“{categoryCode}”的类别。"];
            }
            else
            {
                categoryCode = category.Code;
            }
        }

        if (request.Tier is not { } tier || !Enum.IsDefined(tier) || tier < UnitLevel.County)
        {
            errors["tier"] = ["层级须为网格、社区、街道或区县。"];
            tier = UnitLevel.Community;
        }

        var department = string.IsNullOrWhiteSpace(request.DepartmentCode) ? null : request.DepartmentCode.Trim();
        if (department is not null && !await db.Departments.AnyAsync(d => d.Code == department, ct))
        {
            errors["departmentCode"] = [$"没有编码为“{department}”的职能部门。"];
        }

        if (request.Note is { Length: > RoutingRule.MaxNoteLength })
        {
            errors["note"] = [$"说明不能超过 {RoutingRule.MaxNoteLength} 个字。"];
        }

        string? unitCode = string.IsNullOrWhiteSpace(request.UnitCode) ? null : request.UnitCode.Trim();
        string? unitPath = null;
        if (unitCode is not null)
        {
            unitPath = await db.Units.Where(u => u.Code == unitCode).Select(u => u.Path).SingleOrDefaultAsync(ct);
            if (unitPath is null)
            {
                // Outside the caller's jurisdiction is refused as such; an unknown code is a typing error.
                if (await db.Units.IgnoreQueryFilters().AnyAsync(u => u.Code == unitCode, ct))
                {
                    throw new ForbiddenException($"单位“{unitCode}”不在您的辖区内，不能为其设置派遣规则。");
                }

                errors["unitCode"] = [$"没有编码为“{unitCode}”的单位。"];
            }
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        if (await db.Set<RoutingRule>().AnyAsync(r => r.IsActive && r.Id != editing && r.CategoryCode == categoryCode && r.UnitCode == unitCode, ct))
        {
            throw new ConflictException($"已有一条“{categoryCode ?? "全部类别"} × {unitCode ?? "全部地区"}”的派遣规则，请修改那一条。");
        }

        return new ValidRule(categoryCode, unitCode, unitPath, tier, department, string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim());
    }

    private async Task EnsureWithinJurisdictionAsync(RoutingRule rule, CancellationToken ct)
    {
        if (rule.UnitCode is { } code && !await db.Units.AnyAsync(u => u.Code == code, ct))
        {
            throw new ForbiddenException($"该规则适用的单位“{code}”不在您的辖区内。");
        }
    }

    private static string Describe(RoutingRule r) => $"{r.CategoryCode ?? "全部类别"} × {r.UnitCode ?? "全部地区"} → {r.Tier} {r.DepartmentCode}".TrimEnd();

    private sealed record ValidRule(string? CategoryCode, string? UnitCode, string? UnitPath, UnitLevel Tier, string? DepartmentCode, string? Note);

    public async Task RetireAsync(Guid id, CancellationToken ct)
    {
        EnsureAdministrator();
        var rule = await db.Set<RoutingRule>().SingleOrDefaultAsync(r => r.Id == id && r.IsActive, ct) ?? throw new NotFoundException("派遣规则");
        await EnsureWithinJurisdictionAsync(rule, ct);
        rule.Retire();
        audit.Record("cases.routing-rule-retire", id.ToString(), rule.UnitPath);
        await db.SaveChangesAsync(ct);
        router.Invalidate();
    }

    /// <summary>试算: where a report of <paramref name="categoryCode"/> at the point would go, and its disposal deadline if filed now.</summary>
    public Task<RoutingPreview> PreviewAsync(string? categoryCode, double? longitude, double? latitude, CancellationToken ct) =>
        PreviewAsync(categoryCode, null, longitude, latitude, ct);

    /// <summary>试算 for a unit (a grid or community picked from the tree) or a map point; the unit wins when both are given.</summary>
    public async Task<RoutingPreview> PreviewAsync(string? categoryCode, string? unitCode, double? longitude, double? latitude, CancellationToken ct)
    {
        var snapshot = await catalog.GetAsync(ct);
        var category = string.IsNullOrWhiteSpace(categoryCode) ? null : snapshot.Find(categoryCode);
        if (category is null || snapshot.CurrentVersionOf(category) is not { } version)
        {
            throw new ValidationFailedException("category", "请选择有效的事件类别。");
        }

        if (!string.IsNullOrWhiteSpace(unitCode))
        {
            var unit = await db.Units.AsNoTracking().Where(u => u.Code == unitCode.Trim()).Select(u => new { u.Code, u.Name, u.Path, u.Level }).SingleOrDefaultAsync(ct)
                ?? throw new ValidationFailedException("unit", $"辖区内没有编码为“{unitCode.Trim()}”的单位。");
            var byUnit = await router.DecideAsync(version, unit.Path, ct);
            var unitStage = await clocks.NowAsync(ct);
            return new RoutingPreview(unit.Level == UnitLevel.Grid, unit.Level == UnitLevel.Grid ? unit.Code : null, unit.Level == UnitLevel.Grid ? unit.Name : null,
                UnitPaths.CodeAt(unit.Path, UnitLevel.Community), byUnit.Target.Level, byUnit.Target.UnitCode, byUnit.Target.DepartmentCode, byUnit.Basis,
                version.DisposalLimit.ToString(), unitStage.Window(unitStage.Now, version.DisposalLimit).Due, byUnit.RuleId);
        }

        if (longitude is not { } lon || latitude is not { } lat || !double.IsFinite(lon) || !double.IsFinite(lat))
        {
            throw new ValidationFailedException("location", "请选择单位，或在地图上选择位置。");
        }

        var located = await locator.LocateAsync(lon, lat, ct);
        if (located.GridCode is null)
        {
            throw new ValidationFailedException("location", "尚未划定网格，无法试算。");
        }

        var code = located.IsInside ? located.GridCode : located.CommunityCode!;
        var path = await db.Units.IgnoreQueryFilters().Where(u => u.Code == code).Select(u => u.Path).SingleAsync(ct);
        var decision = await router.DecideAsync(version, path, ct);
        var stage = await clocks.NowAsync(ct);
        var due = stage.Window(stage.Now, version.DisposalLimit).Due;
        return new RoutingPreview(located.IsInside, located.GridCode, located.GridName, located.CommunityCode, decision.Target.Level, decision.Target.UnitCode,
            decision.Target.DepartmentCode, decision.Basis, version.DisposalLimit.ToString(), due, decision.RuleId);
    }

    private static RoutingRuleView View(RoutingRule r) => new(r.Id, r.CategoryCode, r.UnitCode, r.Tier, r.DepartmentCode, r.Note, r.CreatedBy, r.CreatedAt);

    private void EnsureAdministrator()
    {
        if (!actor.IsInRole(Roles.Administrator))
        {
            throw new ForbiddenException("只有系统管理员可以维护派遣规则。");
        }
    }
}

public sealed record CreateRoutingRuleRequest(string? CategoryCode, string? UnitCode, UnitLevel? Tier, string? DepartmentCode, string? Note);

public sealed record RoutingRuleView(Guid Id, string? CategoryCode, string? UnitCode, UnitLevel Tier, string? DepartmentCode, string? Note, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>The tester's answer: the grid, the holder, the rule applied and the disposal deadline if filed now.</summary>
public sealed record RoutingPreview(
    bool InsideGrid, string? GridCode, string? GridName, string? CommunityCode, UnitLevel Tier, string UnitCode, string? DepartmentCode, string Basis,
    string DisposalLimit, DateTimeOffset DisposalDueIfFiledNow, Guid? RuleId = null);
