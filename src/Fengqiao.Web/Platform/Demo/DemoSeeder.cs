using System.Security.Cryptography;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Privacy;
using Fengqiao.Kernel.Units;
using Fengqiao.Places.Boundaries;
using Fengqiao.Places.Geo;
using Fengqiao.Places.Grids;
using Fengqiao.Places.Organisations;
using Fengqiao.Mediation.Committees;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Web.Platform.Demo;

/// <summary>
/// Seeds the demo jurisdiction (real division codes) with basic grids and one demo user per role. Passwords are
/// generated here, returned once to be printed, and never stored anywhere but as Identity hashes.
/// </summary>
internal sealed class DemoSeeder(FengqiaoDbContext db, UserManager<FengqiaoUser> users, TimeProvider clock, PersonalDataProtector protector)
{
    /// <summary>Basic grids generated per community; real deployments import their own grid layer.</summary>
    public const int GridsPerCommunity = 3;

    private static readonly string[] Ordinals = ["一", "二", "三", "四", "五"];

    public async Task<IReadOnlyList<DemoAccount>> SeedAsync(string? divisionsDirectory, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (await db.Units.IgnoreQueryFilters().AnyAsync(cancellationToken) || await db.Users.AnyAsync(cancellationToken))
        {
            return [];
        }

        var divisions = DemoDivisions.Load(divisionsDirectory);
        progress?.Report($"行政区划 {divisions.Count} 个（{(divisionsDirectory is null ? "内置子集" : divisionsDirectory)}）");
        var units = new Dictionary<string, AdministrativeUnit>(StringComparer.Ordinal);
        foreach (var division in divisions.OrderBy(d => d.Level))
        {
            var parent = division.ParentCode is null ? null : units[division.ParentCode];
            var unit = new AdministrativeUnit(division.Code, division.Name, division.Level, parent);
            units[division.Code] = unit;
            db.Units.Add(unit);
            if (division.Level == UnitLevel.Community)
            {
                for (var i = 1; i <= GridsPerCommunity; i++)
                {
                    var grid = new AdministrativeUnit($"{division.Code}{i:000}", $"{division.Name}第{Ordinals[i - 1]}网格", UnitLevel.Grid, unit);
                    units[grid.Code] = grid;
                    db.Units.Add(grid);
                }
            }
        }

        units[DemoDivisions.StreetCode].UpdatePublicCard("0510-87921234", "工作日 8:30-12:00，13:30-17:30", "宜城街道综治中心：矛盾纠纷调解、网格事件受理。");
        units["320282001001"].UpdatePublicCard("0510-87900101", "工作日 8:30-17:30，周六上午值班", "茶东社区党群服务中心，一站式办理社保、民政、计生业务。");
        units["320282001001001"].UpdatePublicCard("13861500101", "每日 8:00-20:00", "网格员每日巡查，有事请拨打值班电话或在线上报。");

        var drawn = DrawGrids(units, DemoDivisions.LocateOutline(divisionsDirectory));
        if (drawn > 0)
        {
            progress?.Report($"网格边界 {drawn} 个（按宜兴市真实轮廓生成的演示边界）");
        }

        var cityManagement = new Department("cg", "宜兴市城市管理局");
        cityManagement.ServedUnits.Add(new DepartmentServedUnit { DepartmentId = cityManagement.Id, UnitId = units[DemoDivisions.CountyCode].Id });
        var environment = new Department("hb", "无锡市宜兴生态环境局");
        environment.ServedUnits.Add(new DepartmentServedUnit { DepartmentId = environment.Id, UnitId = units[DemoDivisions.CountyCode].Id });
        var housing = new Department("zj", "宜兴市住房和城乡建设局");
        housing.ServedUnits.Add(new DepartmentServedUnit { DepartmentId = housing.Id, UnitId = units[DemoDivisions.CountyCode].Id });
        db.Departments.AddRange(cityManagement, environment, housing);
        if (units.TryGetValue(DemoOrganisations.CommunityCode, out var chadong))
        {
            db.AddRange(DemoOrganisations.Build(chadong, protector, clock.GetUtcNow()));
        }

        await db.SaveChangesAsync(cancellationToken);
        progress?.Report($"网格 {units.Values.Count(u => u.Level == UnitLevel.Grid)} 个，职能部门 3 个");

        var firstGrid = units.ContainsKey("320282001001001") ? "320282001001001" : null;
        var secondGrid = units.ContainsKey("320282001002001") ? "320282001002001" : null;
        var people = new (string UserName, string DisplayName, string Role, string? Unit, Guid? Department)[]
        {
            ("admin", "系统管理员", Roles.Administrator, DemoDivisions.CountyCode, null),
            ("supervisor", "陈督办", Roles.Supervisor, DemoDivisions.CountyCode, null),
            ("street", "周晓燕", Roles.StreetOfficer, DemoDivisions.StreetCode, null),
            ("community", "李文静", Roles.CommunityWorker, "320282001001", null),
            ("grid", "王建国", Roles.GridWorker, firstGrid, null),
            ("grid2", "赵丽华", Roles.GridWorker, secondGrid, null),
            ("mediator", "孙明德", Roles.Mediator, "320282001001", null),
            ("handler", "钱立新", Roles.DepartmentHandler, DemoDivisions.CountyCode, cityManagement.Id),
            ("informant", "郑海涛", Roles.Informant, null, null),
            ("resident", "吴小梅", Roles.Resident, null, null),
        };

        var accounts = new List<DemoAccount>();
        var accountIds = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var person in people)
        {
            var password = GeneratePassword();
            var user = new FengqiaoUser
            {
                UserName = person.UserName,
                DisplayName = person.DisplayName,
                DepartmentId = person.Department,
                CreatedAt = clock.GetUtcNow(),
            };
            if (person.Unit is not null)
            {
                user.Units.Add(new UserUnit { UserId = user.Id, UnitId = units[person.Unit].Id });
            }

            Check(await users.CreateAsync(user, password));
            Check(await users.AddToRoleAsync(user, person.Role));
            accounts.Add(new DemoAccount(person.UserName, person.DisplayName, person.Role, person.Unit, password));
            accountIds[person.UserName] = user.Id;
        }

        db.AddRange(DemoCommittees.Build(
            units.GetValueOrDefault(DemoOrganisations.CommunityCode), units.GetValueOrDefault(DemoDivisions.StreetCode), units.GetValueOrDefault(DemoDivisions.CountyCode),
            accountIds, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);

        progress?.Report($"演示用户 {accounts.Count} 个");
        return accounts;
    }

    /// <summary>
    /// Draws a boundary for every demo street, community and grid on the real county outline, so that the demo map
    /// looks like a real place; nothing when the outline file is absent.
    /// </summary>
    private int DrawGrids(Dictionary<string, AdministrativeUnit> units, string? outlineFile)
    {
        if (outlineFile is null)
        {
            return 0;
        }

        var outline = CountyOutlines.Read(outlineFile);
        var streets = units.Values.Where(u => u.Level == UnitLevel.Street).Select(u => u.Code).ToList();
        var communities = units.Values.Where(u => u.Level == UnitLevel.Community && u.ParentId == units[DemoDivisions.StreetCode].Id).Select(u => u.Code).ToList();
        var layout = DemoGridGenerator.Generate(outline.Boundary, streets, DemoDivisions.StreetCode, communities, GridsPerCommunity, outline.Seat);
        // The street and community cells the grids were cut from are stored too: the grid import checks against them.
        foreach (var (code, boundary) in layout.Streets.Concat(layout.Communities))
        {
            if (units.TryGetValue(code, out var unit) && !boundary.IsEmpty && boundary.IsValid)
            {
                db.Add(new UnitBoundary(unit, boundary, clock.GetUtcNow()));
            }
        }

        var drawn = 0;
        foreach (var (code, boundary) in layout.Grids)
        {
            if (units.TryGetValue(code, out var unit) && unit.ParentId is { } communityId && !boundary.IsEmpty)
            {
                db.Add(new Grid(unit.Id, code, unit.Path, communityId, GridKind.Basic, null, boundary));
                drawn++;
            }
        }

        return drawn;
    }

    /// <summary>14 characters from an alphabet without look-alikes, always with a letter and a digit.</summary>
    public static string GeneratePassword()
    {
        const string letters = "abcdefghijkmnpqrstuvwxyz";
        const string digits = "23456789";
        const string all = letters + digits;
        Span<char> chars = stackalloc char[14];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        chars[RandomNumberGenerator.GetInt32(0, 7)] = letters[RandomNumberGenerator.GetInt32(letters.Length)];
        chars[RandomNumberGenerator.GetInt32(7, 14)] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        return new string(chars);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("演示用户创建失败：" + string.Join("；", result.Errors.Select(e => e.Description)));
        }
    }
}
