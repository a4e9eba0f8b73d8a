using System.Security.Claims;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Fengqiao.Web.Hosting;

internal static class IdentitySetup
{
    /// <summary>Policy scheme: bearer token when the request carries one, otherwise the UI's cookie.</summary>
    public const string SmartScheme = "Fengqiao";

    /// <summary>Policy for the REST API: bearer tokens only, so a browser's cookie can never be replayed cross-site.</summary>
    public const string ApiPolicy = Kernel.Access.Policies.ApiPolicy;

    public static IServiceCollection AddFengqiaoIdentity(this IServiceCollection services)
    {
        services.AddDataProtection()
            .SetApplicationName("Fengqiao")
            .PersistKeysToDbContext<FengqiaoDbContext>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = SmartScheme;
                options.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or bearer", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    || context.Request.Path.StartsWithSegments("/api")
                        ? IdentityConstants.BearerScheme
                        : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, options =>
            {
                options.BearerTokenExpiration = TimeSpan.FromHours(1);
                options.RefreshTokenExpiration = TimeSpan.FromDays(7);
            })
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/forbidden";
            options.Cookie.Name = "fengqiao.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.ExpireTimeSpan = TimeSpan.FromHours(10);
            options.SlidingExpiration = true;
        });

        // A disabled account or a changed password ends existing sessions within a minute.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddIdentityCore<FengqiaoUser>(options =>
            {
                options.Password.RequiredLength = 10;
                options.Password.RequireDigit = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 4;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.User.RequireUniqueEmail = false;
                options.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
            })
            .AddRoles<FengqiaoRole>()
            .AddEntityFrameworkStores<FengqiaoDbContext>()
            .AddSignInManager()
            .AddErrorDescriber<ChineseIdentityErrors>()
            .AddClaimsPrincipalFactory<FengqiaoClaimsFactory>()
            .AddDefaultTokenProviders();

        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.BearerScheme)
                .RequireAuthenticatedUser());
        services.AddSingleton<IPostConfigureOptions<BearerTokenOptions>, BearerTokenDataProtection>();
        return services;
    }

    /// <summary>Adds the display name to the principal so that pages can greet without a query.</summary>
    private sealed class FengqiaoClaimsFactory(UserManager<FengqiaoUser> users, RoleManager<FengqiaoRole> roles, IOptions<IdentityOptions> options)
        : UserClaimsPrincipalFactory<FengqiaoUser, FengqiaoRole>(users, roles, options)
    {
        public const string DisplayNameClaim = "fengqiao:display_name";

        protected override async Task<ClaimsIdentity> GenerateClaimsAsync(FengqiaoUser user)
        {
            var identity = await base.GenerateClaimsAsync(user);
            identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
            return identity;
        }
    }

    /// <summary>Bearer tokens are protected with the shared key ring, so any web node can read another's tokens.</summary>
    private sealed class BearerTokenDataProtection(IDataProtectionProvider provider) : IPostConfigureOptions<BearerTokenOptions>
    {
        public void PostConfigure(string? name, BearerTokenOptions options)
        {
            options.BearerTokenProtector = new TicketDataFormat(provider.CreateProtector("Fengqiao.BearerToken", name ?? "", "v1"));
            options.RefreshTokenProtector = new TicketDataFormat(provider.CreateProtector("Fengqiao.RefreshToken", name ?? "", "v1"));
        }
    }
}
