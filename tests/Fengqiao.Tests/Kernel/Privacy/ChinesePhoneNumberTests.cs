using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Privacy;

namespace Fengqiao.Tests.Kernel.Privacy;

/// <summary>Mobile and fixed-line numbers are normalised, so the same number typed differently is the same value.</summary>
public class ChinesePhoneNumberTests
{
    [Theory]
    [InlineData("13812345678")]
    [InlineData(" 138 1234 5678 ")]
    [InlineData("138-1234-5678")]
    [InlineData("+86 138 1234 5678")]
    [InlineData("+8613812345678")]
    [InlineData("8613812345678")]
    [InlineData("0086-138-1234-5678")]
    public void Mobiles_lose_separators_and_the_country_code(string text)
    {
        var number = ChinesePhoneNumber.Parse(text);

        Assert.Equal(PhoneKind.Mobile, number.Kind);
        Assert.Equal("13812345678", number.Value);
    }

    [Theory]
    [InlineData("0510-87654321", "0510-87654321")]
    [InlineData("051087654321", "0510-87654321")]
    [InlineData("(0510) 87654321", "0510-87654321")]
    [InlineData("0510 8765432", "0510-8765432")]
    [InlineData("010-12345678", "010-12345678")]
    [InlineData("02512345678", "025-12345678")]
    public void Fixed_lines_are_written_area_code_dash_number(string text, string expected)
    {
        var number = ChinesePhoneNumber.Parse(text);

        Assert.Equal(PhoneKind.FixedLine, number.Kind);
        Assert.Equal(expected, number.Value);
    }

    [Theory]
    [InlineData("", "请填写")]
    [InlineData("12812345678", "以 13–19 开头")]
    [InlineData("1381234567", "以 13–19 开头")]
    [InlineData("138123456789", "以 13–19 开头")]
    [InlineData("87654321", "带区号的固定电话")]
    [InlineData("0510-876", "带区号的固定电话")]
    [InlineData("138a2345678", "以外的字符")]
    public void Bad_numbers_are_refused_with_a_reason(string text, string expected)
    {
        Assert.False(ChinesePhoneNumber.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseMobile_refuses_a_fixed_line() =>
        Assert.Contains("不是手机号码", Assert.Throws<ValidationFailedException>(() => ChinesePhoneNumber.ParseMobile("0510-87654321")).Message, StringComparison.Ordinal);

    [Fact]
    public void Equal_numbers_written_differently_are_equal_and_print_masked()
    {
        Assert.Equal(ChinesePhoneNumber.Parse("+86 138-1234-5678"), ChinesePhoneNumber.Parse("13812345678"));
        Assert.Equal("138****5678", ChinesePhoneNumber.Parse("13812345678").ToString());
    }
}
