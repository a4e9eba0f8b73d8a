namespace Fengqiao.Web.Platform.Users;

/// <summary>Who a person is in Fengqiao: name, roles, units (their jurisdiction) and, for handlers, their department.</summary>
public sealed record SaveUserRequest(string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> UnitCodes, string? DepartmentCode);
