using System.Security.Claims;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Identity;
using Fengqiao.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Fengqiao.Web.Platform.Accounts;

internal static class AccountEndpoints
{
    public static void MapAccountApi(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("认证 Auth").RequireRateLimiting(ApiSetup.LoginRateLimit);

        auth.MapPost("/token", async Task<Results<EmptyHttpResult, ProblemHttpResult>> (TokenRequest request, PasswordSignIn signIn) =>
            {
                var outcome = await signIn.SignInAsync(request.UserName, request.Password, IdentityConstants.BearerScheme, persistent: false);
                // On success the bearer handler has already written { tokenType, accessToken, expiresIn, refreshToken }.
                return outcome == SignInOutcome.Succeeded
                    ? TypedResults.Empty
                    : TypedResults.Problem(PasswordSignIn.Message(outcome), statusCode: StatusCodes.Status401Unauthorized, title: "登录失败",
                        extensions: new Dictionary<string, object?>
                        {
                            ["code"] = outcome switch
                            {
                                SignInOutcome.LockedOut => "locked-out",
                                SignInOutcome.Disabled => "account-disabled",
                                _ => "invalid-credentials",
                            },
                        });
            })
            .WithSummary("以用户名和密码换取访问令牌（连续 5 次错误锁定 15 分钟）")
            .Produces<AccessTokenResponse>();

        auth.MapPost("/refresh", async Task<Results<SignInHttpResult, ProblemHttpResult>> (
                RefreshRequest request, IOptionsMonitor<BearerTokenOptions> bearer, SignInManager<FengqiaoUser> signIn, TimeProvider clock) =>
            {
                var protector = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
                var ticket = string.IsNullOrEmpty(request.RefreshToken) ? null : protector.Unprotect(request.RefreshToken);
                if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires
                    || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { IsDisabled: false } user)
                {
                    return TypedResults.Problem("刷新令牌无效或已过期，请重新登录。", statusCode: StatusCodes.Status401Unauthorized, title: "需要登录");
                }

                var principal = await signIn.CreateUserPrincipalAsync(user);
                return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
            })
            .WithSummary("用刷新令牌换取新的访问令牌")
            .Produces<AccessTokenResponse>();

        var me = api.MapGroup("/me").WithTags("当前用户 Me").RequireAuthorization(IdentitySetup.ApiPolicy);
        me.MapGet("/", (ClaimsPrincipal user, ICurrentActor actor) => TypedResults.Ok(new MeResponse(
                actor.UserId!.Value,
                actor.Name,
                user.FindFirstValue("fengqiao:display_name") ?? actor.Name,
                actor.Roles,
                actor.UnitCodes)))
            .WithSummary("当前登录用户、角色和所属单位");
        me.MapPost("/password", async (ChangePasswordRequest request, ChangePassword handler) =>
            {
                await handler.HandleAsync(request);
                return TypedResults.NoContent();
            })
            .WithMetadata(new AuditActionAttribute("auth.change-password"))
            .WithSummary("修改自己的密码");
    }

    /// <summary>The UI's sign-in and sign-out: plain form posts with antiforgery, so they work without a websocket.</summary>
    public static void MapAccountForms(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/login", async ([FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl, PasswordSignIn signIn) =>
            {
                var outcome = await signIn.SignInAsync(userName, password, IdentityConstants.ApplicationScheme, persistent: false);
                var target = IsLocal(returnUrl) ? returnUrl! : "/workbench";
                return outcome == SignInOutcome.Succeeded
                    ? Results.LocalRedirect(target)
                    : Results.LocalRedirect($"/login?error={outcome.ToString().ToLowerInvariant()}&returnUrl={Uri.EscapeDataString(target)}");
            })
            .RequireRateLimiting(ApiSetup.LoginRateLimit)
            .ExcludeFromDescription();

        endpoints.MapPost("/account/logout", async (SignInManager<FengqiaoUser> signIn) =>
            {
                await signIn.SignOutAsync();
                return Results.LocalRedirect("/");
            })
            .ExcludeFromDescription();
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}
