using System.Text;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Fengqiao.Web.Hosting;

namespace Fengqiao.Web.Platform.Calendar;

internal static class CalendarEndpoints
{
    public static void MapCalendarApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/calendar").WithTags("工作日历 Calendar").RequireAuthorization(IdentitySetup.ApiPolicy);
        group.MapGet("/{year:int}", async (int year, CalendarService calendar, CancellationToken ct) => TypedResults.Ok(await calendar.YearAsync(year, ct)))
            .WithSummary("某年的节假日、调休和工作日数");
        group.MapPost("/import", async (HttpRequest request, CalendarService calendar, CancellationToken ct) =>
            {
                if (!(request.ContentType ?? "").StartsWith("text/csv", StringComparison.OrdinalIgnoreCase)
                    && !(request.ContentType ?? "").StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ValidationFailedException("file", "请以 text/csv 提交节假日文件（列：date,kind,name）。");
                }

                using var reader = new StreamReader(request.Body, new UTF8Encoding(false, throwOnInvalidBytes: true));
                string text;
                try
                {
                    text = await reader.ReadToEndAsync(ct);
                }
                catch (DecoderFallbackException)
                {
                    throw new ValidationFailedException("file", "文件不是 UTF-8 编码（可能是 GBK），请另存为 UTF-8 后重试。");
                }

                return TypedResults.Ok(await calendar.ImportAsync(new StringReader(text), "api", ct));
            })
            .RequireAuthorization(policy => policy.RequireRole(Roles.Administrator))
            .Accepts<string>("text/csv")
            .WithMetadata(new AuditActionAttribute("calendar.import"))
            .WithSummary("导入节假日（文件中出现的年份整体替换）");

        var time = api.MapGroup("/working-time").WithTags("工作日历 Calendar").RequireAuthorization(IdentitySetup.ApiPolicy);
        time.MapGet("/deadline", async (DateTimeOffset start, double? hours, int? days, CalendarService calendar, CancellationToken ct) =>
                TypedResults.Ok(await calendar.DeadlineAsync(start, hours, days, ct)))
            .WithSummary("从某时刻起加 N 工作时或 N 工作日后的截止时间");
        time.MapGet("/elapsed", async (DateTimeOffset from, DateTimeOffset to, CalendarService calendar, CancellationToken ct) =>
                TypedResults.Ok(await calendar.ElapsedAsync(from, to, ct)))
            .WithSummary("两个时刻之间经过的工作时");
    }
}
