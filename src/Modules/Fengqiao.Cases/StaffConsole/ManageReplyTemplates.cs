using System.Text.RegularExpressions;
using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Domain;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Time;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.StaffConsole;

/// <summary>
/// 常用回复管理. Everyone on the staff sees the templates of their own units, of the units above them (inherited) and,
/// for upper tiers, of the units below; community staff and above write the templates of units in their jurisdiction.
/// A template of another street is never seen. On a case, the templates of the case's unit and its ancestors are
/// offered with the placeholders filled.
/// </summary>
public sealed partial class ManageReplyTemplates(FengqiaoDbContext db, ICurrentActor actor, IAuditTrail audit, CategoryCatalog catalog, TimeProvider time)
{
    /// <summary>The placeholders a template may use, with what fills them.</summary>
    public static IReadOnlyList<string> Placeholders { get; } = ["查询码", "类别", "标题", "地址", "上报日期"];

    /// <summary>Roles that write templates (社区工作者及以上).</summary>
    public static IReadOnlyList<string> WriterRoles { get; } = [Roles.CommunityWorker, Roles.StreetOfficer, Roles.Supervisor, Roles.Administrator];

    public async Task<IReadOnlyList<ReplyTemplateView>> ListAsync(CancellationToken ct)
    {
        var all = db.Set<ReplyTemplate>().AsNoTracking();
        List<ReplyTemplate> found;
        if (actor.Scope.Unrestricted)
        {
            found = await all.ToListAsync(ct);
        }
        else
        {
            var ancestors = actor.Scope.UnitPaths.SelectMany(AncestorsOf).Distinct().ToList();
            found = await all.Where(t => ancestors.Contains(t.UnitPath)).ToListAsync(ct);
            foreach (var path in actor.Scope.UnitPaths)
            {
                found.AddRange(await all.Where(t => t.UnitPath.StartsWith(path)).ToListAsync(ct));
            }
        }

        return [.. found.DistinctBy(t => t.Id).OrderBy(t => t.UnitPath.Length).ThenBy(t => t.UnitCode, StringComparer.Ordinal).ThenBy(t => t.Title, StringComparer.Ordinal).Select(View)];
    }

    /// <summary>The templates offered on a case, placeholders filled from it. The case must be within the caller's reach.</summary>
    public async Task<IReadOnlyList<RenderedReplyTemplate>> ForCaseAsync(Guid caseId, CancellationToken ct)
    {
        var c = await db.Set<Case>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == caseId, ct) ?? throw new NotFoundException("案件");
        var ancestors = AncestorsOf(c.UnitPath).ToList();
        var templates = await db.Set<ReplyTemplate>().AsNoTracking().Where(t => ancestors.Contains(t.UnitPath)).ToListAsync(ct);
        var snapshot = await catalog.GetAsync(ct);
        var category = (c.CategoryCode ?? c.SuggestedCategoryCode) is { } code ? snapshot.Find(code) : null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["查询码"] = c.TrackingCode,
            ["类别"] = category?.Name ?? "",
            ["标题"] = c.Title,
            ["地址"] = c.Address ?? "",
            ["上报日期"] = ChinaTime.ToLocal(c.ReportedAt).ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture),
        };
        return [.. templates
            .OrderByDescending(t => t.UnitPath.Length).ThenBy(t => t.Title, StringComparer.Ordinal)
            .Select(t => new RenderedReplyTemplate(t.Id, t.Title, t.UnitCode, PlaceholderPattern().Replace(t.Text, m => values.GetValueOrDefault(m.Groups[1].Value, m.Value))))];
    }

    public async Task<ReplyTemplateView> CreateAsync(ReplyTemplateRequest request, CancellationToken ct)
    {
        var (title, text) = Validate(request);
        var unitCode = string.IsNullOrWhiteSpace(request.UnitCode) ? (actor.UnitCodes.Count > 0 ? actor.UnitCodes[0] : null) : request.UnitCode.Trim();
        if (unitCode is null)
        {
            throw new ValidationFailedException("unitCode", "请选择常用回复所属的单位。");
        }

        // The unit may lie outside the caller's reach; a single-entity look-up that the scope check below then refuses.
        var unitPath = await db.Units.IgnoreQueryFilters().Where(u => u.Code == unitCode).Select(u => u.Path).SingleOrDefaultAsync(ct)
            ?? throw new ValidationFailedException("unitCode", $"没有编码为“{unitCode}”的单位。");
        await EnsureMayWriteAsync(unitPath, unitCode, "cases.reply-template.create", ct);
        if (await db.Set<ReplyTemplate>().AnyAsync(t => t.UnitCode == unitCode && t.Title == title, ct))
        {
            throw new ValidationFailedException("title", $"本单位已有标题为“{title}”的常用回复。");
        }

        var template = new ReplyTemplate(Guid.NewGuid(), unitCode, unitPath, title, text, actor.Name, time.GetUtcNow());
        db.Add(template);
        audit.Record("cases.reply-template.create", $"reply-template:{template.Id}", unitPath, title);
        await db.SaveChangesAsync(ct);
        return View(template);
    }

    public async Task<ReplyTemplateView> UpdateAsync(Guid id, ReplyTemplateRequest request, CancellationToken ct)
    {
        var template = await FindAsync(id, ct);
        await EnsureMayWriteAsync(template.UnitPath, template.Id.ToString(), "cases.reply-template.update", ct);
        if (request.Version is { } expected && expected != template.Version)
        {
            throw new ConflictException($"常用回复已被他人修改（您看到的是第 {expected} 版，当前为第 {template.Version} 版），请刷新后重试。");
        }

        var (title, text) = Validate(request);
        if (await db.Set<ReplyTemplate>().AnyAsync(t => t.UnitCode == template.UnitCode && t.Title == title && t.Id != id, ct))
        {
            throw new ValidationFailedException("title", $"本单位已有标题为“{title}”的常用回复。");
        }

        template.Revise(title, text, time.GetUtcNow());
        audit.Record("cases.reply-template.update", $"reply-template:{template.Id}", template.UnitPath, title);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("常用回复已被他人修改，请刷新后重试。");
        }

        return View(template);
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        var template = await FindAsync(id, ct);
        await EnsureMayWriteAsync(template.UnitPath, template.Id.ToString(), "cases.reply-template.delete", ct);
        db.Remove(template);
        audit.Record("cases.reply-template.delete", $"reply-template:{template.Id}", template.UnitPath, template.Title);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A template the caller cannot see is not found, whether it exists or not.</summary>
    private async Task<ReplyTemplate> FindAsync(Guid id, CancellationToken ct)
    {
        var template = await db.Set<ReplyTemplate>().SingleOrDefaultAsync(t => t.Id == id, ct);
        if (template is null || !(actor.Scope.Covers(template.UnitPath) || actor.Scope.UnitPaths.Any(p => p.StartsWith(template.UnitPath, StringComparison.Ordinal))))
        {
            throw new NotFoundException("常用回复");
        }

        return template;
    }

    private async Task EnsureMayWriteAsync(string unitPath, string target, string action, CancellationToken ct)
    {
        if (!WriterRoles.Any(actor.IsInRole))
        {
            await audit.RecordRefusalAsync(action, target, AuditOutcome.Denied, "无权维护常用回复", unitPath, ct);
            throw new ForbiddenException("只有社区工作者及以上人员可以维护常用回复。");
        }

        if (!actor.Scope.Covers(unitPath))
        {
            await audit.RecordRefusalAsync(action, target, AuditOutcome.Denied, "单位不在管辖范围内", unitPath, ct);
            throw new ForbiddenException("只能维护本单位及下级单位的常用回复；上级单位的常用回复只能使用，不能修改。");
        }
    }

    private static (string Title, string Text) Validate(ReplyTemplateRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var title = request.Title?.Trim() ?? "";
        var text = request.Text?.Trim() ?? "";
        if (title.Length is 0 or > ReplyTemplate.MaxTitleLength)
        {
            errors["title"] = [$"标题应为 1 到 {ReplyTemplate.MaxTitleLength} 字。"];
        }

        if (text.Length is 0 or > ReplyTemplate.MaxTextLength)
        {
            errors["text"] = [$"回复内容应为 1 到 {ReplyTemplate.MaxTextLength} 字。"];
        }
        else
        {
            var unknown = PlaceholderPattern().Matches(text).Select(m => m.Groups[1].Value).Where(p => !Placeholders.Contains(p)).Distinct().ToList();
            if (unknown.Count > 0)
            {
                errors["text"] = [$"未知的占位符：{string.Join("、", unknown.Select(u => "{" + u + "}"))}。可用的占位符：{string.Join("、", Placeholders.Select(p => "{" + p + "}"))}。"];
            }
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        return (title, text);
    }

    /// <summary>"/32/3202/320282/" → "/32/", "/32/3202/", "/32/3202/320282/".</summary>
    internal static IEnumerable<string> AncestorsOf(string unitPath)
    {
        for (var i = unitPath.IndexOf('/', 1); i > 0; i = unitPath.IndexOf('/', i + 1))
        {
            yield return unitPath[..(i + 1)];
        }
    }

    private ReplyTemplateView View(ReplyTemplate t) =>
        new(t.Id, t.UnitCode, t.Title, t.Text, t.CreatedBy, t.UpdatedAt, t.Version, WriterRoles.Any(actor.IsInRole) && actor.Scope.Covers(t.UnitPath));

    [GeneratedRegex(@"\{([^{}\s]{1,20})\}")]
    private static partial Regex PlaceholderPattern();
}

/// <summary>A new or revised template; <see cref="UnitCode"/> defaults to the caller's own unit.</summary>
public sealed record ReplyTemplateRequest(string? Title, string? Text, string? UnitCode = null, long? Version = null);

/// <summary>A template as listed; <see cref="Editable"/> says whether the caller may change it (inherited ones are read-only).</summary>
public sealed record ReplyTemplateView(Guid Id, string UnitCode, string Title, string Text, string CreatedBy, DateTimeOffset UpdatedAt, long Version, bool Editable);

/// <summary>A template filled for one case, ready to drop into the note.</summary>
public sealed record RenderedReplyTemplate(Guid Id, string Title, string UnitCode, string Text);
