using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Fengqiao.Web.Hosting;

internal static class ApiSetup
{
    public const string LoginRateLimit = "login";
    public const string ApiRateLimit = "api";

    public static IServiceCollection AddFengqiaoApi(this IServiceCollection services, IConfiguration configuration)
    {
        var api = configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new ApiOptions();

        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
            if (context.ProblemDetails.Status is { } status && context.ProblemDetails.Title is null or "Unauthorized" or "Forbidden" or "Not Found" or "Method Not Allowed" or "Unsupported Media Type" or "Too Many Requests")
            {
                context.ProblemDetails.Title = ProblemExceptionHandler.TitleOf(status);
                context.ProblemDetails.Detail ??= status switch
                {
                    401 => "请先登录，或提供有效且未过期的访问令牌（Authorization: Bearer …）。",
                    403 => "您的角色无权执行此操作。",
                    404 => "请求的地址或记录不存在。",
                    405 => "此地址不支持该请求方法。",
                    415 => "请以 application/json 提交。",
                    429 => "请求过于频繁，请稍后再试。",
                    _ => null,
                };
            }
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();

        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(options =>
            options.Limits.MaxRequestBodySize = api.MaxRequestBodyBytes);
        services.Configure<FormOptions>(options => options.MultipartBodyLengthLimit = api.MaxRequestBodyBytes);
        services.Configure<JsonOptions>(options => options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        // Outside Development, minimal APIs would answer unreadable input with a bare status; thrown, it reaches
        // ProblemExceptionHandler and becomes a problem with its code (malformed-json, payload-too-large …).
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return ValueTask.CompletedTask;
            };
            options.AddPolicy(ApiRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                ClientKey(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = api.RateLimit.PermitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.AddPolicy(LoginRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                "login:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = api.RateLimit.LoginAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });

        services.AddOpenApi("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Fengqiao API",
                Version = "v1",
                Description = "枫桥 — 基层社会治理平台 REST API。认证：POST /api/v1/auth/token 获取令牌，然后在请求头中使用 Authorization: Bearer <token>。错误以 RFC 9457 problem details 返回。",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "由 POST /api/v1/auth/token 签发的访问令牌。",
            };
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>The API route group: versioned, bearer-authenticated, rate limited per client.</summary>
    public static RouteGroupBuilder MapApiV1(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGroup("/api/v1").RequireRateLimiting(ApiRateLimit);

    public static WebApplication MapFengqiaoApiDocs(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/api/docs", options => options
            .WithTitle("Fengqiao API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        return app;
    }

    private static string ClientKey(HttpContext context) =>
        context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId
            ? "user:" + userId
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
