namespace Fengqiao.Cases.Photos;

/// <summary>What a photo shows, which decides who sees it: reporters see their own and the after photos.</summary>
public enum CasePhotoKind
{
    /// <summary>上报照片: taken by the reporter (or the grid worker patrolling).</summary>
    Report = 0,

    /// <summary>处置前: the scene before disposal.</summary>
    Before = 1,

    /// <summary>处置后: the result of disposal; shown to the reporter.</summary>
    After = 2,

    /// <summary>核查: taken on site by the verifier.</summary>
    Verification = 3,
}

/// <summary>
/// 照片: one re-encoded image (never the original upload) with its thumbnail, stored in the database so that every web
/// node serves it and backups hold it (ADR 0012). A photo is uploaded pending (no case yet, owned by the uploader or an
/// anonymous upload token, expiring) or stored directly with a report; once attached it belongs to a case and to the
/// timeline entry of the step that brought it.
/// </summary>
public sealed class CasePhoto
{
    public const int MaxOwnerLength = 80;

    private CasePhoto()
    {
        OwnerKey = UploaderName = ContentType = OriginalFormat = Sha256 = "";
        Content = Thumbnail = [];
    }

    internal CasePhoto(ProcessedPhoto image, CasePhotoKind kind, string ownerKey, Guid? uploadedBy, string uploaderName, DateTimeOffset now, DateTimeOffset? expiresAt)
    {
        // Random (v4), not time-ordered: the id of a pending anonymous photo must not be guessable.
        Id = Guid.NewGuid();
        Kind = kind;
        OwnerKey = ownerKey;
        UploadedByUserId = uploadedBy;
        UploaderName = uploaderName;
        UploadedAt = now;
        ExpiresAt = expiresAt;
        ContentType = "image/jpeg";
        Content = image.Content;
        Width = image.Width;
        Height = image.Height;
        Size = image.Content.Length;
        Thumbnail = image.Thumbnail;
        OriginalFormat = image.OriginalFormat;
        OriginalSize = image.OriginalSize;
        Sha256 = image.Sha256;
    }

    public Guid Id { get; private set; }

    /// <summary>The case, once attached; null while pending.</summary>
    public Guid? CaseId { get; private set; }

    /// <summary>The timeline entry (流转记录 sequence) of the step that attached the photo.</summary>
    public int? ActionSequence { get; private set; }

    /// <summary>Order within its timeline entry.</summary>
    public int Position { get; private set; }

    public CasePhotoKind Kind { get; private set; }

    /// <summary>Who may attach the pending photo: <c>user:{id}</c> or <c>token:{sha256 of the upload token}</c>.</summary>
    public string OwnerKey { get; private set; }

    public Guid? UploadedByUserId { get; private set; }

    public string UploaderName { get; private set; }

    public DateTimeOffset UploadedAt { get; private set; }

    /// <summary>When a pending photo is discarded; null once attached.</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    public string ContentType { get; private set; }

    public byte[] Content { get; private set; }

    public int Width { get; private set; }

    public int Height { get; private set; }

    /// <summary>Bytes stored (the re-encoded JPEG).</summary>
    public int Size { get; private set; }

    public byte[] Thumbnail { get; private set; }

    /// <summary>jpeg, png or webp, as sniffed from the upload.</summary>
    public string OriginalFormat { get; private set; }

    public long OriginalSize { get; private set; }

    /// <summary>SHA-256 of <see cref="Content"/>, lower-case hex; an ETag and an integrity check for backups.</summary>
    public string Sha256 { get; private set; }

    public bool IsPending => CaseId is null;

    internal void Attach(Guid caseId, int actionSequence, int position)
    {
        CaseId = caseId;
        ActionSequence = actionSequence;
        Position = position;
        ExpiresAt = null;
    }
}
