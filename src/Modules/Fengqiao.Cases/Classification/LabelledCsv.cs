using System.Text;
using Fengqiao.Kernel.Errors;
using Sylvan.Data.Csv;

namespace Fengqiao.Cases.Classification;

/// <summary>A labelled CSV as read: its rows, the encoding found, and the header line's columns.</summary>
public sealed record LabelledFile(IReadOnlyList<LabelledExample> Examples, string EncodingName);

/// <summary>
/// Reads training and evaluation files with the columns <c>title,text,category</c> (found by header name, in any
/// order, other columns ignored; quoted fields may span lines). UTF-8 with or without a byte-order mark, UTF-16 with
/// one, and GBK/GB18030 as saved by Excel on a Chinese Windows are recognised: text that is not valid UTF-8 is read as
/// GB18030, a superset of GBK. Every bad row is reported; nothing is returned unless the whole file is good.
/// </summary>
public static class LabelledCsv
{
    public static readonly string[] RequiredColumns = ["title", "text", "category"];

    private const int MaxReportedErrors = 20;

    /// <summary>A record (all its fields) may be this long; Sylvan's default buffer would refuse long letters.</summary>
    private const int MaxRecordChars = 1 << 20;

    static LabelledCsv()
    {
        // GBK and GB18030 live in the code-pages provider on .NET.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static LabelledFile Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new ValidationFailedException("data", $"文件不存在：{Path.GetFullPath(path)}");
        }

        return Read(File.ReadAllBytes(path), Path.GetFileName(path));
    }

    public static LabelledFile Read(byte[] bytes, string name)
    {
        var (text, encoding) = Decode(bytes);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ValidationFailedException("data", $"{name}：文件是空的，应有表头 title,text,category 和至少一行数据。");
        }

        var errors = new List<string>();
        var examples = new List<LabelledExample>();
        try
        {
            using var reader = CsvDataReader.Create(new StringReader(text), new CsvDataReaderOptions { HasHeaders = true, Delimiter = ',', MaxBufferSize = MaxRecordChars });
            var columns = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetName(i).Trim().TrimStart('\uFEFF')).ToList();
            var ordinals = RequiredColumns.ToDictionary(c => c, c => columns.FindIndex(h => string.Equals(h, c, StringComparison.OrdinalIgnoreCase)));
            var missing = ordinals.Where(p => p.Value < 0).Select(p => p.Key).ToList();
            if (missing.Count > 0)
            {
                throw new ValidationFailedException("data",
                    $"{name}：缺少列 {string.Join("、", missing)}（表头应含 title,text,category；实际为 {string.Join(",", columns)}）。");
            }

            var needed = ordinals.Values.Max() + 1;
            var record = 0;
            while (reader.Read())
            {
                record++;
                if (reader.RowFieldCount == 1 && string.IsNullOrWhiteSpace(reader.GetString(0)))
                {
                    continue; // a blank line
                }

                if (reader.RowFieldCount < needed)
                {
                    errors.Add($"第 {record} 条记录：只有 {reader.RowFieldCount} 个字段，缺少 {string.Join("、", ordinals.Where(p => p.Value >= reader.RowFieldCount).Select(p => p.Key))}。");
                    continue;
                }

                var title = reader.GetString(ordinals["title"]).Trim();
                var body = reader.GetString(ordinals["text"]).Trim();
                var label = reader.GetString(ordinals["category"]).Trim();
                if (title.Length == 0 && body.Length == 0)
                {
                    errors.Add($"第 {record} 条记录：标题和正文都是空的。");
                }
                else if (label.Length == 0)
                {
                    errors.Add($"第 {record} 条记录（{Shorten(title.Length > 0 ? title : body)}）：类别 category 为空。");
                }
                else
                {
                    examples.Add(new LabelledExample(title, body, label));
                }
            }
        }
        catch (CsvRecordTooLargeException)
        {
            errors.Add($"有一条记录超过 {MaxRecordChars:N0} 个字符（可能是引号未闭合）。");
        }
        catch (CsvFormatException format)
        {
            errors.Add($"CSV 格式错误（第 {format.RowNumber} 行附近）：{(format.Message.Contains("quote", StringComparison.OrdinalIgnoreCase) ? "引号未闭合" : format.Message)}。");
        }

        if (errors.Count > 0)
        {
            var shown = errors.Take(MaxReportedErrors).Select(e => $"{name}：{e}").ToList();
            if (errors.Count > MaxReportedErrors)
            {
                shown.Add($"…… 另有 {errors.Count - MaxReportedErrors} 处错误。");
            }

            throw new ValidationFailedException(new Dictionary<string, string[]> { ["data"] = [.. shown] });
        }

        if (examples.Count == 0)
        {
            throw new ValidationFailedException("data", $"{name}：只有表头，没有数据行。");
        }

        return new LabelledFile(examples, encoding);
    }

    /// <summary>The text and the name of the encoding it was read with.</summary>
    public static (string Text, string Encoding) Decode(byte[] bytes)
    {
        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (Strict(new UTF8Encoding(false, true), bytes, 3), "UTF-8");
        }

        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2), "UTF-16LE");
        }

        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2), "UTF-16BE");
        }

        try
        {
            return (new UTF8Encoding(false, true).GetString(bytes), "UTF-8");
        }
        catch (DecoderFallbackException)
        {
            // Not UTF-8: what Chinese Windows and Excel save by default.
            return (Strict(Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback), bytes, 0), "GBK/GB18030");
        }
    }

    private static string Strict(Encoding encoding, byte[] bytes, int offset)
    {
        try
        {
            return encoding.GetString(bytes, offset, bytes.Length - offset);
        }
        catch (DecoderFallbackException)
        {
            throw new ValidationFailedException("data", "文件编码无法识别：既不是 UTF-8，也不是 GBK/GB18030。请另存为 UTF-8。");
        }
    }

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "…";
}
