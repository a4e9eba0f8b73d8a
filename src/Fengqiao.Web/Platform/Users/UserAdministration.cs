using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Messaging;
using Fengqiao.Kernel.Notifications;
using Fengqiao.Web.Platform.Demo;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Web.Platform.Users;

/// <summary>
/// 用户管理: administrators manage the accounts of their jurisdiction — create, assign roles, units and department,
/// unlock, disable, reset a password. An administrator can neither see nor grant anything outside their own subtree.
/// </summary>
internal sealed class UserAdministration(
    FengqiaoDbContext db, UserManager<FengqiaoUser> users, ICurrentActor actor, IAuditTrail audit, IEventPublisher events, TimeProvider clock)
{
    public async Task<IReadOnlyList<UserListItem>> ListAsync(string? search, CancellationToken cancellationToken)
    {
        EnsureAdministrator();
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            query = query.Where(u => u.UserName!.Contains(term) || u.DisplayName.Contains(term));
        }

        var candidates = await query.OrderBy(u => u.UserName).Take(1000).ToListAsync(cancellationToken);
        var ids = candidates.Select(u => u.Id).ToList();

        // Three set queries for the whole page instead of three per person.
        var memberships = await db.Set<UserUnit>().AsNoTracking().Where(m => ids.Contains(m.UserId))
            .Join(db.Units.IgnoreQueryFilters(), m => m.UnitId, u => u.Id, (m, u) => new { m.UserId, u.Code, u.Path })
            .ToListAsync(cancellationToken);
        var roles = await db.UserRoles.Where(ur => ids.Contains(ur.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, Name = r.Name! })
            .ToListAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Code, cancellationToken);
        var pathsByUser = memberships.ToLookup(m => m.UserId, m => (m.Code, m.Path));
        var rolesByUser = roles.ToLookup(r => r.UserId, r => r.Name);

        return [.. candidates
            .Where(user => pathsByUser[user.Id].All(p => actor.Scope.Covers(p.Path)))
            .Select(user => ToItem(user, [.. pathsByUser[user.Id]], [.. rolesByUser[user.Id]], user.DepartmentId is { } d ? departments.GetValueOrDefault(d) : null))];
    }

    public async Task<UserListItem> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var (user, paths) = await LoadInScopeAsync(id, cancellationToken);
        return await ToItemAsync(user, paths, cancellationToken);
    }

    public Task<CreatedUser> CreateAsync(CreateUserRequest request, CancellationToken cancellationToken) =>
        CreateAsync(request, null, cancellationToken);

    /// <summary>
    /// Creates the account with <paramref name="initialPassword"/> (checked against the password policy), or with a
    /// generated one when it is null (the API and UI never choose a password for someone else; the CLI may).
    /// </summary>
    public async Task<CreatedUser> CreateAsync(CreateUserRequest request, string? initialPassword, CancellationToken cancellationToken)
    {
        EnsureAdministrator();
        var userName = (request.UserName ?? "").Trim();
        if (userName.Length is < 2 or > 64)
        {
            throw new ValidationFailedException("userName", "用户名需 2 到 64 个字符。");
        }

        var (units, department) = await ValidateAccessAsync(request.DisplayName, request.Roles, request.UnitCodes, request.DepartmentCode, cancellationToken);
        var user = new FengqiaoUser
        {
            UserName = userName,
            DisplayName = request.DisplayName.Trim(),
            DepartmentId = department?.Id,
            CreatedAt = clock.GetUtcNow(),
        };
        user.Units.AddRange(units.Select(u => new UserUnit { UserId = user.Id, UnitId = u.Id }));
        var password = initialPassword ?? DemoSeeder.GeneratePassword();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        Check(await users.CreateAsync(user, password), "userName");
        Check(await users.AddToRolesAsync(user, request.Roles.Distinct()), "roles");
        audit.Record("users.create", $"user:{user.UserName}", units.FirstOrDefault()?.Path, $"角色={string.Join(',', request.Roles)}；单位={string.Join(',', request.UnitCodes)}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CreatedUser(user.Id, userName, password);
    }

    public async Task SaveAsync(Guid id, SaveUserRequest request, CancellationToken cancellationToken)
    {
        var (user, _) = await LoadInScopeAsync(id, cancellationToken);
        var (units, department) = await ValidateAccessAsync(request.DisplayName, request.Roles, request.UnitCodes, request.DepartmentCode, cancellationToken);
        if (user.Id == actor.UserId && !request.Roles.Contains(Roles.Administrator))
        {
            throw new ValidationFailedException("roles", "不能取消自己的管理员角色，以免无人管理本辖区。");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var tracked = await db.Users.Include(u => u.Units).SingleAsync(u => u.Id == user.Id, cancellationToken);
        tracked.DisplayName = request.DisplayName.Trim();
        tracked.DepartmentId = department?.Id;
        tracked.Units.Clear();
        tracked.Units.AddRange(units.Select(u => new UserUnit { UserId = tracked.Id, UnitId = u.Id }));
        var current = await users.GetRolesAsync(tracked);
        Check(await users.RemoveFromRolesAsync(tracked, current.Except(request.Roles)), "roles");
        Check(await users.AddToRolesAsync(tracked, request.Roles.Distinct().Except(current)), "roles");
        // A new stamp ends the person's existing sessions, so their new reach applies at once.
        Check(await users.UpdateSecurityStampAsync(tracked), "roles");
        audit.Record("users.save-access", $"user:{tracked.UserName}", units.FirstOrDefault()?.Path, $"角色={string.Join(',', request.Roles)}；单位={string.Join(',', request.UnitCodes)}；部门={request.DepartmentCode}");
        events.Publish(new AccountSecurityChanged(tracked.Id, $"角色调整为 {string.Join('、', request.Roles)}，所属单位 {string.Join('、', request.UnitCodes)}", clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task UnlockAsync(Guid id, CancellationToken cancellationToken)
    {
        var (user, paths) = await LoadInScopeAsync(id, cancellationToken);
        var tracked = await users.FindByIdAsync(user.Id.ToString()) ?? throw new NotFoundException("用户");
        Check(await users.SetLockoutEndDateAsync(tracked, null), "id");
        Check(await users.ResetAccessFailedCountAsync(tracked), "id");
        audit.Record("users.unlock", $"user:{tracked.UserName}", paths.FirstOrDefault().Path);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task SetDisabledAsync(Guid id, bool disabled, CancellationToken cancellationToken)
    {
        var (user, paths) = await LoadInScopeAsync(id, cancellationToken);
        if (user.Id == actor.UserId && disabled)
        {
            throw new ValidationFailedException("id", "不能停用自己的账号。");
        }

        var tracked = await users.FindByIdAsync(user.Id.ToString()) ?? throw new NotFoundException("用户");
        tracked.IsDisabled = disabled;
        Check(await users.UpdateSecurityStampAsync(tracked), "id");
        audit.Record(disabled ? "users.disable" : "users.enable", $"user:{tracked.UserName}", paths.FirstOrDefault().Path);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<string> ResetPasswordAsync(Guid id, CancellationToken cancellationToken)
    {
        var (user, paths) = await LoadInScopeAsync(id, cancellationToken);
        var tracked = await users.FindByIdAsync(user.Id.ToString()) ?? throw new NotFoundException("用户");
        var password = DemoSeeder.GeneratePassword();
        var token = await users.GeneratePasswordResetTokenAsync(tracked);
        Check(await users.ResetPasswordAsync(tracked, token, password), "id");
        audit.Record("users.reset-password", $"user:{tracked.UserName}", paths.FirstOrDefault().Path);
        events.Publish(new AccountSecurityChanged(tracked.Id, "管理员重置了密码", clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return password;
    }

    private async Task<(FengqiaoUser User, List<(string Code, string Path)> Paths)> LoadInScopeAsync(Guid id, CancellationToken cancellationToken)
    {
        EnsureAdministrator();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken)
            ?? throw new NotFoundException("用户");
        var paths = await UnitPathsOf(id, cancellationToken);
        if (!paths.All(p => actor.Scope.Covers(p.Path)))
        {
            throw new NotFoundException("用户");
        }

        return (user, paths);
    }

    private async Task<(List<Kernel.Units.AdministrativeUnit> Units, Department? Department)> ValidateAccessAsync(
        string? displayName, IReadOnlyList<string>? roles, IReadOnlyList<string>? unitCodes, string? departmentCode, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        roles ??= [];
        unitCodes ??= [];
        if (string.IsNullOrWhiteSpace(displayName) || displayName.Trim().Length > 50)
        {
            errors["displayName"] = ["姓名不能为空，且不超过 50 字。"];
        }

        if (roles.Count == 0 || roles.Any(r => !Roles.IsKnown(r)))
        {
            errors["roles"] = [$"请选择角色，可选：{string.Join('、', Roles.All)}。"];
        }

        if (roles.Any(r => Roles.Staff.Contains(r)) && unitCodes.Count == 0)
        {
            errors["unitCodes"] = ["工作人员至少需要一个所属单位（决定其辖区）。"];
        }

        if (unitCodes.Count > 20)
        {
            errors["unitCodes"] = ["所属单位不能超过 20 个。"];
        }

        // Units are looked up through the jurisdiction filter: a unit outside the administrator's subtree is unknown.
        var units = await db.Units.Where(u => unitCodes.Contains(u.Code)).ToListAsync(cancellationToken);
        var missing = unitCodes.Except(units.Select(u => u.Code)).ToList();
        if (missing.Count > 0)
        {
            errors["unitCodes"] = [$"单位不存在或不在您的辖区内：{string.Join('、', missing)}。"];
        }

        Department? department = null;
        if (roles.Contains(Roles.DepartmentHandler))
        {
            department = string.IsNullOrWhiteSpace(departmentCode) ? null
                : await db.Departments.SingleOrDefaultAsync(d => d.Code == departmentCode, cancellationToken);
            if (department is null)
            {
                errors["departmentCode"] = ["职能部门处置人员必须属于一个已登记的职能部门。"];
            }
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        return (units, department);
    }

    private async Task<List<(string Code, string Path)>> UnitPathsOf(Guid userId, CancellationToken cancellationToken)
    {
        var rows = await db.Set<UserUnit>().AsNoTracking().Where(m => m.UserId == userId)
            .Join(db.Units.IgnoreQueryFilters(), m => m.UnitId, u => u.Id, (m, u) => new { u.Code, u.Path })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => (r.Code, r.Path))];
    }

    private async Task<UserListItem> ToItemAsync(FengqiaoUser user, List<(string Code, string Path)> paths, CancellationToken cancellationToken)
    {
        var roles = await db.UserRoles.Where(ur => ur.UserId == user.Id)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!)
            .ToListAsync(cancellationToken);
        var department = user.DepartmentId is { } departmentId
            ? await db.Departments.Where(d => d.Id == departmentId).Select(d => d.Code).SingleOrDefaultAsync(cancellationToken)
            : null;
        return ToItem(user, paths, roles, department);
    }

    private UserListItem ToItem(FengqiaoUser user, List<(string Code, string Path)> paths, List<string> roles, string? department) =>
        new(
            user.Id, user.UserName!, user.DisplayName, [.. roles.Order(StringComparer.Ordinal)], [.. paths.Select(p => p.Code).Order(StringComparer.Ordinal)],
            department, user.IsDisabled, user.LockoutEnd is { } end && end > clock.GetUtcNow());

    private void EnsureAdministrator()
    {
        if (!actor.IsInRole(Roles.Administrator))
        {
            throw new ForbiddenException("只有系统管理员可以管理用户。");
        }
    }

    private static void Check(IdentityResult result, string field)
    {
        if (!result.Succeeded)
        {
            throw new ValidationFailedException(field, string.Join("；", result.Errors.Select(e => e.Description)));
        }
    }
}
