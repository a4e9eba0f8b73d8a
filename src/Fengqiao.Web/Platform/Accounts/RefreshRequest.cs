namespace Fengqiao.Web.Platform.Accounts;

public sealed record RefreshRequest(string RefreshToken);
