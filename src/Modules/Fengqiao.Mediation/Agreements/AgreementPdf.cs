using System.Globalization;
using Fengqiao.Kernel.Errors;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Fengqiao.Mediation.Agreements;

internal sealed record AgreementDocumentParty(string Role, string Name, bool IsOrganisation, string? IdentityNumber);

internal sealed record AgreementDocumentObligation(int Sequence, string Party, string Content, string Manner, DateOnly? DueOn, decimal? Amount);

/// <summary>What goes on the 人民调解协议书, with the parties' names in clear (revealed for it).</summary>
internal sealed record AgreementDocument(
    string Number, string CommitteeName, string CaseNumber, IReadOnlyList<AgreementDocumentParty> Parties, string Facts, string DisputedMatters,
    string Responsibilities, IReadOnlyList<AgreementDocumentObligation> Obligations, IReadOnlyList<string> Mediators, DateOnly? IssuedOn);

/// <summary>The font the PDF needs is not where the settings say.</summary>
public sealed class AgreementFontMissingException(string path) : FengqiaoException(
    $"找不到生成调解协议书所需的中文字体“{path}”。请安装 fonts-wqy-microhei，或在配置 {AgreementOptions.Section}:FontPath 中指定含中文字形的 .ttf/.ttc 字体。")
{
    public override int StatusCode => 503;

    public override string Code => "agreement-font-missing";
}

/// <summary>
/// Renders the 人民调解协议书 as an A4 PDF with SkiaSharp, which reads the .ttc collections Debian installs and embeds the
/// subset of the CJK face used (PDFsharp cannot read .ttc; see stack-recipes). Chinese has no spaces: lines break between
/// any two characters, except that closing punctuation never starts a line.
/// </summary>
public sealed class AgreementPdf(IOptions<AgreementOptions> options)
{
    private const float PageWidth = 595.28f;
    private const float PageHeight = 841.89f;
    private const float Margin = 64f;
    private const float ContentWidth = PageWidth - (2 * Margin);
    private const string NoLineStart = "，。、；：？！）》」』”’%．,.;:?!)";

    private readonly Lock _gate = new();
    private SKTypeface? _typeface;

    internal byte[] Render(AgreementDocument document)
    {
        var typeface = Typeface();
        using var stream = new MemoryStream();
        var metadata = SKDocumentPdfMetadata.Default;
        metadata.Title = $"人民调解协议书 {document.Number}";
        metadata.Creator = "Fengqiao";
        using (var pdf = SKDocument.CreatePdf(stream, metadata))
        {
            using var writer = new PageWriter(pdf, typeface);
            Write(writer, document);
            writer.Finish();
            pdf.Close();
        }

        return stream.ToArray();
    }

    /// <summary>Loads the configured face once; a missing or unreadable font is a clear error, not a PDF of empty boxes.</summary>
    private SKTypeface Typeface()
    {
        lock (_gate)
        {
            if (_typeface is not null)
            {
                return _typeface;
            }

            var path = options.Value.FontPath;
            if (!File.Exists(path))
            {
                throw new AgreementFontMissingException(path);
            }

            var typeface = SKTypeface.FromFile(path, options.Value.FontIndex) ?? throw new AgreementFontMissingException(path);
            if (typeface.GetGlyph('调') == 0)
            {
                typeface.Dispose();
                throw new AgreementFontMissingException(path);
            }

            return _typeface = typeface;
        }
    }

    private static void Write(PageWriter w, AgreementDocument d)
    {
        w.Centered("人民调解协议书", 22f, 40f);
        w.Right($"编号：{d.Number}", 10.5f);
        w.Gap(6f);

        w.Heading("当事人");
        foreach (var p in d.Parties)
        {
            var identity = p.IdentityNumber is null ? "" : $"，公民身份号码：{p.IdentityNumber}";
            w.Paragraph($"{p.Role}：{p.Name}{(p.IsOrganisation ? "（法人或其他组织）" : "")}{identity}");
        }

        w.Gap(4f);
        w.Paragraph($"上列当事人之间的纠纷，经{d.CommitteeName}（案件编号 {d.CaseNumber}）主持调解，当事人自愿达成如下协议。");
        w.Heading("一、纠纷的主要事实");
        w.Paragraph(d.Facts, indent: true);
        w.Heading("二、争议事项");
        w.Paragraph(d.DisputedMatters, indent: true);
        w.Heading("三、各方当事人的责任");
        w.Paragraph(d.Responsibilities, indent: true);
        w.Heading("四、协议内容及履行方式、期限");
        w.Table(
            ["序号", "义务人", "履行内容", "履行方式", "履行期限", "金额（元）"],
            [0.07f, 0.15f, 0.34f, 0.18f, 0.13f, 0.13f],
            [.. d.Obligations.Select(o => new[]
            {
                o.Sequence.ToString(CultureInfo.InvariantCulture), o.Party, o.Content, o.Manner,
                o.DueOn is { } due ? due.ToString("yyyy年M月d日前", CultureInfo.InvariantCulture) : "",
                o.Amount is { } amount ? amount.ToString("N2", CultureInfo.InvariantCulture) : "",
            })]);
        w.Heading("五、其他约定");
        w.Paragraph("1. 本协议经人民调解委员会调解达成，具有法律约束力，当事人应当按照约定履行（《中华人民共和国人民调解法》第三十一条）。人民调解委员会对调解协议的履行情况进行监督，督促当事人履行约定的义务。", indent: true);
        w.Paragraph("2. 当事人认为有必要的，可以自本协议生效之日起三十日内共同向人民法院申请司法确认（《人民调解法》第三十三条）。", indent: true);
        w.Paragraph("3. 当事人之间就调解协议的履行或者调解协议的内容发生争议的，一方当事人可以向人民法院提起诉讼（《人民调解法》第三十二条）。", indent: true);
        w.Paragraph($"4. 本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。本协议一式 {d.Parties.Count + 1} 份，当事人各执一份，人民调解委员会留存一份。", indent: true);

        // The places for signatures stay together on one page: the signing block must not be split from its parties.
        var rows = d.Parties.Count + 3;
        w.KeepTogether(rows * 34f + 30f);
        w.Heading("签署");
        foreach (var p in d.Parties)
        {
            w.SignatureLine($"{p.Role}（签名或盖章）：", $"{p.Name}", "捺印：");
        }

        w.SignatureLine("人民调解员（签名）：", string.Join("、", d.Mediators), null);
        w.SignatureLine("人民调解委员会（印章）：", d.CommitteeName, null);
        w.Right("        年      月      日", 12f);
    }

    /// <summary>Lays text out top to bottom over as many A4 pages as needed.</summary>
    private sealed class PageWriter : IDisposable
    {
        private readonly SKDocument _pdf;
        private readonly SKTypeface _typeface;
        private readonly SKPaint _ink = new() { Color = SKColors.Black, IsAntialias = true };
        private readonly SKPaint _rule = new() { Color = SKColors.Black, IsAntialias = true, StrokeWidth = 0.6f, Style = SKPaintStyle.Stroke };
        private readonly SKPaint _hint = new() { Color = new SKColor(0x80, 0x80, 0x80), IsAntialias = true };
        private SKCanvas? _canvas;
        private float _y;
        private int _page;

        public PageWriter(SKDocument pdf, SKTypeface typeface)
        {
            _pdf = pdf;
            _typeface = typeface;
            NewPage();
        }

        private SKCanvas Canvas => _canvas!;

        public void Centered(string text, float size, float after)
        {
            using var font = Font(size);
            Need(size * 1.6f);
            _y += size;
            Canvas.DrawText(text, PageWidth / 2, _y, SKTextAlign.Center, font, _ink);
            _y += after - size + (size * 0.6f);
        }

        public void Right(string text, float size)
        {
            using var font = Font(size);
            Need(size * 1.8f);
            _y += size;
            Canvas.DrawText(text, PageWidth - Margin, _y, SKTextAlign.Right, font, _ink);
            _y += size * 0.8f;
        }

        public void Heading(string text)
        {
            using var font = Font(13f);
            font.Embolden = true;
            Need(13f * 3.2f); // a heading never ends a page alone
            _y += 13f * 1.6f;
            Canvas.DrawText(text, Margin, _y, SKTextAlign.Left, font, _ink);
            _y += 13f * 0.6f;
        }

        public void Paragraph(string text, bool indent = false, float size = 12f)
        {
            using var font = Font(size);
            var lineHeight = size * 1.7f;
            foreach (var line in Wrap(font, (indent ? "\u3000\u3000" : "") + text, ContentWidth))
            {
                Need(lineHeight);
                _y += lineHeight;
                Canvas.DrawText(line, Margin, _y - (size * 0.45f), SKTextAlign.Left, font, _ink);
            }
        }

        public void Gap(float height) => _y += height;

        public void KeepTogether(float height)
        {
            if (_y + height > PageHeight - Margin && height < PageHeight - (2 * Margin))
            {
                NewPage();
            }
        }

        public void SignatureLine(string label, string who, string? fingerprint)
        {
            using var font = Font(12f);
            using var small = Font(9f);
            Need(34f);
            _y += 26f;
            Canvas.DrawText(label, Margin, _y, SKTextAlign.Left, font, _ink);
            var start = Margin + font.MeasureText(label) + 4f;
            var end = fingerprint is null ? PageWidth - Margin : Margin + (ContentWidth * 0.68f);
            Canvas.DrawLine(start, _y + 3f, end, _y + 3f, _rule);
            Canvas.DrawText(who, start + 2f, _y + 12f, SKTextAlign.Left, small, _hint);
            if (fingerprint is not null)
            {
                var x = end + 12f;
                Canvas.DrawText(fingerprint, x, _y, SKTextAlign.Left, font, _ink);
                var box = x + font.MeasureText(fingerprint) + 4f;
                Canvas.DrawRect(box, _y - 18f, 30f, 26f, _rule);
            }

            _y += 8f;
        }

        public void Table(string[] headers, float[] widths, IReadOnlyList<string[]> rows)
        {
            using var font = Font(10.5f);
            var lineHeight = 10.5f * 1.55f;
            const float padding = 4f;
            var columns = widths.Select(w => w * ContentWidth).ToArray();

            float RowHeight(string[] cells) =>
                cells.Select((c, i) => Wrap(font, c, columns[i] - (2 * padding)).Count).Max() * lineHeight + (2 * padding);

            void DrawRow(string[] cells)
            {
                var height = RowHeight(cells);
                var x = Margin;
                for (var i = 0; i < cells.Length; i++)
                {
                    Canvas.DrawRect(x, _y, columns[i], height, _rule);
                    var lineY = _y + padding;
                    foreach (var line in Wrap(font, cells[i], columns[i] - (2 * padding)))
                    {
                        lineY += lineHeight;
                        Canvas.DrawText(line, x + padding, lineY - (10.5f * 0.45f), SKTextAlign.Left, font, _ink);
                    }

                    x += columns[i];
                }

                _y += height;
            }

            _y += 6f;
            Need(RowHeight(headers) + (rows.Count > 0 ? RowHeight(rows[0]) : 0));
            DrawRow(headers);
            foreach (var row in rows)
            {
                // A row taller than the space left starts a new page, with the header repeated above it.
                if (_y + RowHeight(row) > PageHeight - Margin)
                {
                    NewPage();
                    DrawRow(headers);
                }

                DrawRow(row);
            }
        }

        public void Finish()
        {
            Footer();
            _pdf.EndPage();
            _canvas = null;
        }

        public void Dispose()
        {
            _ink.Dispose();
            _rule.Dispose();
            _hint.Dispose();
        }

        /// <summary>Breaks text into lines no wider than <paramref name="width"/>, keeping explicit line breaks.</summary>
        internal static List<string> Wrap(SKFont font, string text, float width)
        {
            var lines = new List<string>();
            foreach (var paragraph in (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
            {
                var line = new System.Text.StringBuilder();
                var elements = StringInfo.GetTextElementEnumerator(paragraph);
                while (elements.MoveNext())
                {
                    var element = elements.GetTextElement();
                    if (line.Length > 0 && font.MeasureText(line + element) > width && !NoLineStart.Contains(element, StringComparison.Ordinal))
                    {
                        lines.Add(line.ToString());
                        line.Clear();
                    }

                    line.Append(element);
                }

                lines.Add(line.ToString());
            }

            return lines;
        }

        private SKFont Font(float size) => new(_typeface, size) { Subpixel = true };

        private void Need(float height)
        {
            if (_y + height > PageHeight - Margin)
            {
                NewPage();
            }
        }

        private void NewPage()
        {
            if (_canvas is not null)
            {
                Footer();
                _pdf.EndPage();
            }

            _canvas = _pdf.BeginPage(PageWidth, PageHeight);
            _page++;
            _y = Margin;
        }

        private void Footer()
        {
            using var font = Font(9f);
            Canvas.DrawText($"第 {_page} 页", PageWidth / 2, PageHeight - (Margin / 2), SKTextAlign.Center, font, _hint);
        }
    }
}
