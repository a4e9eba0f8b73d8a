namespace Fengqiao.Web.Platform.Users;

public sealed record CreateUserRequest(string UserName, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> UnitCodes, string? DepartmentCode);
