using System.Text.Json;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Web.Hosting;

/// <summary>
/// Turns every failure into an RFC 9457 problem response with a Chinese explanation, and writes refused or failed
/// commands to the audit log (the attempt itself changed nothing).
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public const string AuditedItem = "fengqiao:refusal-audited";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, title, detail, errors) = Describe(exception);
        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled failure on {Method} {Path}", context.Request.Method, context.Request.Path);
        }

        context.Response.StatusCode = status;
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = $"urn:fengqiao:problem:{code}",
            Instance = context.Request.Path,
        };
        problem.Extensions["code"] = code;
        if (errors is not null)
        {
            problem.Extensions["errors"] = errors;
        }

        if (status < 500 && AuditSetup.IsCommand(context.Request))
        {
            await AuditSetup.RecordRefusalAsync(context, status, detail);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static (int Status, string Code, string Title, string Detail, IReadOnlyDictionary<string, string[]>? Errors) Describe(Exception exception) =>
        exception switch
        {
            ValidationFailedException validation => (400, validation.Code, "提交的数据有误", validation.Message, validation.Errors),
            FengqiaoException known => (known.StatusCode, known.Code, TitleOf(known.StatusCode), known.Message, null),
            BadHttpRequestException { StatusCode: 413 } => (413, "payload-too-large", "请求内容过大", "请求内容超过了允许的大小。", null),
            BadHttpRequestException { InnerException: JsonException json } => (400, "malformed-json", "请求格式错误", $"JSON 无法解析：{json.Message}", null),
            BadHttpRequestException bad => (bad.StatusCode, "bad-request", TitleOf(bad.StatusCode), $"请求无法处理：{bad.Message}", null),
            JsonException json => (400, "malformed-json", "请求格式错误", $"JSON 无法解析：{json.Message}", null),
            DbUpdateConcurrencyException => (409, "concurrent-edit", "数据已被他人修改", "您编辑期间，这条记录已被其他人修改。请刷新后重试。", null),
            Kernel.Privacy.PersonalDataCryptoException => (500, "personal-data-unreadable", "个人信息无法解密", "一项加密的个人信息无法解密（密钥缺失或数据损坏），已记录日志。请联系系统管理员检查 Privacy 密钥配置。", null),
            OperationCanceledException => (499, "cancelled", "请求已取消", "客户端取消了请求。", null),
            _ => (500, "internal-error", "服务器内部错误", "服务器处理请求时出错，已记录日志。请稍后重试或联系管理员。", null),
        };

    public static string TitleOf(int status) => status switch
    {
        400 => "请求有误",
        401 => "需要登录",
        403 => "没有权限",
        404 => "未找到",
        409 => "数据冲突",
        413 => "请求内容过大",
        415 => "不支持的内容类型",
        422 => "不符合业务规则",
        429 => "请求过于频繁",
        _ => "请求无法完成",
    };
}
