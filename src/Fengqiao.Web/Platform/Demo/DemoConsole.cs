using System.Globalization;
using System.Text;

namespace Fengqiao.Web.Platform.Demo;

/// <summary>Prints the generated demo credentials once, to the console only (not to the log sinks).</summary>
internal static class DemoConsole
{
    public static string Format(IReadOnlyList<DemoAccount> accounts, string? baseUrl)
    {
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine("================ 枫桥 Fengqiao 演示账号（仅显示这一次，请妥善保存）================");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"用户名",-12}{"密码",-18}{"角色",-22}{"单位",-18}姓名");
        foreach (var account in accounts)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{account.UserName,-15}{account.Password,-20}{account.Role,-24}{account.UnitCode ?? "-",-20}{account.DisplayName}");
        }

        if (baseUrl is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"登录：{baseUrl}/login");
        }

        text.AppendLine("=====================================================================================");
        return text.ToString();
    }
}
