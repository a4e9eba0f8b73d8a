using Fengqiao.Mediation.Agreements;
using Microsoft.Extensions.Options;

namespace Fengqiao.Tests.Mediation;

/// <summary>The 人民调解协议书 renderer: long Chinese text wraps over several A4 pages with every obligation kept; a missing font is a clear error.</summary>
public sealed class AgreementPdfTests
{
    [Fact]
    public async Task A_long_agreement_runs_over_several_pages_and_keeps_every_obligation_and_the_signature_places()
    {
        var facts = string.Concat(Enumerable.Repeat("申请人与被申请人系同村村民，双方因宅基地界址、排水沟走向及院墙高度多次发生争执，村民小组长多次协调未果。", 30));
        var obligations = Enumerable.Range(1, 24)
            .Select(i => new AgreementDocumentObligation(i, "蒋国华", $"第{i}段院墙后退复原", "自行拆除并由村委会现场验收", new DateOnly(2027, 1, i), i % 3 == 0 ? 500m * i : null))
            .ToList();
        var document = new AgreementDocument(
            "调协2026112600099", "宜城街道茶东社区人民调解委员会", "调2026112600099",
            [new("申请人", "沈玉芬", false, "320282196505120026"), new("被申请人", "蒋国华", false, null), new("第三人", "宜兴市茶东物业服务有限公司", true, null)],
            facts, "宅基地界址及院墙拆除。", "被申请人越界建墙，应承担主要责任；申请人未及时提出异议，承担次要责任。", obligations, ["孙明德", "唐美玲"], new DateOnly(2026, 11, 26));

        var pdf = new AgreementPdf(Options.Create(new AgreementOptions())).Render(document);

        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, pdf);
            var info = await AgreementApiTests.RunAsync("pdfinfo", file);
            var pages = int.Parse(info.Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal))[6..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(pages >= 3, $"expected several pages, got {pages}");
            Assert.Contains("(A4)", info, StringComparison.Ordinal);
            var text = AgreementApiTests.Normalise(await AgreementApiTests.RunAsync("pdftotext", "-enc", "UTF-8", file, "-"));
            Assert.Contains("第24段院墙后退复原", text, StringComparison.Ordinal);
            Assert.Contains("12,000.00", text, StringComparison.Ordinal);
            Assert.Contains("宜兴市茶东物业服务有限公司", text, StringComparison.Ordinal);
            Assert.Contains("320282196505120026", text, StringComparison.Ordinal);
            Assert.Contains("人民调解员（签名）", text, StringComparison.Ordinal);
            Assert.Contains("人民调解委员会（印章）", text, StringComparison.Ordinal);
            // The long facts arrive whole: wrapping lost no character.
            // Read without whitespace and page footers (第 N 页), which fall between the lines of a paragraph split over pages.
            var body = System.Text.RegularExpressions.Regex.Replace(System.Text.RegularExpressions.Regex.Replace(text, @"\s+", ""), @"第\d+页", "");
            Assert.True(CountOf(body, "村民小组长多次协调未果") == 30, body);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_missing_font_is_a_clear_error_naming_the_path_and_the_setting()
    {
        var renderer = new AgreementPdf(Options.Create(new AgreementOptions { FontPath = "/usr/share/fonts/none/missing.ttc" }));
        var document = new AgreementDocument("调协1", "委员会", "调1", [], "事实", "事项", "责任", [], [], null);

        var error = Assert.Throws<AgreementFontMissingException>(() => renderer.Render(document));

        Assert.Contains("/usr/share/fonts/none/missing.ttc", error.Message, StringComparison.Ordinal);
        Assert.Contains("Mediation:Agreements:FontPath", error.Message, StringComparison.Ordinal);
        Assert.Equal(503, error.StatusCode);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
