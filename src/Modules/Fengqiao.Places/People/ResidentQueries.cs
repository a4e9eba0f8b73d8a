using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Privacy;
using Fengqiao.Places.Grids;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Places.People;

/// <summary>Masked reads of residents within the caller's jurisdiction (the DbContext's filter does the scoping).</summary>
public sealed class ResidentQueries(FengqiaoDbContext db, ICurrentActor actor, PersonalDataProtector protector)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public async Task<PageOf<ResidentView>> ListInGridAsync(string gridCode, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var grid = await db.Set<Grid>().AsNoTracking().SingleOrDefaultAsync(g => g.Code == gridCode, cancellationToken)
            ?? throw new NotFoundException($"网格 {gridCode}");
        var buildingIds = db.Set<Building>().Where(b => b.GridId == grid.Id).Select(b => b.Id);
        return await PageAsync(db.Set<Resident>().Where(r => buildingIds.Contains(r.BuildingId)), page, pageSize, cancellationToken);
    }

    public async Task<PageOf<ResidentView>> ListInHouseholdAsync(Guid householdId, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (!await db.Set<Household>().AnyAsync(h => h.Id == householdId, cancellationToken))
        {
            throw new NotFoundException("该户");
        }

        return await PageAsync(db.Set<Resident>().Where(r => r.HouseholdId == householdId), page, pageSize, cancellationToken);
    }

    /// <summary>By name prefix (masked results), or exactly by identity number through its blind index.</summary>
    public async Task<PageOf<ResidentView>> SearchAsync(string? name, string? identityNumber, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var residents = db.Set<Resident>().Where(r => !r.IsErased);
        if (!string.IsNullOrWhiteSpace(identityNumber))
        {
            var number = ChineseIdentityNumber.Parse(identityNumber);
            var index = protector.BlindIndex(Resident.IdentityNumberField, number.Value);
            residents = residents.Where(r => r.IdentityNumberIndex == index);
        }
        else if (!string.IsNullOrWhiteSpace(name))
        {
            var prefix = name.Trim();
            residents = residents.Where(r => r.Name.StartsWith(prefix));
        }
        else
        {
            throw new ValidationFailedException("name", "请提供姓名（前缀）或身份证号码。");
        }

        return await PageAsync(residents, page, pageSize, cancellationToken);
    }

    public async Task<ResidentView> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var resident = await db.Set<Resident>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken)
            ?? throw new NotFoundException("该居民");
        return View(resident, PeopleRoles.MaySeeTags(actor));
    }

    internal static ResidentView View(Resident r, bool withTags) =>
        new(
            r.Id,
            r.HouseholdId,
            r.IsErased ? Resident.ErasedName : Masking.PersonName(r.Name),
            r.Gender,
            r.BirthDate?.Year,
            r.IdentityNumberMasked,
            r.PhoneMasked,
            r.Relation,
            r.ResidenceKind,
            withTags ? r.Tags : null,
            r.IsErased);

    private async Task<PageOf<ResidentView>> PageAsync(IQueryable<Resident> residents, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var size = pageSize ?? DefaultPageSize;
        var number = page ?? 1;
        if (size is < 1 or > MaxPageSize || number < 1)
        {
            throw new ValidationFailedException("pageSize", $"page 应不小于 1，pageSize 应在 1 到 {MaxPageSize} 之间。");
        }

        var total = await residents.CountAsync(cancellationToken);
        var rows = await residents.AsNoTracking().OrderBy(r => r.Name).ThenBy(r => r.Id)
            .Skip((number - 1) * size).Take(size)
            .ToListAsync(cancellationToken);
        var withTags = PeopleRoles.MaySeeTags(actor);
        return new PageOf<ResidentView>([.. rows.Select(r => View(r, withTags))], total, number, size);
    }
}
