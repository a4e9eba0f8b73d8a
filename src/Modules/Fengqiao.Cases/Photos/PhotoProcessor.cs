using System.Security.Cryptography;
using Fengqiao.Kernel.Errors;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Fengqiao.Cases.Photos;

/// <summary>An image as it will be stored: re-encoded JPEG without any metadata, plus its thumbnail.</summary>
public sealed record ProcessedPhoto(
    byte[] Content, int Width, int Height, byte[] Thumbnail, int ThumbnailWidth, int ThumbnailHeight, string OriginalFormat, long OriginalSize, string Sha256);

/// <summary>
/// Makes an uploaded file safe to store and show. The type is decided by the file's magic bytes (never its name or
/// declared content type); only JPEG, PNG and WebP pass. The pixel size is read from the header with
/// <see cref="SKCodec"/> and checked before any pixel is decoded, so a decompression bomb is refused for the cost of
/// reading a header. The image is then decoded (JPEG at a reduced scale when possible), turned upright by its EXIF
/// orientation, scaled so that its long side fits, and re-encoded as JPEG: the output carries no EXIF, GPS, XMP,
/// ICC or comment segment, whatever the input held.
/// </summary>
public sealed class PhotoProcessor(IOptionsMonitor<PhotoOptions> options) : IDisposable
{
    public const string Field = "photos";

    private readonly SemaphoreSlim _decodes = new(Math.Max(1, options.CurrentValue.MaxConcurrentDecodes));

    public void Dispose() => _decodes.Dispose();

    /// <summary>Reads at most the configured byte limit from <paramref name="upload"/> and processes it.</summary>
    public async Task<ProcessedPhoto> ProcessAsync(Stream upload, string? fileName, CancellationToken ct)
    {
        var limits = options.CurrentValue;
        var bytes = await ReadLimitedAsync(upload, limits.MaxBytes, fileName, ct);
        await _decodes.WaitAsync(ct);
        try
        {
            return Process(bytes, fileName, limits);
        }
        finally
        {
            _decodes.Release();
        }
    }

    internal static ProcessedPhoto Process(byte[] bytes, string? fileName, PhotoOptions limits)
    {
        var name = string.IsNullOrWhiteSpace(fileName) ? "照片" : $"“{Path.GetFileName(fileName)}”";
        if (bytes.Length == 0)
        {
            throw Invalid($"{name}是空文件。");
        }

        if (bytes.Length > limits.MaxBytes)
        {
            throw TooLarge(name, limits.MaxBytes);
        }

        var format = Sniff(bytes) ?? throw Invalid(DescribeRefusal(bytes, name));
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data) ?? throw Invalid($"{name}已损坏，无法读取，请重新拍摄或选择其他照片。");
        if (!Matches(codec.EncodedFormat, format))
        {
            throw Invalid($"{name}的内容与其格式不符，请重新选择照片。");
        }

        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0)
        {
            throw Invalid($"{name}已损坏，无法读取，请重新拍摄或选择其他照片。");
        }

        // Checked from the header, before decoding: the decode below allocates width × height × 4 bytes.
        if ((long)info.Width * info.Height > limits.MaxPixels)
        {
            throw Invalid($"{name}的尺寸过大（{info.Width} × {info.Height} 像素），最多 {limits.MaxPixels / 1_000_000} 百万像素，请缩小后再上传。");
        }

        using var decoded = Decode(codec, limits.MaxLongSide, name);
        var origin = codec.EncodedOrigin;
        using var upright = Orient(decoded, origin, limits.MaxLongSide);
        var content = EncodeJpeg(upright, limits.Quality);
        var (tw, th) = Fit(upright.Width, upright.Height, limits.ThumbnailLongSide);
        using var thumbnail = Resize(upright, tw, th);
        var thumb = EncodeJpeg(thumbnail, 75);
        return new ProcessedPhoto(content, upright.Width, upright.Height, thumb, tw, th, format, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(content)));
    }

    /// <summary>JPEG, PNG or WebP by magic bytes; null for anything else.</summary>
    internal static string? Sniff(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        {
            return "jpeg";
        }

        if (b.Length >= 8 && b[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "png";
        }

        if (b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8))
        {
            return "webp";
        }

        return null;
    }

    private static string DescribeRefusal(ReadOnlySpan<byte> b, string name)
    {
        // ISO base media files (HEIC/HEIF from iPhones, AVIF) carry "ftyp" and a brand at offset 4.
        if (b.Length >= 12 && b[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = System.Text.Encoding.ASCII.GetString(b[8..12]);
            if (brand is "heic" or "heix" or "hevc" or "hevx" or "heim" or "heis" or "mif1" or "msf1")
            {
                return $"{name}是 HEIC 格式，暂不支持。请在手机相机设置中选择“兼容性最佳”（JPEG）后重新拍摄，或选择 JPEG 格式的照片。";
            }

            if (brand is "avif" or "avis")
            {
                return $"{name}是 AVIF 格式，暂不支持，请选择 JPEG、PNG 或 WebP 格式的照片。";
            }
        }

        if (b.Length >= 6 && (b[..6].SequenceEqual("GIF87a"u8) || b[..6].SequenceEqual("GIF89a"u8)))
        {
            return $"{name}是 GIF 动图，不支持，请选择 JPEG、PNG 或 WebP 格式的照片。";
        }

        return $"{name}不是照片（只接受 JPEG、PNG、WebP 格式的图片，按文件内容判断，与扩展名无关）。";
    }

    private static bool Matches(SKEncodedImageFormat decoded, string sniffed) => (decoded, sniffed) switch
    {
        (SKEncodedImageFormat.Jpeg, "jpeg") or (SKEncodedImageFormat.Png, "png") or (SKEncodedImageFormat.Webp, "webp") => true,
        _ => false,
    };

    private static SKBitmap Decode(SKCodec codec, int maxLongSide, string name)
    {
        var info = codec.Info;
        var longSide = Math.Max(info.Width, info.Height);
        var size = info.Size;

        // JPEG (and WebP) decoders can scale while decoding (1/2, 1/4, 1/8): far less memory for a 48 MP photo. Keep
        // the decoded size at least the stored size so that the final resize only ever shrinks.
        if (longSide > maxLongSide)
        {
            var scaled = codec.GetScaledDimensions((float)maxLongSide / longSide);
            if (Math.Max(scaled.Width, scaled.Height) >= maxLongSide && scaled.Width > 0 && scaled.Height > 0)
            {
                size = scaled;
            }
        }

        var target = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul, SKColorSpace.CreateSrgb());
        var bitmap = new SKBitmap(target);
        var result = codec.GetPixels(target, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            bitmap.Dispose();
            throw Invalid($"{name}已损坏，无法读取，请重新拍摄或选择其他照片。");
        }

        return bitmap;
    }

    /// <summary>Scales to fit <paramref name="maxLongSide"/> and applies the EXIF orientation, so that the stored image is upright.</summary>
    private static SKBitmap Orient(SKBitmap source, SKEncodedOrigin origin, int maxLongSide)
    {
        var (w, h) = Fit(source.Width, source.Height, maxLongSide);
        using var scaled = w == source.Width && h == source.Height ? null : Resize(source, w, h);
        var image = scaled ?? source;
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var width = swap ? h : w;
        var height = swap ? w : h;

        // Maps a point of the stored pixels to where it shows when the viewer honours the orientation tag.
        var matrix = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, width, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, width, 0, -1, height, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, height, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, width, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, width, -1, 0, height, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, height, 0, 0, 1),
            _ => SKMatrix.Identity,
        };

        var result = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul, SKColorSpace.CreateSrgb()));
        using var canvas = new SKCanvas(result);

        // Photos with transparency (PNG, WebP) get a white background: JPEG has no alpha.
        canvas.Clear(SKColors.White);
        canvas.SetMatrix(matrix);
        canvas.DrawBitmap(image, 0, 0);
        canvas.Flush();
        return result;
    }

    private static SKBitmap Resize(SKBitmap source, int width, int height) =>
        source.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul, SKColorSpace.CreateSrgb()), new SKSamplingOptions(SKCubicResampler.Mitchell))
        ?? throw new InvalidOperationException("照片缩放失败。");

    internal static (int Width, int Height) Fit(int width, int height, int maxLongSide)
    {
        var longSide = Math.Max(width, height);
        if (longSide <= maxLongSide)
        {
            return (width, height);
        }

        var scale = (double)maxLongSide / longSide;
        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    private static byte[] EncodeJpeg(SKBitmap bitmap, int quality)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var encoded = image.Encode(SKEncodedImageFormat.Jpeg, Math.Clamp(quality, 1, 100))
            ?? throw new InvalidOperationException("照片编码失败。");
        return encoded.ToArray();
    }

    private static async Task<byte[]> ReadLimitedAsync(Stream upload, long maxBytes, string? fileName, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await upload.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(string.IsNullOrWhiteSpace(fileName) ? "照片" : $"“{Path.GetFileName(fileName)}”", maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ValidationFailedException TooLarge(string name, long maxBytes) =>
        Invalid($"{name}太大，每张照片不能超过 {maxBytes / (1024.0 * 1024):0.#} MB。");

    private static ValidationFailedException Invalid(string message) => new(Field, message);
}
