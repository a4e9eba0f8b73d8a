using Fengqiao.Cases.Domain;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Categories;

/// <summary>
/// 类别管理: administrators add categories and change their rules. A change never edits a version in place: it adds the
/// next version, so cases keep the rules they were filed under.
/// </summary>
public sealed class ManageCategories(FengqiaoDbContext db, ICurrentActor actor, IAuditTrail audit, CategoryCatalog catalog, TimeProvider clock)
{
    public async Task<CategoryDetail> CreateAsync(CreateCategoryRequest request, CancellationToken ct)
    {
        EnsureAdministrator();
        var code = request.Code?.Trim() ?? "";
        var name = request.Name?.Trim() ?? "";
        var errors = new Dictionary<string, string[]>();
        if (new CategoryCodeIsShortAndPlain(code).IsBroken())
        {
            errors["code"] = [new CategoryCodeIsShortAndPlain(code).Message];
        }

        if (name.Length is 0 or > Category.MaxNameLength)
        {
            errors["name"] = [$"请填写类别名称（不超过 {Category.MaxNameLength} 个字）。"];
        }

        if (request.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors["kind"] = ["请选择类别大类：事件、部件或社会治理。"];
            kind = default;
        }

        var rules = ValidateRules(request.Rules, errors);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var parentCode = string.IsNullOrWhiteSpace(request.ParentCode) ? null : request.ParentCode.Trim();
        if (parentCode is not null && string.Equals(parentCode, code, StringComparison.OrdinalIgnoreCase))
        {
            throw new ValidationFailedException("parentCode", "类别不能作为自己的上级类别。");
        }

        if (parentCode is not null)
        {
            var parent = await db.Set<Category>().AsNoTracking().SingleOrDefaultAsync(c => c.Code == parentCode, ct)
                ?? throw new ValidationFailedException("parentCode", $"没有编码为“{parentCode}”的上级类别。");
            if (!parent.IsActive)
            {
                throw new ValidationFailedException("parentCode", $"上级类别“{parent.Name}”已停用，不能再添加下级类别。");
            }

            if (!code.StartsWith(parent.Code, StringComparison.OrdinalIgnoreCase))
            {
                throw new ValidationFailedException("code", $"下级类别的编码须以上级编码“{parent.Code}”开头，派遣规则按编码前缀匹配。");
            }
        }

        if (await db.Set<Category>().AnyAsync(c => c.Code == code, ct))
        {
            throw new ConflictException($"类别编码“{code}”已存在。");
        }

        var order = await db.Set<Category>().CountAsync(ct);
        var category = new Category(code, parentCode, name, kind, order + 1);
        var version = new CategoryVersion(category, 1, rules, actor.Name, clock.GetUtcNow());
        category.MoveToVersion(1);
        db.Add(category);
        db.Add(version);
        audit.Record("cases.category-create", code, detail: $"{name}，{rules.DisposalLimit}，{rules.DefaultTier}");
        await db.SaveChangesAsync(ct);
        catalog.Invalidate();
        return Detail(category, [version], new Dictionary<Guid, int>());
    }

    /// <summary>New rules (and optionally a new name or retirement) for a category: the next version.</summary>
    public async Task<CategoryDetail> ReviseAsync(string code, ReviseCategoryRequest request, CancellationToken ct)
    {
        EnsureAdministrator();
        var category = await db.Set<Category>().SingleOrDefaultAsync(c => c.Code == code, ct) ?? throw new NotFoundException($"类别 {code}");
        if (request.Version is { } expected && expected != category.CurrentVersion)
        {
            throw new ConflictException($"类别已被他人修改（您看到的是第 {expected} 版，当前为第 {category.CurrentVersion} 版），请刷新后重试。");
        }

        var errors = new Dictionary<string, string[]>();
        var rules = ValidateRules(request.Rules, errors);
        var name = request.Name?.Trim();
        if (name is { Length: 0 or > Category.MaxNameLength })
        {
            errors["name"] = [$"类别名称须为 1–{Category.MaxNameLength} 个字。"];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        if (name is not null)
        {
            category.Rename(name);
        }

        if (request.IsActive is { } active)
        {
            category.SetActive(active);
        }

        var number = category.CurrentVersion + 1;
        var version = new CategoryVersion(category, number, rules, actor.Name, clock.GetUtcNow());
        category.MoveToVersion(number);
        db.Add(version);
        audit.Record("cases.category-revise", code, detail: $"第 {number} 版：{rules.DisposalLimit}，{rules.DefaultTier}，{rules.ChangeNote}");
        await db.SaveChangesAsync(ct);
        catalog.Invalidate();
        return await DetailAsync(category, ct);
    }

    public async Task<CategoryDetail> GetAsync(string code, CancellationToken ct)
    {
        var category = await db.Set<Category>().AsNoTracking().SingleOrDefaultAsync(c => c.Code == code, ct) ?? throw new NotFoundException($"类别 {code}");
        return await DetailAsync(category, ct);
    }

    /// <summary>
    /// 停用 (or 恢复) a category: it takes no new cases, while cases already filed under it keep their version. A category
    /// with active subcategories cannot be retired (their cases would lose their branch), nor restored under a retired parent.
    /// </summary>
    public async Task<CategoryDetail> SetActiveAsync(string code, bool active, CancellationToken ct)
    {
        EnsureAdministrator();
        var category = await db.Set<Category>().SingleOrDefaultAsync(c => c.Code == code, ct) ?? throw new NotFoundException($"类别 {code}");
        if (category.IsActive == active)
        {
            return await DetailAsync(category, ct);
        }

        if (!active)
        {
            var children = await db.Set<Category>().Where(c => c.ParentCode == category.Code && c.IsActive).Select(c => c.Name).ToListAsync(ct);
            Rules.Check(new RetiredCategoryHasNoActiveChildren(children));
        }
        else if (category.ParentCode is { } parentCode)
        {
            Rules.Check(new RestoredCategoryHasAnActiveParent(await db.Set<Category>().AnyAsync(c => c.Code == parentCode && c.IsActive, ct)));
        }

        category.SetActive(active);
        audit.Record(active ? "cases.category-restore" : "cases.category-retire", code, detail: category.Name);
        await db.SaveChangesAsync(ct);
        catalog.Invalidate();
        return await DetailAsync(category, ct);
    }

    private async Task<CategoryDetail> DetailAsync(Category category, CancellationToken ct)
    {
        var versions = await db.Set<CategoryVersion>().AsNoTracking().Where(v => v.CategoryId == category.Id).OrderBy(v => v.Number).ToListAsync(ct);

        // Open cases per version (within the caller's jurisdiction): an administrator sees how many cases still run on old rules.
        var open = await db.Set<Case>().AsNoTracking()
            .Where(c => c.CategoryId == category.Id && c.CategoryVersionId != null && c.Status != CaseStatus.Closed && c.Status != CaseStatus.Rejected)
            .GroupBy(c => c.CategoryVersionId!.Value)
            .Select(g => new { Version = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Version, g => g.Count, ct);
        return Detail(category, versions, open);
    }

    public async Task<IReadOnlyList<CategoryNode>> TreeAsync(bool includeInactive, CancellationToken ct)
    {
        var snapshot = await catalog.GetAsync(ct);
        var nodes = snapshot.Categories.Where(c => includeInactive || c.IsActive).ToList();
        IReadOnlyList<CategoryNode> Children(string? parent) =>
        [
            .. nodes.Where(c => c.ParentCode == parent).Select(c =>
            {
                var version = snapshot.CurrentVersionOf(c);
                return new CategoryNode(c.Code, c.Name, c.Kind, c.IsActive, c.CurrentVersion, version?.DisposalLimit.ToString(), version?.DefaultTier,
                    version?.ResponsibleDepartmentCode, version?.Priority, version?.IsPublic ?? false, version?.Questions ?? [], Children(c.Code));
            }),
        ];
        return Children(null);
    }

    private static CategoryRules ValidateRules(CategoryRulesRequest? request, Dictionary<string, string[]> errors)
    {
        if (request is null)
        {
            errors["rules"] = ["请填写类别规则：处置时限、默认层级等。"];
            return new CategoryRules(null, null, default, UnitLevel.Community, null, CasePriority.Normal, true, [], null);
        }

        var limit = new TimeLimit(request.DisposalLimitAmount ?? 0, request.DisposalLimitUnit ?? 0);
        if (!limit.IsValid)
        {
            errors["disposalLimit"] = [$"处置时限须为 1–{TimeLimit.MaxAmount} 个工作时、工作日或小时。"];
        }

        var tier = request.DefaultTier ?? UnitLevel.Community;
        if (!Enum.IsDefined(tier) || tier < UnitLevel.County)
        {
            errors["defaultTier"] = ["默认层级须为网格、社区、街道或区县。"];
        }

        if (request.FilingCondition is { Length: > CategoryVersion.MaxConditionLength } || request.ClosingCondition is { Length: > CategoryVersion.MaxConditionLength })
        {
            errors["conditions"] = [$"立案条件和结案条件各不超过 {CategoryVersion.MaxConditionLength} 个字。"];
        }

        var priority = request.Priority ?? CasePriority.Normal;
        if (!Enum.IsDefined(priority))
        {
            errors["priority"] = ["紧急程度无效。"];
        }

        var questions = CategoryQuestions.Validate(request.Questions, errors);

        return new CategoryRules(
            request.FilingCondition?.Trim(), request.ClosingCondition?.Trim(), limit, tier,
            string.IsNullOrWhiteSpace(request.ResponsibleDepartmentCode) ? null : request.ResponsibleDepartmentCode.Trim(),
            priority, request.IsPublic ?? true, questions, request.ChangeNote?.Trim());
    }

    private static CategoryDetail Detail(Category category, IReadOnlyList<CategoryVersion> versions, IReadOnlyDictionary<Guid, int> openCases) =>
        new(category.Code, category.ParentCode, category.Name, category.Kind, category.IsActive, category.CurrentVersion,
            [.. versions.Select(v => new CategoryVersionView(v.Number, v.Name, v.FilingCondition, v.ClosingCondition, v.DisposalLimit.Amount, v.DisposalLimit.Unit,
                v.DisposalLimit.ToString(), v.DefaultTier, v.ResponsibleDepartmentCode, v.Priority, v.IsPublic, v.Questions, v.ChangeNote, v.CreatedBy, v.CreatedAt,
                openCases.GetValueOrDefault(v.Id)))]);

    private void EnsureAdministrator()
    {
        if (!actor.IsInRole(Roles.Administrator))
        {
            throw new ForbiddenException("只有系统管理员可以维护事件类别。");
        }
    }
}

/// <summary>A category with active subcategories stays active: retiring it would strand their branch.</summary>
public sealed class RetiredCategoryHasNoActiveChildren(IReadOnlyList<string> activeChildren) : IBusinessRule
{
    public bool IsBroken() => activeChildren.Count > 0;

    public string Message => $"请先停用下级类别：{string.Join("、", activeChildren)}。";
}

/// <summary>A category comes back only under an active parent.</summary>
public sealed class RestoredCategoryHasAnActiveParent(bool parentIsActive) : IBusinessRule
{
    public bool IsBroken() => !parentIsActive;

    public string Message => "上级类别已停用，请先恢复上级类别。";
}

public sealed record CategoryRulesRequest(
    string? FilingCondition, string? ClosingCondition, int? DisposalLimitAmount, TimeLimitUnit? DisposalLimitUnit, UnitLevel? DefaultTier,
    string? ResponsibleDepartmentCode, CasePriority? Priority, bool? IsPublic, List<CategoryQuestion>? Questions, string? ChangeNote);

public sealed record CreateCategoryRequest(string? Code, string? ParentCode, string? Name, CategoryKind? Kind, CategoryRulesRequest? Rules);

/// <summary><see cref="Version"/> is the version the administrator edited, to refuse a stale edit.</summary>
public sealed record ReviseCategoryRequest(int? Version, string? Name, bool? IsActive, CategoryRulesRequest? Rules);

public sealed record CategoryVersionView(
    int Number, string Name, string? FilingCondition, string? ClosingCondition, int DisposalLimitAmount, TimeLimitUnit DisposalLimitUnit, string DisposalLimit,
    UnitLevel DefaultTier, string? ResponsibleDepartmentCode, CasePriority Priority, bool IsPublic, IReadOnlyList<CategoryQuestion> Questions,
    string? ChangeNote, string CreatedBy, DateTimeOffset CreatedAt, int OpenCases);

public sealed record CategoryDetail(string Code, string? ParentCode, string Name, CategoryKind Kind, bool IsActive, int CurrentVersion, IReadOnlyList<CategoryVersionView> Versions);

public sealed record CategoryNode(
    string Code, string Name, CategoryKind Kind, bool IsActive, int Version, string? DisposalLimit, UnitLevel? DefaultTier, string? ResponsibleDepartmentCode,
    CasePriority? Priority, bool IsPublic, IReadOnlyList<CategoryQuestion> Questions, IReadOnlyList<CategoryNode> Children);
