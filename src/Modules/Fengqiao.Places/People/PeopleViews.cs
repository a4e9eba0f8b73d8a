using Fengqiao.Kernel.Privacy;

namespace Fengqiao.Places.People;

public sealed record CreateBuildingRequest(string? Street, string? Number, int? UnitsCount, double? Longitude, double? Latitude);

public sealed record BuildingView(Guid Id, string GridCode, string Street, string Number, string Address, int? UnitsCount, double? Longitude, double? Latitude, int Households);

public sealed record CreateHouseholdRequest(string? Room);

public sealed record HouseholdView(Guid Id, Guid BuildingId, string Address, string Room, Guid? HeadResidentId);

/// <summary>
/// A resident to register. Relation: 户主 | 配偶 | 子女 | 父母 | 其他 (or Head, Spouse …); residenceKind: 户籍人口 |
/// 流动人口 | 人户分离 (or Registered, Floating, Separated). Gender and birth date default to those in the identity number.
/// </summary>
public sealed record RegisterResidentRequest(
    Guid? HouseholdId,
    string? Name,
    Gender? Gender,
    DateOnly? BirthDate,
    string? IdentityNumber,
    string? Phone,
    string? Relation,
    string? RegisteredResidence,
    string? ResidenceKind,
    IReadOnlyList<string>? SpecialGroups);

/// <summary>Fields left null are unchanged; phone "" removes the phone.</summary>
public sealed record UpdateResidentRequest(string? Phone, string? ResidenceKind, string? RegisteredResidence, IReadOnlyList<string>? SpecialGroups);

public sealed record LinkAccountRequest(string? UserName);

public sealed record RevealRequest(string? Field, string? Purpose);

public sealed record RevealedValue(Guid ResidentId, string Field, string Value);

/// <summary>A resident as lists show them: masked. <see cref="SpecialGroups"/> is null for roles that may not see tags.</summary>
public sealed record ResidentView(
    Guid Id,
    Guid HouseholdId,
    string Name,
    Gender? Gender,
    int? BirthYear,
    string? IdentityNumber,
    string? Phone,
    HouseholdRelation Relation,
    ResidenceKind ResidenceKind,
    IReadOnlyList<string>? SpecialGroups,
    bool IsErased);

public sealed record PageOf<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

/// <summary>Everything held about a resident, unmasked: for the resident themself and the administrator's export.</summary>
public sealed record ResidentPersonalData(
    Guid Id,
    string Name,
    Gender? Gender,
    DateOnly? BirthDate,
    string? IdentityNumber,
    string? Phone,
    HouseholdRelation Relation,
    string? RegisteredResidence,
    ResidenceKind ResidenceKind,
    IReadOnlyList<string> SpecialGroups,
    string Address,
    string GridCode,
    DateTimeOffset CreatedAt,
    bool IsErased);

/// <summary>One time someone saw the resident's data unmasked.</summary>
public sealed record DisclosureView(DateTimeOffset At, string Who, string? Role, string Action, string? Field, string? Purpose);

public sealed record MyPersonalDataView(ResidentPersonalData Data, IReadOnlyList<DisclosureView> Disclosures);
