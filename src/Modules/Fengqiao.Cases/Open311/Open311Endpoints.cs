using Fengqiao.Kernel.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace Fengqiao.Cases.Open311;

/// <summary>
/// GeoReport v2 at <c>/open311/v2/</c> and its discovery document at <c>/open311/discovery.{xml|json}</c>. Every answer,
/// errors included, is in the format the path names; errors are the specification's list of code and description.
/// </summary>
internal static class Open311Endpoints
{
    /// <summary>When this implementation of the endpoints last changed (the discovery document's changeset).</summary>
    public static readonly DateTimeOffset Changeset = new(2026, 11, 26, 0, 0, 0, TimeSpan.FromHours(8));

    public const string TotalHeader = "X-Total-Count";

    public static RouteGroupBuilder MapOpen311(this IEndpointRouteBuilder app)
    {
        var root = app.MapGroup("/open311").WithTags("Open311 GeoReport v2").AllowAnonymous();
        root.MapGet("/discovery.{format}", (string format, HttpContext http) =>
            Respond(http, format, "discovery", _ => Task.FromResult<(O311Node, int?)>((Discovery(http), null))))
            .WithSummary("Open311 发现文档（discovery.xml / discovery.json）");

        var v2 = root.MapGroup("/v2");
        v2.MapGet("/services.{format}", (string format, HttpContext http) =>
            Respond(http, format, "services", async g => (await g.ServicesAsync(http.RequestAborted), null)))
            .WithSummary("服务列表：可上报的公开事件类别");
        v2.MapGet("/services/{code}.{format}", (string code, string format, HttpContext http) =>
            Respond(http, format, "service_definition", async g => (await g.ServiceDefinitionAsync(code, http.RequestAborted), null)))
            .WithSummary("服务定义：类别的补充问题（attributes）");
        v2.MapPost("/requests.{format}", (string format, HttpContext http) =>
            Respond(http, format, "service_requests", async g =>
            {
                if (!http.Request.HasFormContentType)
                {
                    throw new ValidationFailedException("body", "请以 application/x-www-form-urlencoded 或 multipart/form-data 提交。");
                }

                var form = await http.Request.ReadFormAsync(http.RequestAborted);
                return (await g.SubmitAsync(new FormValues(form, http.Request.Query), http.RequestAborted), null);
            }))
            .WithSummary("提交请求（须 api_key）；service_request_id 即查询码");
        v2.MapGet("/tokens/{token}.{format}", (string token, string format, HttpContext http) =>
            Respond(http, format, "service_requests", async g => (await g.TokenAsync(token, http.RequestAborted), null)))
            .WithSummary("按令牌查询请求编号");
        v2.MapGet("/requests.{format}", (string format, HttpContext http) =>
            Respond(http, format, "service_requests", async g =>
            {
                var (list, total) = await g.RequestsAsync(Query(http), http.RequestAborted);
                return (list, total);
            }))
            .WithSummary("请求列表（公开案件；默认最近 90 天，最多 1000 条；page、page_size 分页）");
        v2.MapGet("/requests/{id}.{format}", (string id, string format, HttpContext http) =>
            Respond(http, format, "service_requests", async g => (await g.RequestAsync(id, http.RequestAborted), null)))
            .WithSummary("单个请求");
        v2.MapGet("/servicerequestupdates.{format}", (string format, HttpContext http) =>
            Respond(http, format, "service_request_updates", async g =>
            {
                var (list, total) = await g.UpdatesAsync(Query(http), http.RequestAborted);
                return (list, total);
            }))
            .WithSummary("进展更新（扩展状态）");
        return root;
    }

    private static async Task<IResult> Respond(HttpContext http, string format, string rootName, Func<GeoReport, Task<(O311Node Node, int? Total)>> work)
    {
        var chosen = format.ToLowerInvariant() switch
        {
            "xml" => O311Format.Xml,
            "json" => O311Format.Json,
            _ => (O311Format?)null,
        };
        if (chosen is not { } fmt)
        {
            return Write(O311Format.Xml, "errors", Errors(400, $"不支持的格式“{format}”，请使用 .xml 或 .json。"), 400);
        }

        try
        {
            var (node, total) = await work(http.RequestServices.GetRequiredService<GeoReport>());
            if (total is { } count)
            {
                http.Response.Headers[TotalHeader] = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return Write(fmt, rootName, node, 200);
        }
        catch (ValidationFailedException invalid)
        {
            return Write(fmt, "errors", new O311List("error", [.. invalid.Errors.SelectMany(pair => pair.Value)
                .Select(message => (object?)O311Object.Of(("code", 400), ("description", message)))]), 400);
        }
        catch (FengqiaoException known)
        {
            var status = known.StatusCode is 403 or 404 ? known.StatusCode : 400;
            return Write(fmt, "errors", Errors(status, known.Message), status);
        }
    }

    private static O311List Errors(int code, string description) =>
        new("error", [O311Object.Of(("code", code), ("description", description))]);

    private static IResult Write(O311Format format, string rootName, O311Node node, int status) =>
        Results.Text(System.Text.Encoding.UTF8.GetString(O311Writer.Write(rootName, node, format)), O311Writer.ContentType(format), null, status);

    private static O311Object Discovery(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Open311Options>>().CurrentValue;
        // Behind a proxy the public address is configured; otherwise it is the address the client used.
        var url = string.IsNullOrWhiteSpace(options.BaseUrl)
            ? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/open311/v2"
            : options.BaseUrl.TrimEnd('/') + "/open311/v2";
        return O311Object.Of(
            ("changeset", Changeset),
            ("contact", options.Contact),
            ("key_service", options.KeyService),
            ("endpoints", new O311List("endpoint", [O311Object.Of(
                ("specification", "http://wiki.open311.org/GeoReport_v2"),
                ("url", url),
                ("changeset", Changeset),
                ("type", "production"),
                ("formats", new O311List("format", ["text/xml", "application/json"])))])));
    }

    private static RequestQuery Query(HttpContext http)
    {
        var q = http.Request.Query;
        return new RequestQuery(q["service_request_id"], q["service_code"], q["start_date"], q["end_date"], q["status"],
            Number(q, "page"), Number(q, "page_size"));
    }

    private static int? Number(IQueryCollection query, string name)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ValidationFailedException(name, $"{name} 须为正整数。");
    }

    /// <summary>The form, with the query string as a fallback (some clients send api_key there).</summary>
    private sealed class FormValues(IFormCollection form, IQueryCollection query) : IFormValues
    {
        public IEnumerable<(string Key, StringValues Values)> All => form.Select(pair => (pair.Key, pair.Value));

        public string? Get(string key) =>
            form.TryGetValue(key, out var value) && !StringValues.IsNullOrEmpty(value) ? value.ToString()
            : query.TryGetValue(key, out var fromQuery) && !StringValues.IsNullOrEmpty(fromQuery) ? fromQuery.ToString()
            : null;
    }
}

/// <summary>Texts of the discovery document (<c>Cases:Open311</c>).</summary>
public sealed class Open311Options
{
    public const string Section = "Cases:Open311";

    public string Contact { get; set; } = "如需帮助，请联系平台管理员。";

    /// <summary>The site's public address, e.g. https://fengqiao.example.gov.cn; empty uses the request's own.</summary>
    public string? BaseUrl { get; set; }

    public string KeyService { get; set; } = "接入密钥（api_key）由平台管理员创建：fengqiao cases api-client create --name <接入方>，或 POST /api/v1/cases/api-clients。";
}
