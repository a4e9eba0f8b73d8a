namespace Fengqiao.Web.Platform.Accounts;

public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword);
