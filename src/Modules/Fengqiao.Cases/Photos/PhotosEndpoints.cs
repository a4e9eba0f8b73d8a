using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Fengqiao.Cases.Photos;

/// <summary>
/// Photo upload and serving. Uploads are multipart (field <c>photos</c>, one or more files) and answer pending ids that
/// a report or step names in <c>photoIds</c>. Reads check access to the case: staff by jurisdiction, reporters by
/// tracking code (report and after photos only).
/// </summary>
internal static class PhotosEndpoints
{
    public static void MapCasePhotos(this IEndpointRouteBuilder api, string apiPolicy)
    {
        var open = api.MapGroup("").WithTags("事件·公众 Cases (public)");
        open.MapPost("/reports/photos", async (HttpRequest http, CasePhotos photos, CancellationToken ct) =>
            {
                var (uploads, form) = await ReadUploadsAsync(http, photos, ct);
                var token = form["uploadToken"].FirstOrDefault() ?? http.Headers["X-Upload-Token"].FirstOrDefault();
                return TypedResults.Ok(await photos.UploadAsync(uploads, CasePhotoKind.Report, token, ct));
            })
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(UploadLimit))
            .WithSummary("上报照片上传（multipart，字段 photos，可多张；JPEG/PNG/WebP，重新编码并去除 EXIF/GPS）；返回照片 id 和 uploadToken，上报时填 photoIds 和 uploadToken");
        open.MapGet("/track/{code}/photos", async (string code, CasePhotos photos, CancellationToken ct) => TypedResults.Ok(await photos.ListForReporterAsync(code, ct)))
            .AllowAnonymous().WithSummary("按查询码查看上报照片和处置后照片");
        open.MapGet("/track/{code}/photos/{photoId:guid}", async (string code, Guid photoId, bool? thumb, CasePhotos photos, HttpContext http, CancellationToken ct) =>
                Serve(http, await photos.ReadForReporterAsync(code, photoId, thumb == true, ct)))
            .AllowAnonymous().WithSummary("照片原图或缩略图（thumb=true）");

        var upload = api.MapGroup("/cases").WithTags("事件 Cases")
            .RequireAuthorization(apiPolicy)
            .RequireAuthorization(policy => policy.RequireRole([.. Roles.Staff, Roles.Informant]));
        upload.MapPost("/photos", async (HttpRequest http, CasePhotos photos, CancellationToken ct) =>
            {
                var (uploads, form) = await ReadUploadsAsync(http, photos, ct);
                CasePhotoKind? kind = null;
                if (form["kind"].FirstOrDefault() is { Length: > 0 } text)
                {
                    kind = Enum.TryParse<CasePhotoKind>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                        ? parsed
                        : throw new ValidationFailedException("kind", "照片类型须为 Report（上报）、Before（处置前）、After（处置后）或 Verification（核查）。");
                }

                return TypedResults.Ok(await photos.UploadAsync(uploads, kind, null, ct));
            })
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(UploadLimit))
            .WithSummary("工作人员上传照片（multipart，字段 photos，kind：Report 上报、Before 处置前、After 处置后、Verification 核查）；返回照片 id，供上报或处置、核查时填 photoIds");

        var read = api.MapGroup("/cases").WithTags("事件 Cases")
            .RequireAuthorization(apiPolicy)
            .RequireAuthorization(policy => policy.RequireRole([.. Roles.Staff]));
        read.MapGet("/{id:guid}/photos", async (Guid id, CasePhotos photos, CancellationToken ct) => TypedResults.Ok(await photos.ListForStaffAsync(id, ct)))
            .WithSummary("案件照片（含所属时间线条目 actionSequence）");
        read.MapGet("/{id:guid}/photos/{photoId:guid}", async (Guid id, Guid photoId, bool? thumb, CasePhotos photos, HttpContext http, CancellationToken ct) =>
                Serve(http, await photos.ReadForStaffAsync(id, photoId, thumb == true, ct)))
            .WithSummary("照片原图或缩略图（thumb=true）；辖区外 404");
    }

    /// <summary>
    /// The same photos for the web pages' <c>&lt;img&gt;</c>, under the signed-in cookie (the API path authenticates by
    /// bearer token only). GET only, so no cross-site write is possible.
    /// </summary>
    public static void MapCasePhotoPages(this IEndpointRouteBuilder app) =>
        app.MapGet(PagePhotoPath + "{id:guid}/{photoId:guid}", async (Guid id, Guid photoId, bool? thumb, CasePhotos photos, HttpContext http, CancellationToken ct) =>
                Serve(http, await photos.ReadForStaffAsync(id, photoId, thumb == true, ct)))
            .RequireAuthorization(policy => policy.RequireRole([.. Roles.Staff]))
            .ExcludeFromDescription();

    public const string PagePhotoPath = "/case-photos/";

    /// <summary>Nine photos at the byte limit, plus the form's other fields.</summary>
    private const long UploadLimit = 100L * 1024 * 1024;

    private static async Task<(IReadOnlyList<PhotoUpload> Uploads, IFormCollection Form)> ReadUploadsAsync(HttpRequest http, CasePhotos photos, CancellationToken ct)
    {
        if (!http.HasFormContentType)
        {
            throw new ValidationFailedException(PhotoProcessor.Field, "请以 multipart/form-data 上传照片，文件字段名为 photos。");
        }

        // The host caps bodies and forms at Api:MaxRequestBodyBytes (1 MB); photo uploads get their own, larger limit.
        var max = photos.Limits.MaxPerReport;
        var limit = Math.Min(UploadLimit, (photos.Limits.MaxBytes * max) + (1024 * 1024));
        http.HttpContext.Features.Set<IFormFeature>(new FormFeature(http, new FormOptions { MultipartBodyLengthLimit = limit }));
        IFormCollection form;
        try
        {
            form = await http.ReadFormAsync(ct);
        }
        catch (InvalidDataException)
        {
            throw new ValidationFailedException(PhotoProcessor.Field, $"照片总大小超过 {limit / (1024 * 1024)} MB，请分批上传。");
        }

        var files = form.Files.GetFiles("photos");
        if (files.Count == 0)
        {
            files = form.Files;
        }

        if (files.Count > max)
        {
            throw new ValidationFailedException(PhotoProcessor.Field, $"最多上传 {max} 张照片（本次 {files.Count} 张）。");
        }

        return ([.. files.Select(f => new PhotoUpload(f.OpenReadStream, f.FileName))], form);
    }

    private static IResult Serve(HttpContext http, PhotoContent photo)
    {
        // Photos show faces and homes: never in a shared cache. They never change, so the browser may keep them.
        http.Response.Headers.CacheControl = "private, max-age=86400";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.File(photo.Bytes, photo.ContentType, entityTag: new EntityTagHeaderValue(photo.ETag));
    }
}
