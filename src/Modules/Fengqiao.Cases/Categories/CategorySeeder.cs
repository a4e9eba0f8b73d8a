using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Categories;

/// <summary>Adds the initial categories that are missing; never touches a category that exists (administrators own them).</summary>
internal sealed class CategorySeeder(FengqiaoDbContext db, TimeProvider clock) : IReferenceDataSeeder
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var existing = await db.Set<Category>().Select(c => c.Code).ToListAsync(cancellationToken);
        var known = existing.ToHashSet(StringComparer.Ordinal);
        var order = existing.Count;
        foreach (var seed in CategorySeed.All().Where(s => !known.Contains(s.Code)))
        {
            var category = new Category(seed.Code, seed.ParentCode, seed.Name, seed.Kind, ++order);
            var version = new CategoryVersion(category, 1, seed.Rules, "system", clock.GetUtcNow());
            category.MoveToVersion(1);
            db.Add(category);
            db.Add(version);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
