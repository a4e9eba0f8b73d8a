using System.Net.Http.Headers;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fengqiao.Places.Grids;

internal static class GridEndpoints
{
    private const string GeoJsonMediaType = "application/geo+json";

    public static void MapGridApi(this IEndpointRouteBuilder api)
    {
        var places = api.MapGroup("/places").WithTags("网格 Places").RequireAuthorization(Policies.ApiPolicy);
        var maxBytes = api.ServiceProvider.GetRequiredService<IOptions<PlacesOptions>>().Value.MaxImportBytes;

        places.MapPost("/grids/import", ImportAsync)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Administrator, Roles.StreetOfficer))
            .WithMetadata(new RequestSizeLimit(maxBytes))
            .Accepts<object>(GeoJsonMediaType, "application/json")
            .WithSummary("导入网格边界（GeoJSON FeatureCollection；crs=wgs84|gcj02；validOnly=true 时只导入有效要素；community 为未注明社区的要素所属社区；codeFormat 为本次的编码规则）；文件有误时返回 400 和逐要素的问题报告，且不写入任何数据；dryRun=true 时只校验：返回 200 和同样的报告（含将新增、重绘、跳过的网格），不写入任何数据");

        places.MapGet("/grids.geojson", ExportAsync)
            .RequireAuthorization(policy => policy.RequireRole([.. Roles.Staff]))
            .WithSummary("辖区内的网格边界（GeoJSON；community 限定社区；crs=gcj02 输出火星坐标）");
    }

    private static async Task<IResult> ImportAsync(
        HttpRequest request, string? crs, bool? validOnly, bool? dryRun, string? community, string? codeFormat, GridGeoJsonImport import, IAuditTrail audit, IOptions<PlacesOptions> options, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || contentType.MediaType is not (GeoJsonMediaType or "application/json"))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "不支持的内容类型",
                detail: "请以 application/geo+json 或 application/json 提交 GeoJSON。",
                type: "urn:fengqiao:problem:unsupported-media-type",
                extensions: new Dictionary<string, object?> { ["code"] = "unsupported-media-type" });
        }

        // The size limit is enforced on the declared length by the host; a chunked body is counted here.
        var limit = options.Value.MaxImportBytes;
        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > limit)
            {
                throw new BadHttpRequestException("请求内容超过了允许的大小。", StatusCodes.Status413PayloadTooLarge);
            }

            body.Write(buffer, 0, read);
        }

        body.Position = 0;
        var report = await import.ImportAsync(body, new GridImportRequest(crs, validOnly ?? false, dryRun ?? false, community, codeFormat), cancellationToken);
        if (report.Imported || report.IsValid || report.DryRun)
        {
            return Results.Ok(report);
        }

        var errors = report.Problems
            .GroupBy(p => p.Index is { } i ? $"features[{i}]" : "file")
            .ToDictionary(g => g.Key, g => g.Select(p => p.ToString()).ToArray());
        var detail = $"网格文件有 {report.Problems.Count} 处问题，未写入任何数据。";
        await audit.RecordRefusalAsync(GridGeoJsonImport.AuditAction, "grids", AuditOutcome.Failed, detail, cancellationToken: CancellationToken.None);
        return Results.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "网格文件有误",
            detail: detail,
            type: "urn:fengqiao:problem:grid-import-invalid",
            extensions: new Dictionary<string, object?>
            {
                ["code"] = "grid-import-invalid",
                ["errors"] = errors,
                ["report"] = report,
            });
    }

    private static async Task ExportAsync(HttpContext context, string? community, string? crs, GridGeoJsonExport export, CancellationToken cancellationToken)
    {
        var gcj02 = (crs ?? "wgs84").Trim().ToUpperInvariant().Replace("-", "", StringComparison.Ordinal) switch
        {
            "WGS84" or "EPSG:4326" => false,
            "GCJ02" => true,
            _ => throw new Kernel.Errors.ValidationFailedException("crs", $"不支持的坐标系“{crs}”，应为 wgs84 或 gcj02。"),
        };
        var collection = await export.ExportAsync(community, gcj02, cancellationToken);
        context.Response.ContentType = GeoJsonMediaType + "; charset=utf-8";
        await GridGeoJsonExport.WriteAsync(context.Response.Body, collection, cancellationToken);
    }

    private sealed class RequestSizeLimit(long bytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => bytes;
    }
}
