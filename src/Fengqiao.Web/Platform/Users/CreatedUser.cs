namespace Fengqiao.Web.Platform.Users;

/// <summary>The new account and its one-time initial password, shown once to the administrator.</summary>
public sealed record CreatedUser(Guid Id, string UserName, string InitialPassword);
