namespace Fengqiao.Cases.Photos;

/// <summary>Limits and sizes for case photos (section <c>Cases:Photos</c>).</summary>
public sealed class PhotoOptions
{
    public const string Section = "Cases:Photos";

    /// <summary>Largest upload accepted, in bytes (phones write 3–8 MB JPEGs).</summary>
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// Largest image accepted, in pixels, read from the file header before anything is decoded: a few kilobytes of PNG
    /// can claim 100,000 × 100,000 pixels (a decompression bomb). 50 MP covers today's phone cameras.
    /// </summary>
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>The long side of the stored image; larger photos are scaled down.</summary>
    public int MaxLongSide { get; set; } = 2048;

    /// <summary>The long side of the thumbnail shown on timelines and lists.</summary>
    public int ThumbnailLongSide { get; set; } = 320;

    /// <summary>JPEG quality of the stored image (1–100).</summary>
    public int Quality { get; set; } = 82;

    /// <summary>Photos per report or per step (the issue says up to 9).</summary>
    public int MaxPerReport { get; set; } = 9;

    /// <summary>How long an uploaded photo waits to be attached to a report or step before it is discarded.</summary>
    public TimeSpan PendingLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Images decoded at once on one node; each decode may take a few hundred MB at the pixel limit.</summary>
    public int MaxConcurrentDecodes { get; set; } = 2;

    /// <summary>How often each node deletes expired pending photos (<see cref="PendingPhotoSweeper"/>).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);
}
