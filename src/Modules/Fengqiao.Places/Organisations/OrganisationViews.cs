namespace Fengqiao.Places.Organisations;

/// <summary>A new organisation. <see cref="Unit"/> is the code of its community or street.</summary>
public sealed record CreateOrganisationRequest(
    OrganisationKind? Kind, string? Name, string? CreditCode, string? Unit, Guid? ParentId, string? Address, double? Longitude, double? Latitude);

/// <summary>A person joining an organisation; <see cref="Phone"/> is stored encrypted and only ever shown masked.</summary>
public sealed record AddMemberRequest(string? Name, Guid? ResidentId, string? Role, bool? IsContact, string? Phone, DateOnly? From, DateOnly? To);

/// <summary>Ends a membership on <see cref="To"/> (today when omitted).</summary>
public sealed record EndMemberRequest(DateOnly? To);

/// <summary>An organisation as lists show it, with the number of its current members.</summary>
public sealed record OrganisationSummary(
    Guid Id, OrganisationKind Kind, string Name, string? CreditCode, string UnitCode, string? UnitName, Guid? ParentId, int MemberCount);

public sealed record OrganisationPage(IReadOnlyList<OrganisationSummary> Items, int Total, int Page, int PageSize);

/// <summary>A member as the caller sees them: the phone masked (e.g. 138****5678).</summary>
public sealed record MemberView(
    Guid Id, string Name, Guid? ResidentId, string Role, bool IsContact, string? Phone, DateOnly From, DateOnly? To, bool IsCurrent);

public sealed record OrganisationDetail(
    Guid Id, OrganisationKind Kind, string Name, string? CreditCode, string UnitCode, string? UnitName, Guid? ParentId, string? ParentName,
    string? Address, double? Longitude, double? Latitude, IReadOnlyList<MemberView> Members);

/// <summary>One party organisation in the tree of a unit, with those below it.</summary>
public sealed record PartyTreeNode(Guid Id, OrganisationKind Kind, string Name, string UnitCode, int MemberCount, IReadOnlyList<PartyTreeNode> Children);
