namespace Fengqiao.Web.Platform.Accounts;

internal enum SignInOutcome
{
    Succeeded,
    InvalidCredentials,
    LockedOut,
    Disabled,
}
