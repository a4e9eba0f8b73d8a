namespace Fengqiao.Places.Organisations;

/// <summary>
/// The roles (职务) most often held in community organisations, offered as suggestions when a member is added; any other
/// role of up to <see cref="OrganisationMember.MaxRoleLength"/> characters is accepted. They are data, stored as written.
/// </summary>
public static class MemberRoles
{
    /// <summary>The contact person's role: a member with it is the organisation's contact unless told otherwise.</summary>
    public const string Contact = "联系人";

    public static IReadOnlyList<string> Common { get; } = ["书记", "副书记", "委员", "组长", "主任", "副主任", "站长", "会长", "队长", "成员", Contact];
}
