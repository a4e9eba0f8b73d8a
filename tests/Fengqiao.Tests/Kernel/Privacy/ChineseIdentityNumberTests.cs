using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Privacy;

namespace Fengqiao.Tests.Kernel.Privacy;

/// <summary>居民身份证号码 (GB 11643-1999): region, birth date, sequence and the ISO 7064 MOD 11-2 check character.</summary>
public class ChineseIdentityNumberTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);

    /// <summary>The published algorithm, written out independently of the code under test.</summary>
    private static string WithCheckCharacter(string first17)
    {
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * weights[i];
        }

        return first17 + "10X98765432"[sum % 11];
    }

    private static string ErrorOf(string text)
    {
        Assert.False(ChineseIdentityNumber.TryParse(text, Today, out var number, out var error));
        Assert.Null(number);
        return error;
    }

    [Fact]
    public void A_number_built_from_region_birth_date_and_sequence_parses_with_its_parts()
    {
        var text = WithCheckCharacter("320282" + "19850315" + "123");

        var number = ChineseIdentityNumber.Parse(text, Today);

        Assert.Equal("320282198503151238", number.Value);
        Assert.Equal("320282", number.RegionCode);
        Assert.Equal(new DateOnly(1985, 3, 15), number.BirthDate);
        Assert.Equal(Gender.Male, number.Gender);
    }

    [Theory]
    // The example of the standard itself: 1+1·9+… = 167, 167 mod 11 = 2 → "X".
    [InlineData("11010519491231002X", "110105", 1949, 12, 31, Gender.Female)]
    // 3·7+2·9+0·10+1·5+0·8+6·4+1·2+9·1+9·6+0·3+0·7+1·9+0·10+1·5+1·8+2·4+3·2 = 169, 169 mod 11 = 4 → "8".
    [InlineData("320106199001011238", "320106", 1990, 1, 1, Gender.Male)]
    // Born on a leap day; sequence 002 is even: female.
    [InlineData("320282200002290029", "320282", 2000, 2, 29, Gender.Female)]
    // The first day allowed.
    [InlineData("320282190001010017", "320282", 1900, 1, 1, Gender.Male)]
    public void Well_known_valid_numbers_parse(string text, string region, int year, int month, int day, Gender gender)
    {
        var number = ChineseIdentityNumber.Parse(text, Today);

        Assert.Equal(region, number.RegionCode);
        Assert.Equal(new DateOnly(year, month, day), number.BirthDate);
        Assert.Equal(gender, number.Gender);
    }

    [Fact]
    public void A_lowercase_x_is_accepted_and_normalised_and_spaces_around_are_ignored()
    {
        var number = ChineseIdentityNumber.Parse(" 11010519491231002x ", Today);

        Assert.Equal("11010519491231002X", number.Value);
        Assert.Equal(ChineseIdentityNumber.Parse("11010519491231002X", Today), number);
    }

    [Theory]
    [InlineData("", "请填写")]
    [InlineData("3202821985031512", "应为 18 位，实际为 16 位")]
    [InlineData("3202821985031512381", "应为 18 位，实际为 19 位")]
    [InlineData("32028219850315A238", "前 17 位应为数字")]
    [InlineData("32028219850315123Y", "最后一位为数字或 X")]
    public void Wrong_length_or_characters_are_named(string text, string expected) =>
        Assert.Contains(expected, ErrorOf(text), StringComparison.Ordinal);

    [Theory]
    [InlineData("00")]
    [InlineData("10")]
    [InlineData("39")]
    [InlineData("99")]
    public void A_region_outside_the_province_codes_is_refused(string province)
    {
        var error = ErrorOf(WithCheckCharacter(province + "0282" + "19850315" + "123"));

        Assert.Contains("地区码", error, StringComparison.Ordinal);
        Assert.Contains($"“{province}”", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("19850230", "不是有效日期")]
    [InlineData("19851301", "不是有效日期")]
    [InlineData("19010229", "不是有效日期")]
    [InlineData("18991231", "早于 1900 年")]
    [InlineData("20261127", "晚于今天")]
    public void Birth_dates_that_do_not_exist_are_too_early_or_in_the_future_are_refused(string date, string expected)
    {
        var error = ErrorOf(WithCheckCharacter("320282" + date + "123"));

        Assert.Contains("出生日期", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_number_born_today_is_accepted() =>
        Assert.Equal(Today, ChineseIdentityNumber.Parse(WithCheckCharacter("320282" + "20261126" + "001"), Today).BirthDate);

    [Fact]
    public void The_standards_second_example_has_a_good_checksum_but_a_birth_year_before_1900() =>
        Assert.Contains("早于 1900 年", ErrorOf("440524188001010014"), StringComparison.Ordinal);

    [Fact]
    public void A_wrong_check_character_is_named_with_the_expected_one()
    {
        var error = ErrorOf("320282198503151239");

        Assert.Contains("校验位", error, StringComparison.Ordinal);
        Assert.Contains("应为“8”", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_single_digit_typo_is_caught_by_the_checksum()
    {
        var valid = "320282198503151238";
        for (var position = 0; position < 17; position++)
        {
            for (var digit = '0'; digit <= '9'; digit++)
            {
                if (digit == valid[position])
                {
                    continue;
                }

                var typo = valid[..position] + digit + valid[(position + 1)..];
                Assert.False(ChineseIdentityNumber.TryParse(typo, Today, out _, out _), typo);
            }
        }
    }

    [Fact]
    public void Parse_throws_a_validation_failure_for_the_identity_number_field()
    {
        var failure = Assert.Throws<ValidationFailedException>(() => ChineseIdentityNumber.Parse("123", Today));

        Assert.Equal([ChineseIdentityNumber.Field], failure.Errors.Keys);
    }

    [Fact]
    public void ToString_is_masked_so_a_stray_log_line_does_not_leak_the_number() =>
        Assert.Equal("3202**********1238", ChineseIdentityNumber.Parse("320282198503151238", Today).ToString());
}
