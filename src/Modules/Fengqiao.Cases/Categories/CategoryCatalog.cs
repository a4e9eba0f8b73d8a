using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Cases.Categories;

/// <summary>
/// The category tree with each category's current version, cached on this node: intake reads it for every report.
/// Edits on this node refresh it at once; edits on other nodes are seen within <see cref="MaxAge"/>.
/// </summary>
public sealed class CategoryCatalog(IServiceScopeFactory scopes, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Snapshot? _snapshot;

    public async ValueTask<CatalogSnapshot> GetAsync(CancellationToken cancellationToken = default)
    {
        var current = _snapshot;
        if (current is not null && clock.GetUtcNow() - current.LoadedAt < MaxAge)
        {
            return current.Catalog;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            current = _snapshot;
            if (current is null || clock.GetUtcNow() - current.LoadedAt >= MaxAge)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<FengqiaoDbContext>();
                var categories = await db.Set<Category>().AsNoTracking().ToListAsync(cancellationToken);
                var versionIds = categories.Select(c => (c.Id, c.CurrentVersion)).ToList();
                var ids = categories.Select(c => c.Id).ToList();
                var versions = await db.Set<CategoryVersion>().AsNoTracking().Where(v => ids.Contains(v.CategoryId)).ToListAsync(cancellationToken);
                var current2 = versions.Where(v => versionIds.Contains((v.CategoryId, v.Number))).ToDictionary(v => v.CategoryId);
                var departments = await db.Departments.AsNoTracking().Select(d => d.Code).ToListAsync(cancellationToken);
                current = new Snapshot(new CatalogSnapshot(categories, current2, departments), clock.GetUtcNow());
                _snapshot = current;
            }

            return current.Catalog;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the cache after an edit on this node.</summary>
    public void Invalidate() => _snapshot = null;

    public void Dispose() => _gate.Dispose();

    private sealed record Snapshot(CatalogSnapshot Catalog, DateTimeOffset LoadedAt);
}

/// <summary>One consistent view of the category tree.</summary>
public sealed class CatalogSnapshot
{
    private readonly Dictionary<string, Category> _byCode;
    private readonly Dictionary<Guid, CategoryVersion> _currentVersions;
    private readonly Dictionary<string, Category?> _byName;

    public CatalogSnapshot(IReadOnlyList<Category> categories, Dictionary<Guid, CategoryVersion> currentVersions, IReadOnlyList<string> departmentCodes)
    {
        Categories = [.. categories.OrderBy(c => c.SortOrder).ThenBy(c => c.Code, StringComparer.Ordinal)];
        _byCode = categories.ToDictionary(c => c.Code, StringComparer.OrdinalIgnoreCase);
        _currentVersions = currentVersions;

        // A name shared by two categories (市容环境 as event and as part) cannot identify one: it maps to nothing.
        _byName = categories.Where(c => c.IsActive).GroupBy(c => c.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count() == 1 ? g.Single() : null, StringComparer.Ordinal);
        DepartmentCodes = departmentCodes.ToHashSet(StringComparer.Ordinal);
    }

    public IReadOnlyList<Category> Categories { get; }

    public IReadOnlySet<string> DepartmentCodes { get; }

    public Category? Find(string code) => _byCode.GetValueOrDefault(code.Trim());

    public CategoryVersion? CurrentVersionOf(Category category) => _currentVersions.GetValueOrDefault(category.Id);

    /// <summary>The active category a classifier label stands for: its code, or a name no other active category has.</summary>
    public Category? Resolve(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return null;
        }

        var byCode = Find(label);
        if (byCode is { IsActive: true })
        {
            return byCode;
        }

        return _byName.GetValueOrDefault(label.Trim());
    }

    /// <summary>The chain from the top class down to <paramref name="category"/>, e.g. 市容环境 / 暴露垃圾.</summary>
    public string PathName(Category category)
    {
        var names = new List<string> { category.Name };
        var parent = category.ParentCode;
        while (parent is not null && Find(parent) is { } up && names.Count < 10)
        {
            names.Insert(0, up.Name);
            parent = up.ParentCode;
        }

        return string.Join(" / ", names);
    }
}
