using System.Text.RegularExpressions;
using Fengqiao.Kernel.Errors;

namespace Fengqiao.Kernel.Units;

internal sealed partial class UnitCodeMustBeDigits(string code) : IBusinessRule
{
    public string Message => $"区划或网格代码只能由 2 到 20 位数字组成：'{code}'";

    public bool IsBroken() => !Digits().IsMatch(code);

    [GeneratedRegex("^[0-9]{2,20}$")]
    private static partial Regex Digits();
}

internal sealed partial class DutyPhoneMustBeDialable(string? phone) : IBusinessRule
{
    public string Message => "值班电话应为 11 位手机号或带区号的固定电话（如 0510-87654321）。";

    public bool IsBroken() => !string.IsNullOrWhiteSpace(phone) && !Dialable().IsMatch(phone.Trim());

    [GeneratedRegex(@"^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}|12345|110|119|120)$")]
    private static partial Regex Dialable();
}

internal sealed class PublicNoticeMustFitOnASign(string? notice) : IBusinessRule
{
    public string Message => $"公示内容不能超过 {AdministrativeUnit.MaxNoticeLength} 字。";

    public bool IsBroken() => notice is not null && notice.Trim().Length > AdministrativeUnit.MaxNoticeLength;
}

internal sealed class ServiceHoursMustBeShort(string? hours) : IBusinessRule
{
    public string Message => "服务时间不能超过 100 字。";

    public bool IsBroken() => hours is not null && hours.Trim().Length > 100;
}
