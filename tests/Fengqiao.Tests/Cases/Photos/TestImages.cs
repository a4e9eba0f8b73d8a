using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace Fengqiao.Tests.Cases.Photos;

/// <summary>Images made in the test: Skia-encoded JPEGs and PNGs, with EXIF segments or forged headers spliced in.</summary>
internal static class TestImages
{
    /// <summary>Text that ends up in the GPS IFD of <see cref="WithExif"/>; the output must not contain it.</summary>
    public const string GpsMarker = "FENGQIAO-GPS-TEST";

    /// <summary>A <paramref name="width"/> × <paramref name="height"/> JPEG: left half red, right half blue.</summary>
    public static byte[] Jpeg(int width = 200, int height = 100) => Encode(width, height, SKEncodedImageFormat.Jpeg);

    public static byte[] Png(int width = 16, int height = 16) => Encode(width, height, SKEncodedImageFormat.Png);

    /// <summary>
    /// Inserts an APP1 Exif segment right after SOI: IFD0 with the orientation tag and a GPS IFD pointer; the GPS IFD
    /// holds latitude/longitude of 宜兴 and a map datum string carrying <see cref="GpsMarker"/>.
    /// </summary>
    public static byte[] WithExif(byte[] jpeg, ushort orientation)
    {
        var tiff = new byte[200];
        var span = tiff.AsSpan();
        "II"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], 42);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], 8);

        // IFD0 at 8: two entries.
        var at = 8;
        BinaryPrimitives.WriteUInt16LittleEndian(span[at..], 2);
        Entry(span, at + 2, 0x0112, 3, 1, orientation);
        const int gpsIfd = 8 + 2 + (2 * 12) + 4;
        Entry(span, at + 14, 0x8825, 4, 1, gpsIfd);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 26)..], 0);

        // GPS IFD: five entries, then their data.
        const int data = gpsIfd + 2 + (5 * 12) + 4;
        var datum = Encoding.ASCII.GetBytes("WGS-84 " + GpsMarker + "\0");
        BinaryPrimitives.WriteUInt16LittleEndian(span[gpsIfd..], 5);
        Entry(span, gpsIfd + 2, 0x0001, 2, 2, 'N');
        Entry(span, gpsIfd + 14, 0x0002, 5, 3, data);
        Entry(span, gpsIfd + 26, 0x0003, 2, 2, 'E');
        Entry(span, gpsIfd + 38, 0x0004, 5, 3, data + 24);
        Entry(span, gpsIfd + 50, 0x0012, 2, (uint)datum.Length, data + 48);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(gpsIfd + 62)..], 0);
        uint[] rationals = [31, 1, 21, 1, 3456, 100, 119, 1, 49, 1, 1234, 100];
        for (var i = 0; i < rationals.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[(data + (i * 4))..], rationals[i]);
        }

        datum.CopyTo(span[(data + 48)..]);
        var tiffLength = data + 48 + datum.Length;

        var payload = "Exif\0\0"u8.ToArray().Concat(tiff[..tiffLength]).ToArray();
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(2 + payload.Length));
        payload.CopyTo(segment, 4);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    /// <summary>A real PNG whose IHDR claims <paramref name="width"/> × <paramref name="height"/> (CRC fixed): a decompression bomb's header.</summary>
    public static byte[] PngClaiming(int width, int height)
    {
        var png = Png();

        // Signature (8), length (4), "IHDR" (4), then width and height; the CRC covers type and data (17 bytes).
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png.AsSpan(12, 17)));
        return png;
    }

    /// <summary>The APP markers (0xE0–0xEF) and COM segments before the image data.</summary>
    public static IReadOnlyList<byte> MetadataMarkers(byte[] jpeg)
    {
        var markers = new List<byte>();
        var i = 2;
        while (i + 4 <= jpeg.Length && jpeg[i] == 0xFF)
        {
            var marker = jpeg[i + 1];
            if (marker == 0xDA)
            {
                break;
            }

            if (marker is (>= 0xE0 and <= 0xEF) or 0xFE)
            {
                markers.Add(marker);
            }

            i += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
        }

        return markers;
    }

    public static bool Contains(byte[] haystack, string ascii) => haystack.AsSpan().IndexOf(Encoding.ASCII.GetBytes(ascii)) >= 0;

    private static byte[] Encode(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var red = new SKPaint { Color = SKColors.Red };
            using var blue = new SKPaint { Color = SKColors.Blue };
            canvas.DrawRect(0, 0, width / 2f, height, red);
            canvas.DrawRect(width / 2f, 0, width - (width / 2f), height, blue);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var encoded = image.Encode(format, 90);
        return encoded.ToArray();
    }

    private static void Entry(Span<byte> span, int at, ushort tag, ushort type, uint count, uint value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(span[at..], tag);
        BinaryPrimitives.WriteUInt16LittleEndian(span[(at + 2)..], type);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 4)..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 8)..], value);
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
