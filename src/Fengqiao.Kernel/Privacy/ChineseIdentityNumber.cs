using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Time;

namespace Fengqiao.Kernel.Privacy;

/// <summary>
/// 居民身份证号码 (GB 11643-1999): 6-digit region code, birth date YYYYMMDD, 3-digit sequence (odd for men) and a
/// check character by ISO 7064 MOD 11-2. Always held normalised: 18 characters, a final x written as X.
/// </summary>
public sealed class ChineseIdentityNumber : IEquatable<ChineseIdentityNumber>
{
    public const int Length = 18;

    /// <summary>The field name used in validation errors.</summary>
    public const string Field = "identityNumber";

    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    private const string CheckCharacters = "10X98765432";

    /// <summary>Province-level codes of GB/T 2260 (the first two digits), including 71 台湾, 81 香港, 82 澳门.</summary>
    private static readonly HashSet<string> ProvinceCodes =
    [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43",
        "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82",
    ];

    private ChineseIdentityNumber(string value, DateOnly birthDate)
    {
        Value = value;
        BirthDate = birthDate;
    }

    /// <summary>The normalised number, e.g. 32028219850315123X.</summary>
    public string Value { get; }

    /// <summary>行政区划代码 of the place of first registration, e.g. 320282.</summary>
    public string RegionCode => Value[..6];

    public DateOnly BirthDate { get; }

    /// <summary>Odd sequence (17th digit) is male, even is female.</summary>
    public Gender Gender => (Value[16] - '0') % 2 == 1 ? Gender.Male : Gender.Female;

    /// <summary>Parses against today's date in China; throws <see cref="ValidationFailedException"/> naming what is wrong.</summary>
    public static ChineseIdentityNumber Parse(string? text) => Parse(text, Today());

    public static ChineseIdentityNumber Parse(string? text, DateOnly today) =>
        TryParse(text, today, out var number, out var error) ? number : throw new ValidationFailedException(Field, error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out ChineseIdentityNumber? number, [NotNullWhen(false)] out string? error) =>
        TryParse(text, Today(), out number, out error);

    public static bool TryParse(
        string? text, DateOnly today, [NotNullWhen(true)] out ChineseIdentityNumber? number, [NotNullWhen(false)] out string? error)
    {
        number = null;
        var value = (text ?? "").Trim().ToUpperInvariant();
        if (value.Length == 0)
        {
            error = "请填写身份证号码。";
            return false;
        }

        if (value.Length != Length)
        {
            error = $"身份证号码应为 18 位，实际为 {value.Length} 位。";
            return false;
        }

        if (!value[..17].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(value[17]) || value[17] == 'X'))
        {
            error = "身份证号码前 17 位应为数字，最后一位为数字或 X。";
            return false;
        }

        if (!ProvinceCodes.Contains(value[..2]))
        {
            error = $"身份证号码的地区码“{value[..6]}”无效：前两位“{value[..2]}”不是省级行政区代码。";
            return false;
        }

        if (!DateOnly.TryParseExact(value[6..14], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birthDate))
        {
            error = $"身份证号码中的出生日期“{value[6..14]}”不是有效日期。";
            return false;
        }

        if (birthDate.Year < 1900)
        {
            error = $"身份证号码中的出生日期“{value[6..14]}”早于 1900 年。";
            return false;
        }

        if (birthDate > today)
        {
            error = $"身份证号码中的出生日期“{value[6..14]}”晚于今天。";
            return false;
        }

        var expected = CheckCharacter(value.AsSpan(0, 17));
        if (value[17] != expected)
        {
            error = $"身份证号码校验位不符：最后一位应为“{expected}”，实际为“{value[17]}”，请核对是否输错。";
            return false;
        }

        number = new ChineseIdentityNumber(value, birthDate);
        error = null;
        return true;
    }

    /// <summary>The check character of the first 17 digits by ISO 7064 MOD 11-2.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("Exactly 17 digits are needed.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }

    public bool Equals(ChineseIdentityNumber? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as ChineseIdentityNumber);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>The masked form (3202**********123X); the full number is <see cref="Value"/>.</summary>
    public override string ToString() => Masking.IdentityNumber(Value);

    private static DateOnly Today() => DateOnly.FromDateTime(ChinaTime.ToLocal(DateTimeOffset.UtcNow).DateTime);
}

public enum Gender
{
    Male = 1,
    Female = 2,
}
