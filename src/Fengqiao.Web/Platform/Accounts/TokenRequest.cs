namespace Fengqiao.Web.Platform.Accounts;

/// <summary>Credentials exchanged for a bearer token.</summary>
public sealed record TokenRequest(string UserName, string Password);
