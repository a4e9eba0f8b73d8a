namespace Fengqiao.Web.Platform.Demo;

/// <summary>A demo user and the password generated for it on first start.</summary>
internal sealed record DemoAccount(string UserName, string DisplayName, string Role, string? UnitCode, string Password);
