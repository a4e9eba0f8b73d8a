using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Fengqiao.Kernel.Privacy;

/// <summary>
/// The default, masked forms of personal data (PIPL: show the minimum). Pure functions; a value that does not look
/// like what it should be is masked entirely rather than shown.
/// </summary>
public static partial class Masking
{
    private const char Star = '*';

    /// <summary>Surnames of two characters, so that 欧阳修 masks as 欧阳** and not 欧**.</summary>
    private static readonly string[] CompoundSurnames = ["欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "尉迟", "长孙"];

    /// <summary>18 characters: the first 4 and the last 4 kept, e.g. 3201**********123X.</summary>
    public static string IdentityNumber(string? value)
    {
        var text = (value ?? "").Trim().ToUpperInvariant();
        if (text.Length <= 8)
        {
            return new string(Star, text.Length);
        }

        return text[..4] + new string(Star, text.Length - 8) + text[^4..];
    }

    /// <summary>
    /// A mobile keeps the first 3 and last 4 digits (138****5678); a fixed line keeps its area code and the last 2
    /// digits (0510-******21). Anything else keeps only its last 2 characters.
    /// </summary>
    public static string Phone(string? value)
    {
        var text = (value ?? "").Trim();
        if (ChinesePhoneNumber.TryParse(text, out var number, out _))
        {
            text = number.Value;
            if (number.IsMobile)
            {
                return text[..3] + "****" + text[^4..];
            }

            var dash = text.IndexOf('-', StringComparison.Ordinal);
            return text[..(dash + 1)] + new string(Star, text.Length - dash - 3) + text[^2..];
        }

        return text.Length <= 2 ? new string(Star, text.Length) : new string(Star, text.Length - 2) + text[^2..];
    }

    /// <summary>
    /// The surname and two asterisks whatever the length of the given name, so the length is not revealed either:
    /// 王小明 → 王**, 王明 → 王**, 欧阳修 → 欧阳**. A single character is shown as *.
    /// </summary>
    public static string PersonName(string? value)
    {
        var text = (value ?? "").Trim();
        var elements = StringInfo.GetTextElementEnumerator(text);
        var first = new List<string>();
        while (elements.MoveNext())
        {
            first.Add(elements.GetTextElement());
        }

        if (first.Count == 0)
        {
            return "";
        }

        if (first.Count == 1)
        {
            return Star.ToString();
        }

        var compound = CompoundSurnames.FirstOrDefault(s => text.StartsWith(s, StringComparison.Ordinal) && first.Count > 2);
        return (compound ?? first[0]) + "**";
    }

    /// <summary>
    /// Keeps the address down to the street, road, lane or compound (…路 / 街 / 巷 / 弄 / 里 / 村 / 小区 / 苑 …) and
    /// replaces every digit after it with *, so 宜兴市宜城街道人民南路 88 号 3 幢 2 单元 501 室 becomes
    /// 宜兴市宜城街道人民南路**号*幢*单元***室: which building and room cannot be read, the neighbourhood can.
    /// </summary>
    public static string Address(string? value)
    {
        var text = (value ?? "").Trim();
        if (text.Length == 0)
        {
            return "";
        }

        var keep = 0;
        foreach (Match match in StreetLevel().Matches(text))
        {
            keep = match.Index + match.Length;
        }

        var result = new StringBuilder(text.Length);
        result.Append(text, 0, keep);
        foreach (var c in text.AsSpan(keep))
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            result.Append(char.IsDigit(c) || IsChineseNumeral(c) || char.IsAsciiLetter(c) ? Star : c);
        }

        return result.ToString();
    }

    private static bool IsChineseNumeral(char c) => "〇零一二三四五六七八九十百".Contains(c, StringComparison.Ordinal);

    /// <summary>The last street-level word ends what is kept; digits before it are part of a road name (e.g. 312 国道) and stay.</summary>
    [GeneratedRegex("(大道|路|街(?!道)|巷|弄|胡同|里|小区|花园|新村|公寓|苑|园|庄|村|组|社区|城)")]
    private static partial Regex StreetLevel();
}
