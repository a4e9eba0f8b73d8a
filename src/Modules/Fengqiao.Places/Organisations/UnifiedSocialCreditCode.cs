using System.Diagnostics.CodeAnalysis;

namespace Fengqiao.Places.Organisations;

/// <summary>
/// 统一社会信用代码 (GB 32100-2015): 18 characters from 0-9 and A-Z without I, O, S, V, Z; the last is a check
/// character computed modulo 31 over the first 17.
/// </summary>
public static class UnifiedSocialCreditCode
{
    public const int Length = 18;

    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>The check character for the first 17 characters, or null when they are not 17 valid characters.</summary>
    public static char? CheckCharacter(string first17)
    {
        if (first17 is null || first17.Length != Length - 1)
        {
            return null;
        }

        var sum = 0;
        for (var i = 0; i < first17.Length; i++)
        {
            var value = Alphabet.IndexOf(first17[i], StringComparison.Ordinal);
            if (value < 0)
            {
                return null;
            }

            sum += value * Weights[i];
        }

        var check = 31 - (sum % 31);
        return Alphabet[check == 31 ? 0 : check];
    }

    /// <summary>Normalises (trims, upper-cases) and validates a code; the error is written for people.</summary>
    public static bool TryNormalise(string? text, [NotNullWhen(true)] out string? code, [NotNullWhen(false)] out string? error)
    {
        code = null;
        var value = (text ?? "").Trim().ToUpperInvariant();
        if (value.Length != Length)
        {
            error = $"统一社会信用代码“{value}”应为 18 位，实际为 {value.Length} 位。";
            return false;
        }

        var bad = value.FirstOrDefault(c => !Alphabet.Contains(c, StringComparison.Ordinal));
        if (bad != default)
        {
            error = $"统一社会信用代码“{value}”含有无效字符“{bad}”（只能是数字和除 I、O、S、V、Z 以外的大写字母）。";
            return false;
        }

        var expected = CheckCharacter(value[..(Length - 1)]);
        if (expected != value[^1])
        {
            error = $"统一社会信用代码“{value}”的校验位不正确（应为 {expected}）。";
            return false;
        }

        code = value;
        error = null;
        return true;
    }

    public static bool IsValid(string? text) => TryNormalise(text, out _, out _);
}
