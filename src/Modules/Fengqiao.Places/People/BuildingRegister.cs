using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Places.Grids;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Places.People;

/// <summary>
/// 实有房屋 and 户: buildings in a grid and the households in them. A grid, building or household outside the caller's
/// jurisdiction is "not found" (the DbContext's filter), exactly as if it did not exist.
/// </summary>
public sealed class BuildingRegister(FengqiaoDbContext db, IAuditTrail audit, TimeProvider clock)
{
    public const string CreateBuildingAction = "places.buildings.create";
    public const string CreateHouseholdAction = "places.households.create";

    public async Task<BuildingView> CreateBuildingAsync(string gridCode, CreateBuildingRequest request, CancellationToken cancellationToken)
    {
        var grid = await db.Set<Grid>().AsNoTracking().SingleOrDefaultAsync(g => g.Code == gridCode, cancellationToken)
            ?? throw new NotFoundException($"网格 {gridCode}");
        var building = new Building(grid.Id, grid.UnitId, grid.Code, grid.UnitPath, request.Street, request.Number, request.UnitsCount, request.Longitude, request.Latitude, clock.GetUtcNow());
        var duplicate = await db.Set<Building>().AnyAsync(b => b.GridId == grid.Id && b.Street == building.Street && b.Number == building.Number, cancellationToken);
        if (duplicate)
        {
            throw new ConflictException($"网格 {grid.Code} 已登记“{building.Address}”。");
        }

        db.Add(building);
        audit.Record(CreateBuildingAction, $"building:{building.Id}", building.UnitPath, $"网格 {grid.Code}：{building.Address}");
        await db.SaveChangesAsync(cancellationToken);
        return View(building, 0);
    }

    public async Task<IReadOnlyList<BuildingView>> ListBuildingsAsync(string gridCode, CancellationToken cancellationToken)
    {
        var grid = await db.Set<Grid>().AsNoTracking().SingleOrDefaultAsync(g => g.Code == gridCode, cancellationToken)
            ?? throw new NotFoundException($"网格 {gridCode}");
        var buildings = await db.Set<Building>().AsNoTracking().Where(b => b.GridId == grid.Id)
            .Select(b => new { Building = b, Households = db.Set<Household>().Count(h => h.BuildingId == b.Id) })
            .ToListAsync(cancellationToken);
        return [.. buildings.Select(b => View(b.Building, b.Households)).OrderBy(b => b.Street, StringComparer.Ordinal).ThenBy(b => b.Number, NumericText.Comparer)];
    }

    public async Task<HouseholdView> CreateHouseholdAsync(Guid buildingId, CreateHouseholdRequest request, CancellationToken cancellationToken)
    {
        var building = await db.Set<Building>().AsNoTracking().SingleOrDefaultAsync(b => b.Id == buildingId, cancellationToken)
            ?? throw new NotFoundException("该楼栋");
        var household = new Household(building, request.Room, clock.GetUtcNow());
        if (await db.Set<Household>().AnyAsync(h => h.BuildingId == building.Id && h.Room == household.Room, cancellationToken))
        {
            throw new ConflictException($"“{building.Address}{household.Room}”已登记为一户。");
        }

        db.Add(household);
        audit.Record(CreateHouseholdAction, $"household:{household.Id}", household.UnitPath, $"{building.Address}{household.Room}");
        await db.SaveChangesAsync(cancellationToken);
        return new HouseholdView(household.Id, building.Id, building.Address, household.Room, null);
    }

    public async Task<IReadOnlyList<HouseholdView>> ListHouseholdsAsync(Guid buildingId, CancellationToken cancellationToken)
    {
        var building = await db.Set<Building>().AsNoTracking().SingleOrDefaultAsync(b => b.Id == buildingId, cancellationToken)
            ?? throw new NotFoundException("该楼栋");
        var households = await db.Set<Household>().AsNoTracking().Where(h => h.BuildingId == building.Id).ToListAsync(cancellationToken);
        return [.. households.OrderBy(h => h.Room, NumericText.Comparer).Select(h => new HouseholdView(h.Id, building.Id, building.Address, h.Room, h.HeadResidentId))];
    }

    private static BuildingView View(Building b, int households) =>
        new(b.Id, b.GridCode, b.Street, b.Number, b.Address, b.UnitsCount, b.Longitude, b.Latitude, households);
}

/// <summary>Orders 2 before 10 and 2-501 before 10-101.</summary>
internal sealed class NumericText : IComparer<string>
{
    public static readonly NumericText Comparer = new();

    public int Compare(string? x, string? y) => string.Compare(Pad(x), Pad(y), StringComparison.Ordinal);

    private static string Pad(string? text) =>
        System.Text.RegularExpressions.Regex.Replace(text ?? "", "[0-9]+", m => m.Value.PadLeft(10, '0'));
}
