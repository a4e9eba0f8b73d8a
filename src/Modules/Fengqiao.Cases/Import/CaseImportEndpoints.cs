using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fengqiao.Cases.Import;

/// <summary>CSV batch intake over HTTP: the template and the import (multipart), for hotline and community staff.</summary>
internal static class CaseImportEndpoints
{
    /// <summary>Room for the multipart envelope around the file itself.</summary>
    private const long MultipartOverhead = 64 * 1024;

    public static void MapCaseImport(this IEndpointRouteBuilder api, string apiPolicy)
    {
        var maxBytes = api.ServiceProvider.GetRequiredService<IOptions<CaseImportOptions>>().Value.MaxBytes;
        var group = api.MapGroup("/cases/import").WithTags("事件·批量导入 Case import")
            .RequireAuthorization(apiPolicy)
            .RequireAuthorization(policy => policy.RequireRole([.. ImportCases.ImportRoles]));

        group.MapGet("/template", () => Results.File(ImportCases.Template(), "text/csv; charset=utf-8", "事件导入模板.csv"))
            .WithSummary("事件批量导入模板（带 BOM 的 UTF-8 CSV，含一行示例）");

        group.MapPost("/", ImportAsync)
            .WithMetadata(new RequestSizeLimit(maxBytes + MultipartOverhead))
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("批量导入事件（multipart 表单字段 file：CSV，UTF-8 或 GBK）。每行经过与上报相同的定位、分类、查重和派遣。dryRun=true 试导入并返回报告，不保存；validOnly=true 只导入无误的行。默认全部无误才写入：有误时返回 400 和逐行、逐列的问题报告，且不写入任何数据。同一外部编号重复导入不会重复建案");
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, bool? dryRun, bool? validOnly, ImportCases import, IOptions<CaseImportOptions> options, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "不支持的内容类型",
                detail: "请以 multipart/form-data 上传文件（表单字段 file）。",
                type: "urn:fengqiao:problem:unsupported-media-type",
                extensions: new Dictionary<string, object?> { ["code"] = "unsupported-media-type" });
        }

        var form = await request.ReadFormAsync(ct);
        var file = form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null);
        if (file is null || file.Length == 0)
        {
            throw new Kernel.Errors.ValidationFailedException("file", "请选择要导入的 .csv 文件（表单字段 file）。");
        }

        var limit = options.Value.MaxBytes;
        if (file.Length > limit)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "文件过大",
                detail: $"文件有 {file.Length / 1024.0 / 1024.0:0.##} MB，一次最多导入 {limit / 1024.0 / 1024.0:0.##} MB；请分成几个文件导入。未写入任何数据。",
                type: "urn:fengqiao:problem:payload-too-large",
                extensions: new Dictionary<string, object?> { ["code"] = "payload-too-large" });
        }

        await using var stream = file.OpenReadStream();
        var report = await import.ImportAsync(stream, new CaseImportRequest(file.FileName, dryRun ?? false, validOnly ?? false), null, ct);
        if (report.DryRun || report.Imported || report.IsValid)
        {
            return Results.Ok(report);
        }

        var errors = report.Problems
            .GroupBy(p => p.Row is { } row ? $"rows[{row}]" : "file")
            .ToDictionary(g => g.Key, g => g.Select(p => p.ToString()).ToArray());
        return Results.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "导入文件有误",
            detail: report.HasFileProblem
                ? $"文件无法导入：{report.Problems.First(p => p.Row is null).Message} 未写入任何数据。"
                : $"{report.Rows} 行中有 {report.InvalidRows} 行有误（共 {report.Problems.Count} 处），未写入任何数据。",
            type: "urn:fengqiao:problem:case-import-invalid",
            extensions: new Dictionary<string, object?>
            {
                ["code"] = "case-import-invalid",
                ["errors"] = errors,
                ["report"] = report,
            });
    }

    private sealed class RequestSizeLimit(long bytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => bytes;
    }
}
