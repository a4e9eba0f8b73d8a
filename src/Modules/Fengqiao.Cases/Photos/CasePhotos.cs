using System.Security.Cryptography;
using System.Text;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Intake;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fengqiao.Cases.Photos;

/// <summary>One uploaded file as the host received it.</summary>
public sealed record PhotoUpload(Func<Stream> Open, string? FileName);

/// <summary>A pending photo as the uploader is told of it: the id to send with the report or step.</summary>
public sealed record PendingPhoto(Guid Id, CasePhotoKind Kind, int Width, int Height, int Size, DateTimeOffset ExpiresAt);

/// <summary>The answer to an upload; <see cref="UploadToken"/> binds anonymous uploads to the report that uses them.</summary>
public sealed record PhotoUploadResult(string? UploadToken, IReadOnlyList<PendingPhoto> Photos);

/// <summary>A photo of a case, listed without its bytes; <see cref="ActionSequence"/> names its timeline entry.</summary>
public sealed record CasePhotoView(
    Guid Id, CasePhotoKind Kind, int? ActionSequence, int Width, int Height, int Size, DateTimeOffset UploadedAt, string UploaderName, string Url, string ThumbnailUrl);

/// <summary>The bytes to serve.</summary>
public sealed record PhotoContent(byte[] Bytes, string ContentType, string ETag);

/// <summary>
/// 案件照片: processes uploads (<see cref="PhotoProcessor"/>), keeps them pending until a report or step attaches them,
/// and serves them only to those who may see the case: staff whose jurisdiction covers it, and the reporter (by
/// tracking code) for the report and after photos. Photos are never on the public page.
/// </summary>
public sealed class CasePhotos(FengqiaoDbContext db, ICurrentActor actor, PhotoProcessor processor, IOptionsMonitor<PhotoOptions> options, TimeProvider time, IAuditTrail audit)
{
    public const string IdsField = "photoIds";

    /// <summary>Kinds a reporter sees on the tracking page.</summary>
    public static readonly CasePhotoKind[] ReporterKinds = [CasePhotoKind.Report, CasePhotoKind.After];

    public PhotoOptions Limits => options.CurrentValue;

    /// <summary>Processes every upload, refusing the lot if one is bad or there are too many: nothing is stored here.</summary>
    public async Task<IReadOnlyList<ProcessedPhoto>> ProcessAsync(IReadOnlyList<PhotoUpload> uploads, int alreadyAttached, CancellationToken ct)
    {
        var max = options.CurrentValue.MaxPerReport;
        if (uploads.Count + alreadyAttached > max)
        {
            throw new ValidationFailedException(PhotoProcessor.Field, $"最多上传 {max} 张照片（本次 {uploads.Count + alreadyAttached} 张）。");
        }

        var processed = new List<ProcessedPhoto>(uploads.Count);
        foreach (var upload in uploads)
        {
            await using var stream = upload.Open();
            processed.Add(await processor.ProcessAsync(stream, upload.FileName, ct));
        }

        return processed;
    }

    /// <summary>
    /// Stores uploads as pending photos of <paramref name="kind"/>, owned by the signed-in user or, for an anonymous
    /// reporter, by an upload token (the one given, or a new one returned once). Pending photos expire.
    /// </summary>
    public async Task<PhotoUploadResult> UploadAsync(IReadOnlyList<PhotoUpload> uploads, CasePhotoKind? kind, string? uploadToken, CancellationToken ct)
    {
        if (uploads.Count == 0)
        {
            throw new ValidationFailedException(PhotoProcessor.Field, "请选择要上传的照片。");
        }

        if (kind is { } k && !Enum.IsDefined(k))
        {
            throw new ValidationFailedException("kind", "照片类型须为 Report（上报）、Before（处置前）、After（处置后）或 Verification（核查）。");
        }

        string? newToken = null;
        if (actor.UserId is null)
        {
            if (kind is not (null or CasePhotoKind.Report))
            {
                throw new ForbiddenException("未登录时只能上传上报照片。");
            }

            if (uploadToken is null)
            {
                uploadToken = newToken = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            }
            else if (uploadToken.Length is < 16 or > 100)
            {
                throw new ValidationFailedException("uploadToken", "上传凭据无效。");
            }
        }

        var owner = OwnerKey(uploadToken);
        var now = time.GetUtcNow();
        var limits = options.CurrentValue;

        // Expired pending photos are deleted by the periodic sweep (PendingPhotoSweeper); until then they do not count.
        var pending = await db.Set<CasePhoto>().CountAsync(p => p.CaseId == null && p.OwnerKey == owner && p.ExpiresAt > now, ct);
        if (pending + uploads.Count > limits.MaxPerReport * 3)
        {
            throw new ConflictException($"待提交的照片过多（{pending} 张），请先提交上报，或等待 {limits.PendingLifetime.TotalHours:0} 小时后未使用的照片自动清除。");
        }

        var processed = await ProcessAsync(uploads, 0, ct);
        var photos = processed.Select(p => new CasePhoto(p, kind ?? CasePhotoKind.Report, owner, actor.UserId, UploaderName(), now, now + limits.PendingLifetime)).ToList();
        db.AddRange(photos);
        await db.SaveChangesAsync(ct);
        return new PhotoUploadResult(newToken, [.. photos.Select(p => new PendingPhoto(p.Id, p.Kind, p.Width, p.Height, p.Size, p.ExpiresAt!.Value))]);
    }

    /// <summary>
    /// Loads pending photos for attaching (tracked), refusing unknown, expired, foreign, already used or wrong-kind ids
    /// with one readable message. Nothing is changed until the caller's SaveChanges.
    /// </summary>
    public async Task<IReadOnlyList<CasePhoto>> ClaimAsync(IReadOnlyList<Guid>? ids, string? uploadToken, IReadOnlyCollection<CasePhotoKind> allowed, int alsoNew, CancellationToken ct)
    {
        if (ids is not { Count: > 0 })
        {
            return [];
        }

        var max = options.CurrentValue.MaxPerReport;
        if (ids.Distinct().Count() != ids.Count)
        {
            throw new ValidationFailedException(IdsField, "同一张照片不能提交两次。");
        }

        if (ids.Count + alsoNew > max)
        {
            throw new ValidationFailedException(IdsField, $"最多上传 {max} 张照片（本次 {ids.Count + alsoNew} 张）。");
        }

        var owner = OwnerKey(uploadToken);
        var now = time.GetUtcNow();
        var found = await db.Set<CasePhoto>().Where(p => ids.Contains(p.Id)).ToListAsync(ct);
        var usable = found.Where(p => p.CaseId == null && p.OwnerKey == owner && p.ExpiresAt > now).ToDictionary(p => p.Id);
        var missing = ids.Count(id => !usable.ContainsKey(id));
        if (missing > 0)
        {
            throw new ValidationFailedException(IdsField, $"有 {missing} 张照片不存在、已过期、已使用或不是您上传的，请重新上传。");
        }

        if (usable.Values.FirstOrDefault(p => !allowed.Contains(p.Kind)) is { } wrong)
        {
            throw new ValidationFailedException(IdsField, $"此步骤不能附“{KindName(wrong.Kind)}”照片，可附：{string.Join("、", allowed.Select(KindName))}。");
        }

        return [.. ids.Select(id => usable[id])];
    }

    /// <summary>New photos from a form post, owned by the current person, not yet attached.</summary>
    public IReadOnlyList<CasePhoto> Create(IReadOnlyList<ProcessedPhoto> processed, CasePhotoKind kind)
    {
        var now = time.GetUtcNow();
        var owner = OwnerKey(null);
        var photos = processed.Select(p => new CasePhoto(p, kind, owner, actor.UserId, UploaderName(), now, now + options.CurrentValue.PendingLifetime)).ToList();
        db.AddRange(photos);
        return photos;
    }

    /// <summary>Attaches photos to the case's timeline entry; committed with the step.</summary>
    public static void Attach(IEnumerable<CasePhoto> photos, Guid caseId, int actionSequence)
    {
        var position = 0;
        foreach (var photo in photos)
        {
            photo.Attach(caseId, actionSequence, position++);
        }
    }

    /// <summary>
    /// Photos of a case for staff who can see it (jurisdiction filter on the case); <paramref name="forPages"/> gives
    /// the URLs the web pages load with the sign-in cookie instead of the API's.
    /// </summary>
    public async Task<IReadOnlyList<CasePhotoView>> ListForStaffAsync(Guid caseId, CancellationToken ct, bool forPages = false)
    {
        if (!await StaffReachAsync(caseId, ct))
        {
            throw new NotFoundException("案件");
        }

        return await ListAsync(caseId, null, forPages ? $"{PhotosEndpoints.PagePhotoPath}{caseId}/" : $"/api/v1/cases/{caseId}/photos/", ct);
    }

    public async Task<PhotoContent> ReadForStaffAsync(Guid caseId, Guid photoId, bool thumbnail, CancellationToken ct)
    {
        if (!await StaffReachAsync(caseId, ct))
        {
            // Outside the jurisdiction looks the same as not existing; the attempt is logged when the photo exists.
            if (await db.Set<CasePhoto>().AnyAsync(p => p.Id == photoId && p.CaseId == caseId, ct))
            {
                await audit.RecordRefusalAsync("cases.photo", photoId.ToString(), AuditOutcome.Denied, "辖区外的案件照片", null, ct);
            }

            throw new NotFoundException("照片");
        }

        return await ContentAsync(caseId, photoId, thumbnail, null, ct);
    }

    /// <summary>
    /// Whether the caller reaches the case: in their jurisdiction, or through a unit it involves (协办), whose staff see
    /// the case page as well (Coordination.InvolvedCases).
    /// </summary>
    private async Task<bool> StaffReachAsync(Guid caseId, CancellationToken ct) =>
        await db.Set<Case>().AnyAsync(c => c.Id == caseId, ct)
        || await db.Set<Coordination.CaseInvolvedUnit>().AnyAsync(i => i.CaseId == caseId, ct);

    /// <summary>The reporter's view by tracking code: the report photos and the after photos.</summary>
    public async Task<IReadOnlyList<CasePhotoView>> ListForReporterAsync(string trackingCode, CancellationToken ct)
    {
        var (id, code) = await CaseByCodeAsync(trackingCode, ct);
        return await ListAsync(id, ReporterKinds, $"/api/v1/track/{code}/photos/", ct);
    }

    public async Task<PhotoContent> ReadForReporterAsync(string trackingCode, Guid photoId, bool thumbnail, CancellationToken ct)
    {
        var (id, _) = await CaseByCodeAsync(trackingCode, ct);
        return await ContentAsync(id, photoId, thumbnail, ReporterKinds, ct);
    }

    public static string KindName(CasePhotoKind kind) => kind switch
    {
        CasePhotoKind.Report => "上报",
        CasePhotoKind.Before => "处置前",
        CasePhotoKind.After => "处置后",
        CasePhotoKind.Verification => "核查",
        _ => kind.ToString(),
    };

    private async Task<IReadOnlyList<CasePhotoView>> ListAsync(Guid caseId, CasePhotoKind[]? kinds, string baseUrl, CancellationToken ct)
    {
        var query = db.Set<CasePhoto>().AsNoTracking().Where(p => p.CaseId == caseId);
        if (kinds is not null)
        {
            query = query.Where(p => kinds.Contains(p.Kind));
        }

        var rows = await query.OrderBy(p => p.ActionSequence).ThenBy(p => p.Position)
            .Select(p => new { p.Id, p.Kind, p.ActionSequence, p.Width, p.Height, p.Size, p.UploadedAt, p.UploaderName })
            .ToListAsync(ct);
        return [.. rows.Select(p => new CasePhotoView(p.Id, p.Kind, p.ActionSequence, p.Width, p.Height, p.Size, p.UploadedAt, p.UploaderName, baseUrl + p.Id, baseUrl + p.Id + "?thumb=true"))];
    }

    private async Task<PhotoContent> ContentAsync(Guid caseId, Guid photoId, bool thumbnail, CasePhotoKind[]? kinds, CancellationToken ct)
    {
        var query = db.Set<CasePhoto>().AsNoTracking().Where(p => p.Id == photoId && p.CaseId == caseId);
        if (kinds is not null)
        {
            query = query.Where(p => kinds.Contains(p.Kind));
        }

        var row = thumbnail
            ? await query.Select(p => new { Bytes = p.Thumbnail, p.ContentType, p.Sha256 }).SingleOrDefaultAsync(ct)
            : await query.Select(p => new { Bytes = p.Content, p.ContentType, p.Sha256 }).SingleOrDefaultAsync(ct);
        return row is null
            ? throw new NotFoundException("照片")
            : new PhotoContent(row.Bytes, row.ContentType, $"\"{row.Sha256[..32]}{(thumbnail ? "-t" : "")}\"");
    }

    private async Task<(Guid Id, string Code)> CaseByCodeAsync(string trackingCode, CancellationToken ct)
    {
        var code = TrackingCodes.Normalise(trackingCode) ?? throw new NotFoundException("该查询码对应的案件");

        // The tracking code is the reporter's secret: lift the jurisdiction filter on this single-entity read.
        var id = await db.Set<Case>().IgnoreQueryFilters().Where(c => c.TrackingCode == code).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(ct);
        return id is { } found ? (found, code) : throw new NotFoundException("该查询码对应的案件");
    }

    private string OwnerKey(string? uploadToken) => actor.UserId is { } user
        ? "user:" + user
        : "token:" + (uploadToken is null ? "none" : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(uploadToken))));

    private string UploaderName() => actor.UserId is null ? "上报人" : actor.Name;
}
