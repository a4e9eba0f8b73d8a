using System.Net.Http.Headers;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Fengqiao.Places.Grids;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fengqiao.Places.Boundaries;

internal static class BoundaryEndpoints
{
    private const string GeoJsonMediaType = "application/geo+json";

    public static void MapBoundaryApi(this IEndpointRouteBuilder api)
    {
        var places = api.MapGroup("/places").WithTags("网格 Places").RequireAuthorization(Policies.ApiPolicy);
        var maxBytes = api.ServiceProvider.GetRequiredService<IOptions<PlacesOptions>>().Value.MaxImportBytes;

        places.MapPost("/boundaries/import", ImportAsync)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Administrator, Roles.StreetOfficer))
            .WithMetadata(new RequestSizeLimit(maxBytes))
            .Accepts<object>(GeoJsonMediaType, "application/json")
            .WithSummary("导入街道或社区边界（GeoJSON FeatureCollection，要素以 properties.code 指明单位；level=community|street；crs=wgs84|gcj02）；文件有误时返回 400 和逐要素的问题报告，且不写入任何数据");

        places.MapGet("/boundaries.geojson", ExportAsync)
            .RequireAuthorization(policy => policy.RequireRole([.. Roles.Staff]))
            .WithSummary("辖区内的街道或社区边界（GeoJSON；level=community|street；crs=gcj02 输出火星坐标）");
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, string? level, string? crs, BoundaryGeoJsonImport import, IAuditTrail audit, IOptions<PlacesOptions> options, CancellationToken cancellationToken)
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

        var unitLevel = BoundaryGeoJsonExport.ParseLevel(level) ?? throw new ValidationFailedException("level", $"层级“{level}”应为 community 或 street。");
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
        var report = await import.ImportAsync(body, new BoundaryImportRequest(unitLevel, crs), cancellationToken);
        if (report.Imported)
        {
            return Results.Ok(report);
        }

        var errors = report.Problems
            .GroupBy(p => p.Index is { } i ? $"features[{i}]" : "file")
            .ToDictionary(g => g.Key, g => g.Select(p => p.ToString()).ToArray());
        var detail = $"边界文件有 {report.Problems.Count} 处问题，未写入任何数据。";
        await audit.RecordRefusalAsync(BoundaryGeoJsonImport.AuditAction, "boundaries", AuditOutcome.Failed, detail, cancellationToken: CancellationToken.None);
        return Results.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "边界文件有误",
            detail: detail,
            type: "urn:fengqiao:problem:boundary-import-invalid",
            extensions: new Dictionary<string, object?>
            {
                ["code"] = "boundary-import-invalid",
                ["errors"] = errors,
                ["report"] = report,
            });
    }

    private static async Task ExportAsync(HttpContext context, string? level, string? crs, BoundaryGeoJsonExport export, CancellationToken cancellationToken)
    {
        var unitLevel = BoundaryGeoJsonExport.ParseLevel(level) ?? throw new ValidationFailedException("level", $"层级“{level}”应为 community 或 street。");
        var gcj02 = (crs ?? "wgs84").Trim().ToUpperInvariant().Replace("-", "", StringComparison.Ordinal) switch
        {
            "WGS84" or "EPSG:4326" => false,
            "GCJ02" => true,
            _ => throw new ValidationFailedException("crs", $"不支持的坐标系“{crs}”，应为 wgs84 或 gcj02。"),
        };
        var collection = await export.ExportAsync(unitLevel, gcj02, cancellationToken);
        context.Response.ContentType = GeoJsonMediaType + "; charset=utf-8";
        await GridGeoJsonExport.WriteAsync(context.Response.Body, collection, cancellationToken);
    }

    private sealed class RequestSizeLimit(long bytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => bytes;
    }
}
