using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Web.Platform.Accounts;

/// <summary>
/// 登录: one place for both the UI cookie and the API token. Failed attempts count towards the lockout, and every
/// attempt is audited (the user name is recorded, never the password).
/// </summary>
internal sealed class PasswordSignIn(SignInManager<FengqiaoUser> signIn, UserManager<FengqiaoUser> users, IAuditTrail audit, FengqiaoDbContext db, CurrentActor actor)
{
    public async Task<SignInOutcome> SignInAsync(string? userName, string? password, string scheme, bool persistent)
    {
        var name = (userName ?? "").Trim();
        var user = name.Length is > 0 and <= 256 ? await users.FindByNameAsync(name) : null;
        if (user is null || string.IsNullOrEmpty(password) || password.Length > 256)
        {
            await audit.RecordRefusalAsync("auth.sign-in", $"user:{Shorten(name)}", AuditOutcome.Denied, "用户名或密码错误");
            return SignInOutcome.InvalidCredentials;
        }

        // Sign-ins are filed under the account's own unit, so its administrators and supervisors see them.
        var unitPath = await db.Set<UserUnit>().Where(m => m.UserId == user.Id)
            .Join(db.Units.IgnoreQueryFilters(), m => m.UnitId, u => u.Id, (m, u) => u.Path)
            .OrderBy(path => path)
            .FirstOrDefaultAsync();
        // The password is checked first, so that a stranger cannot learn that an account exists but is disabled.
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.Succeeded && user.IsDisabled)
        {
            await audit.RecordRefusalAsync("auth.sign-in", $"user:{user.UserName}", AuditOutcome.Denied, "账号已停用", unitPath);
            return SignInOutcome.Disabled;
        }

        if (result.Succeeded)
        {
            signIn.AuthenticationScheme = scheme;
            await signIn.SignInAsync(user, persistent);
            actor.Set(await signIn.CreateUserPrincipalAsync(user), actor.IpAddress);
            await actor.LoadAsync();
            audit.Record("auth.sign-in", $"user:{user.UserName}", unitPath, scheme == IdentityConstants.BearerScheme ? "API 令牌" : "网页登录");
            await db.SaveChangesAsync();
            return SignInOutcome.Succeeded;
        }

        var outcome = result.IsLockedOut ? SignInOutcome.LockedOut : SignInOutcome.InvalidCredentials;
        await audit.RecordRefusalAsync(
            "auth.sign-in", $"user:{user.UserName}", AuditOutcome.Denied,
            outcome == SignInOutcome.LockedOut ? "连续输错密码，账号已锁定" : "用户名或密码错误", unitPath);
        return outcome;
    }

    public static string Message(SignInOutcome outcome) => outcome switch
    {
        SignInOutcome.LockedOut => "连续输错密码次数过多，账号已锁定 15 分钟。",
        SignInOutcome.Disabled => "该账号已停用，请联系管理员。",
        _ => "用户名或密码错误。",
    };

    private static string Shorten(string name) => name.Length <= 64 ? name : name[..64];
}
