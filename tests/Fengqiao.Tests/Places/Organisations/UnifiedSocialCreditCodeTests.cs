using Fengqiao.Places.Organisations;

namespace Fengqiao.Tests.Places.Organisations;

/// <summary>统一社会信用代码 per GB 32100-2015: 18 characters, modulo-31 check character.</summary>
public sealed class UnifiedSocialCreditCodeTests
{
    [Theory]
    [InlineData("9144030071526726XG")]  // a real, published code
    [InlineData("91330100716105852F")]  // a real, published code
    [InlineData("91110108551385082Q")]  // a real, published code
    [InlineData("91320282MA1NQ3K5PW")]  // computed for the demo property company
    [InlineData("52320282MJ1234567F")]  // computed: a social organisation's shape
    [InlineData("12100000400000000W")]  // computed
    public void Valid_codes_are_accepted(string code)
    {
        Assert.True(UnifiedSocialCreditCode.TryNormalise(code, out var normalised, out var error), error);
        Assert.Equal(code, normalised);
        Assert.Equal(code[^1], UnifiedSocialCreditCode.CheckCharacter(code[..17]));
    }

    [Fact]
    public void A_check_of_31_becomes_0()
    {
        // Find a 17-character body whose weighted sum is a multiple of 31, and check that its check character is 0.
        var body = Enumerable.Range(0, 1000).Select(i => $"91320282MA{i:0000000}").First(b => UnifiedSocialCreditCode.CheckCharacter(b) == '0');

        Assert.True(UnifiedSocialCreditCode.IsValid(body + "0"));
    }

    [Fact]
    public void Lower_case_and_spaces_are_normalised()
    {
        Assert.True(UnifiedSocialCreditCode.TryNormalise(" 9144030071526726xg ", out var code, out _));
        Assert.Equal("9144030071526726XG", code);
    }

    [Theory]
    [InlineData("9144030071526726XA", "校验位")]   // wrong check character
    [InlineData("91330100716105852E", "校验位")]
    [InlineData("9144030071526726X", "18 位")]     // too short
    [InlineData("9144030071526726XGG", "18 位")]   // too long
    [InlineData("9144030071526726IG", "无效字符")] // I is not in the alphabet
    [InlineData("91440300715267O6XG", "无效字符")] // O is not in the alphabet
    [InlineData("", "18 位")]
    public void Invalid_codes_are_refused_with_a_reason(string code, string reason)
    {
        Assert.False(UnifiedSocialCreditCode.TryNormalise(code, out _, out var error));
        Assert.Contains(reason, error);
    }
}
