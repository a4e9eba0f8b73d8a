using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Messaging;
using Fengqiao.Kernel.Notifications;
using Microsoft.AspNetCore.Identity;

namespace Fengqiao.Web.Platform.Accounts;

/// <summary>修改密码: the signed-in person changes their own password; other sessions end at the next stamp check.</summary>
internal sealed class ChangePassword(UserManager<FengqiaoUser> users, ICurrentActor actor, IAuditTrail audit, IEventPublisher events, FengqiaoDbContext db, TimeProvider clock)
{
    public async Task HandleAsync(ChangePasswordRequest request)
    {
        var user = actor.UserId is { } id ? await users.FindByIdAsync(id.ToString()) : null;
        if (user is null)
        {
            throw new ForbiddenException("请先登录。");
        }

        if (string.IsNullOrEmpty(request.CurrentPassword) || string.IsNullOrEmpty(request.NewPassword))
        {
            throw new ValidationFailedException("newPassword", "请填写原密码和新密码。");
        }

        if (request.NewPassword.Length > 128)
        {
            throw new ValidationFailedException("newPassword", "新密码不能超过 128 位。");
        }

        if (request.NewPassword == request.CurrentPassword)
        {
            throw new ValidationFailedException("newPassword", "新密码不能与原密码相同。");
        }

        var result = await users.ChangePasswordAsync(user, request.CurrentPassword, request.NewPassword);
        if (!result.Succeeded)
        {
            var field = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)) ? "currentPassword" : "newPassword";
            throw new ValidationFailedException(new Dictionary<string, string[]> { [field] = [.. result.Errors.Select(e => e.Description)] });
        }

        audit.Record("auth.change-password", $"user:{user.UserName}");
        events.Publish(new AccountSecurityChanged(user.Id, "密码已修改", clock.GetUtcNow()));
        await db.SaveChangesAsync();
    }
}
