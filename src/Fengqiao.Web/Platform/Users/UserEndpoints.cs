using Fengqiao.Kernel.Identity;
using Fengqiao.Web.Hosting;

namespace Fengqiao.Web.Platform.Users;

internal static class UserEndpoints
{
    public static void MapUserApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/users").WithTags("用户管理 Users")
            .RequireAuthorization(IdentitySetup.ApiPolicy)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Administrator));
        group.MapGet("/", async (string? search, UserAdministration admin, CancellationToken ct) => TypedResults.Ok(await admin.ListAsync(search, ct)))
            .WithSummary("辖区内的用户");
        group.MapGet("/{id:guid}", async (Guid id, UserAdministration admin, CancellationToken ct) => TypedResults.Ok(await admin.GetAsync(id, ct)));
        group.MapPost("/", async (CreateUserRequest request, UserAdministration admin, CancellationToken ct) =>
            {
                var created = await admin.CreateAsync(request, ct);
                return TypedResults.Created($"/api/v1/users/{created.Id}", created);
            })
            .WithMetadata(new AuditActionAttribute("users.create"))
            .WithSummary("新建用户；响应中的初始密码只出现这一次");
        group.MapPut("/{id:guid}", async (Guid id, SaveUserRequest request, UserAdministration admin, CancellationToken ct) =>
            {
                await admin.SaveAsync(id, request, ct);
                return TypedResults.NoContent();
            })
            .WithMetadata(new AuditActionAttribute("users.save-access"))
            .WithSummary("修改姓名、角色、所属单位和职能部门");
        group.MapPost("/{id:guid}/unlock", async (Guid id, UserAdministration admin, CancellationToken ct) =>
            {
                await admin.UnlockAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithMetadata(new AuditActionAttribute("users.unlock"));
        group.MapPost("/{id:guid}/disable", async (Guid id, UserAdministration admin, CancellationToken ct) =>
            {
                await admin.SetDisabledAsync(id, true, ct);
                return TypedResults.NoContent();
            })
            .WithMetadata(new AuditActionAttribute("users.disable"));
        group.MapPost("/{id:guid}/enable", async (Guid id, UserAdministration admin, CancellationToken ct) =>
            {
                await admin.SetDisabledAsync(id, false, ct);
                return TypedResults.NoContent();
            })
            .WithMetadata(new AuditActionAttribute("users.enable"));
        group.MapPost("/{id:guid}/reset-password", async (Guid id, UserAdministration admin, CancellationToken ct) =>
                TypedResults.Ok(new { password = await admin.ResetPasswordAsync(id, ct) }))
            .WithMetadata(new AuditActionAttribute("users.reset-password"))
            .WithSummary("重置密码；新密码只出现这一次");
    }
}
