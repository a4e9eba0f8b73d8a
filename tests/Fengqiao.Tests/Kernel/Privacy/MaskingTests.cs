using Fengqiao.Kernel.Privacy;

namespace Fengqiao.Tests.Kernel.Privacy;

/// <summary>Masked by default: the forms shown wherever the full value has not been revealed.</summary>
public class MaskingTests
{
    [Theory]
    [InlineData("32010619900101123X", "3201**********123X")]
    [InlineData("32010619900101123x", "3201**********123X")]
    [InlineData("320282198503151238", "3202**********1238")]
    public void Identity_numbers_keep_the_first_four_and_last_four_of_eighteen(string value, string expected)
    {
        var masked = Masking.IdentityNumber(value);

        Assert.Equal(expected, masked);
        Assert.Equal(18, masked.Length);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData("1234", "****")]
    public void Short_or_missing_identity_numbers_reveal_nothing(string? value, string expected) =>
        Assert.Equal(expected, Masking.IdentityNumber(value));

    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData("+86 138 1234 5678", "138****5678")]
    [InlineData("0510-87654321", "0510-******21")]
    [InlineData("025 1234567", "025-*****67")]
    [InlineData("12345", "***45")]
    [InlineData("", "")]
    public void Phones_keep_prefix_and_last_digits(string value, string expected) =>
        Assert.Equal(expected, Masking.Phone(value));

    [Theory]
    [InlineData("王小明", "王**")]
    [InlineData("王明", "王**")]
    [InlineData("欧阳修", "欧阳**")]
    [InlineData("司马相如", "司马**")]
    [InlineData("诸葛亮", "诸葛**")]
    [InlineData("上官婉儿", "上官**")]
    [InlineData("长孙无忌", "长孙**")]
    [InlineData("欧阳", "欧**")]
    [InlineData("李", "*")]
    [InlineData("", "")]
    public void Names_keep_the_surname_and_hide_the_length_of_the_given_name(string value, string expected) =>
        Assert.Equal(expected, Masking.PersonName(value));

    [Theory]
    [InlineData("江苏省宜兴市宜城街道人民南路88号3幢2单元501室", "江苏省宜兴市宜城街道人民南路**号*幢*单元***室")]
    [InlineData("宜兴市宜城街道人民南路 88 号 3 幢 501 室", "宜兴市宜城街道人民南路**号*幢***室")]
    [InlineData("宜城街道茶东社区阳光花园12栋1203", "宜城街道茶东社区阳光花园**栋****")]
    [InlineData("上海市黄浦区南京东路街道云南中路171弄5号", "上海市黄浦区南京东路街道云南中路171弄*号")]
    [InlineData("丁蜀镇张家村三组15号", "丁蜀镇张家村三组**号")]
    [InlineData("解放路", "解放路")]
    public void Addresses_keep_the_street_or_lane_and_hide_house_and_room_numbers(string value, string expected) =>
        Assert.Equal(expected, Masking.Address(value));

    [Fact]
    public void An_address_without_a_street_word_hides_every_number() =>
        Assert.Equal("宜兴市**号", Masking.Address("宜兴市88号"));
}
