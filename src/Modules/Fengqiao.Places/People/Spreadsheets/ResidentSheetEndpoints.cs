using Fengqiao.Kernel.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fengqiao.Places.People.Spreadsheets;

/// <summary>The resident sheet over HTTP: template, import (multipart) and export, within the people API group.</summary>
internal static class ResidentSheetEndpoints
{
    /// <summary>Room for the multipart envelope around the file itself.</summary>
    private const long MultipartOverhead = 64 * 1024;

    public static void MapResidentSheets(this RouteGroupBuilder places)
    {
        var maxBytes = places.ServiceProvider().GetRequiredService<IOptions<PlacesOptions>>().Value.MaxResidentImportBytes;

        places.MapGet("/residents/template", (string? format, ExportResidents export) => File(export.TemplateFile(format)))
            .RequireAuthorization(policy => policy.RequireRole(PeopleRoles.Manage))
            .WithSummary("实有人口导入模板（format=xlsx|csv；xlsx 含“填写说明”工作表，CSV 为带 BOM 的 UTF-8）");

        places.MapPost("/residents/import", ImportAsync)
            .RequireAuthorization(policy => policy.RequireRole(PeopleRoles.Manage))
            .WithMetadata(new RequestSizeLimit(maxBytes + MultipartOverhead))
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("导入实有人口（multipart 表单字段 file：.xlsx 或 .csv，UTF-8 或 GBK）。dryRun=true 只校验并返回报告；validOnly=true 只导入无误的行。默认全部校验通过才写入：有误时返回 400 和逐行、逐列的问题报告，且不写入任何数据");

        places.MapGet("/residents/export", async (string? unit, string? format, bool? unmasked, string? purpose, ExportResidents export, CancellationToken ct) =>
                File(await export.ExportAsync(new ResidentExportRequest(unit, format, unmasked ?? false, purpose), null, ct)))
            .RequireAuthorization(policy => policy.RequireRole(PeopleRoles.Read))
            .WithSummary("导出辖区内某单位（网格、社区、街道）的实有人口（format=xlsx|csv）。默认脱敏；unmasked=true 须有查看权限并以 purpose 说明用途，记入审计日志。单元格一律为文本，公式字符已转义");
    }

    private static async Task<IResult> ImportAsync(
        HttpRequest request, bool? dryRun, bool? validOnly, ImportResidents import, IOptions<PlacesOptions> options, CancellationToken cancellationToken)
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

        var form = await request.ReadFormAsync(cancellationToken);
        var file = form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null);
        if (file is null || file.Length == 0)
        {
            throw new Kernel.Errors.ValidationFailedException("file", "请选择要导入的 .xlsx 或 .csv 文件（表单字段 file）。");
        }

        var limit = options.Value.MaxResidentImportBytes;
        if (file.Length > limit)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "文件过大",
                detail: $"文件有 {file.Length / 1024.0 / 1024.0:F1} MB，一次最多导入 {limit / 1024.0 / 1024.0:F0} MB；请分成几个文件导入。",
                type: "urn:fengqiao:problem:payload-too-large",
                extensions: new Dictionary<string, object?> { ["code"] = "payload-too-large" });
        }

        await using var stream = file.OpenReadStream();
        var report = await import.ImportAsync(stream, new ResidentImportRequest(file.FileName, dryRun ?? false, validOnly ?? false), null, cancellationToken);
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
            type: "urn:fengqiao:problem:resident-import-invalid",
            extensions: new Dictionary<string, object?>
            {
                ["code"] = "resident-import-invalid",
                ["errors"] = errors,
                ["report"] = report,
            });
    }

    private static IResult File(ResidentExportFile file) => Results.File(file.Content, file.MediaType, file.FileName);

    private static IServiceProvider ServiceProvider(this IEndpointRouteBuilder builder) => builder.ServiceProvider;

    private sealed class RequestSizeLimit(long bytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => bytes;
    }
}
