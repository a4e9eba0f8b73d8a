using Fengqiao.Kernel.Privacy;

namespace Fengqiao.Places.People;

/// <summary>
/// A resident's fields as a person typed them — in the register form, an API call or a spreadsheet row — before any
/// check. Gender and birth date, when given, must agree with the identity number; otherwise they are taken from it.
/// </summary>
public sealed record ResidentFields(
    string? Name,
    Gender? Gender,
    DateOnly? BirthDate,
    string? IdentityNumber,
    string? Phone,
    string? Relation,
    string? RegisteredResidence,
    string? ResidenceKind,
    IReadOnlyList<string>? SpecialGroups);

/// <summary>A resident whose fields all passed <see cref="ResidentValidation"/>, normalised.</summary>
internal sealed record ValidResident(
    string Name,
    ChineseIdentityNumber IdentityNumber,
    ChinesePhoneNumber? Phone,
    HouseholdRelation Relation,
    string? RegisteredResidence,
    ResidenceKind ResidenceKind,
    IReadOnlyList<string> SpecialGroups);

/// <summary>
/// The one set of field rules for a resident, shared by <see cref="RegisterResident"/> (form and API) and the
/// spreadsheet import, so a row is refused for exactly the reasons the form would refuse it. Errors are keyed by the
/// API's field names (name, identityNumber, gender, birthDate, phone, relation, residenceKind, registeredResidence,
/// specialGroups); the import maps them to its column headers.
/// </summary>
internal static class ResidentValidation
{
    public const int MaxRegisteredResidenceLength = 100;

    /// <summary>Checks every field and reports every problem; returns null when any is wrong.</summary>
    public static ValidResident? Validate(ResidentFields fields, IReadOnlyList<string> allowedTags, IDictionary<string, string[]> errors)
    {
        var before = errors.Count;
        var name = (fields.Name ?? "").Trim();
        if (name.Length is < 2 or > 50 || name.Any(char.IsDigit))
        {
            errors["name"] = ["请填写姓名（2 到 50 字，不含数字）。"];
        }

        if (!ChineseIdentityNumber.TryParse(fields.IdentityNumber, out var identity, out var identityError))
        {
            errors[ChineseIdentityNumber.Field] = [identityError];
        }
        else
        {
            if (fields.Gender is { } gender && gender != identity.Gender)
            {
                errors["gender"] = ["性别与身份证号码不符（第 17 位奇数为男，偶数为女）。"];
            }

            if (fields.BirthDate is { } birth && birth != identity.BirthDate)
            {
                errors["birthDate"] = [$"出生日期与身份证号码不符（号码中为 {identity.BirthDate:yyyy-MM-dd}）。"];
            }
        }

        ChinesePhoneNumber? phone = null;
        if (!string.IsNullOrWhiteSpace(fields.Phone) && !ChinesePhoneNumber.TryParse(fields.Phone, out phone, out var phoneError))
        {
            errors[ChinesePhoneNumber.Field] = [phoneError];
        }

        var relation = PeopleText.Relation(fields.Relation, errors);
        var kind = PeopleText.Kind(string.IsNullOrWhiteSpace(fields.ResidenceKind) ? "户籍人口" : fields.ResidenceKind, errors);
        var tags = PeopleText.Tags(fields.SpecialGroups, allowedTags, errors);
        var registeredResidence = string.IsNullOrWhiteSpace(fields.RegisteredResidence) ? null : fields.RegisteredResidence.Trim();
        if (registeredResidence is { Length: > MaxRegisteredResidenceLength })
        {
            errors["registeredResidence"] = [$"户籍地不能超过 {MaxRegisteredResidenceLength} 字。"];
        }

        return errors.Count > before || identity is null || relation is null || kind is null
            ? null
            : new ValidResident(name, identity, phone, relation.Value, registeredResidence, kind.Value, tags);
    }
}
