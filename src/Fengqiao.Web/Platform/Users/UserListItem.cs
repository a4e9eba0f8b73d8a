namespace Fengqiao.Web.Platform.Users;

public sealed record UserListItem(
    Guid Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> UnitCodes,
    string? DepartmentCode, bool IsDisabled, bool IsLockedOut);
