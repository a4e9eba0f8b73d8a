using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.RegularExpressions;
using Fengqiao.Kernel.Errors;

namespace Fengqiao.Kernel.Privacy;

public enum PhoneKind
{
    /// <summary>手机: 11 digits starting 13–19.</summary>
    Mobile = 1,

    /// <summary>固定电话 with its area code, e.g. 0510-87654321.</summary>
    FixedLine = 2,
}

/// <summary>
/// A mainland mobile (13812345678) or fixed-line number with area code (0510-87654321), normalised so that the same
/// number typed in different ways compares, masks and blind-indexes the same: spaces, dashes, brackets and a +86 / 86
/// / 0086 prefix are removed from mobiles; a fixed line is written area-code, dash, subscriber number.
/// </summary>
public sealed partial class ChinesePhoneNumber : IEquatable<ChinesePhoneNumber>
{
    public const string Field = "phone";

    private ChinesePhoneNumber(PhoneKind kind, string value)
    {
        Kind = kind;
        Value = value;
    }

    public PhoneKind Kind { get; }

    /// <summary>Normalised: 13812345678 or 0510-87654321.</summary>
    public string Value { get; }

    public bool IsMobile => Kind == PhoneKind.Mobile;

    public static ChinesePhoneNumber Parse(string? text) =>
        TryParse(text, out var number, out var error) ? number : throw new ValidationFailedException(Field, error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out ChinesePhoneNumber? number, [NotNullWhen(false)] out string? error)
    {
        number = null;
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0)
        {
            error = "请填写电话号码。";
            return false;
        }

        var digits = Compact(trimmed);
        if (digits is null)
        {
            error = $"电话号码“{trimmed}”含有数字、空格、短横线、括号和开头的 + 以外的字符。";
            return false;
        }

        var mobile = StripCountryCode(digits);
        if (Mobile().IsMatch(mobile))
        {
            number = new ChinesePhoneNumber(PhoneKind.Mobile, mobile);
            error = null;
            return true;
        }

        if (FixedLine(trimmed) is { } fixedLine)
        {
            number = new ChinesePhoneNumber(PhoneKind.FixedLine, fixedLine);
            error = null;
            return true;
        }

        error = mobile.StartsWith('1')
            ? $"手机号码“{trimmed}”无效：应为 11 位，以 13–19 开头。"
            : $"电话号码“{trimmed}”无效：应为 11 位手机号，或带区号的固定电话（如 0510-87654321）。";
        return false;
    }

    /// <summary>Parses a mobile number only (a fixed line is refused).</summary>
    public static ChinesePhoneNumber ParseMobile(string? text)
    {
        var number = Parse(text);
        return number.IsMobile ? number : throw new ValidationFailedException(Field, $"“{text?.Trim()}”不是手机号码：应为 11 位，以 13–19 开头。");
    }

    public bool Equals(ChinesePhoneNumber? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as ChinesePhoneNumber);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>The masked form (138****5678); the full number is <see cref="Value"/>.</summary>
    public override string ToString() => Masking.Phone(Value);

    /// <summary>Digits only (a leading + kept), or null when anything else than separators is present.</summary>
    private static string? Compact(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                builder.Append(c);
            }
            else if (c == '+' && builder.Length == 0)
            {
                builder.Append(c);
            }
            else if (c is not (' ' or '-' or '(' or ')' or '（' or '）' or '\u3000'))
            {
                return null;
            }
        }

        return builder.ToString();
    }

    private static string StripCountryCode(string digits)
    {
        foreach (var prefix in new[] { "+86", "0086", "86" })
        {
            if (digits.StartsWith(prefix, StringComparison.Ordinal) && digits.Length == prefix.Length + 11)
            {
                return digits[prefix.Length..];
            }
        }

        return digits.TrimStart('+');
    }

    /// <summary>
    /// An area code of 3 digits (010, 020–029) or 4 digits (0xxx) and a 7–8 digit subscriber number. Written with a
    /// separator the split is taken as given; run together, 01x/02x are 3-digit codes and the rest 4-digit.
    /// </summary>
    private static string? FixedLine(string text)
    {
        var separated = SeparatedFixedLine().Match(text);
        if (separated.Success)
        {
            var area = separated.Groups["area"].Value;
            var subscriber = separated.Groups["subscriber"].Value;
            return AreaCodeFits(area) ? $"{area}-{subscriber}" : null;
        }

        var digits = Compact(text)?.TrimStart('+');
        if (digits is null || !digits.StartsWith('0'))
        {
            return null;
        }

        var areaLength = digits[1] is '1' or '2' ? 3 : 4;
        var rest = digits.Length - areaLength;
        return rest is 7 or 8 ? $"{digits[..areaLength]}-{digits[areaLength..]}" : null;
    }

    private static bool AreaCodeFits(string area) => area.Length == 3 ? area[1] is '1' or '2' : area[1] is not ('0' or '1' or '2');

    [GeneratedRegex("^1[3-9][0-9]{9}$")]
    private static partial Regex Mobile();

    [GeneratedRegex(@"^[(（]?(?<area>0[0-9]{2,3})[)）]?[\s\-]+(?<subscriber>[1-9][0-9]{6,7})$")]
    private static partial Regex SeparatedFixedLine();
}
