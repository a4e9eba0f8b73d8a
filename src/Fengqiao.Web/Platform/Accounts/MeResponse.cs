namespace Fengqiao.Web.Platform.Accounts;

/// <summary>The signed-in person as the API sees them.</summary>
public sealed record MeResponse(Guid Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> UnitCodes);
