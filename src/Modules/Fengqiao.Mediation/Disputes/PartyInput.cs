using Fengqiao.Kernel.Privacy;

namespace Fengqiao.Mediation.Disputes;

/// <summary>Validates a party as given and turns it into protected values (encrypted, masked, blind-indexed).</summary>
internal static class PartyInput
{
    public sealed record Checked(PartyKind Kind, PartyRole Role, ProtectedText Name, ProtectedText? IdentityNumber, ProtectedText? Phone, string? OrganisationName, bool IsVulnerable, string? Vulnerability);

    public static Checked? Check(PartyRequest? request, string prefix, Dictionary<string, string[]> errors, PersonalDataProtector protector, DateOnly today)
    {
        if (request is null)
        {
            errors[prefix] = ["当事人信息为空。"];
            return null;
        }

        var count = errors.Count;
        if (request.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors[prefix + ".kind"] = ["请选择当事人类别：Person 自然人、Organisation 法人或其他组织。"];
            kind = default;
        }

        if (request.Role is not { } role || !Enum.IsDefined(role))
        {
            errors[prefix + ".role"] = ["请选择当事人地位：Applicant 申请人、Respondent 被申请人、ThirdParty 第三人。"];
            role = default;
        }

        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > DisputeParty.MaxNameLength)
        {
            errors[prefix + ".name"] = [$"请填写当事人姓名或名称（不超过 {DisputeParty.MaxNameLength} 个字）。"];
        }

        ChineseIdentityNumber? identity = null;
        if (!string.IsNullOrWhiteSpace(request.IdentityNumber))
        {
            if (kind == PartyKind.Organisation)
            {
                errors[prefix + ".identityNumber"] = ["组织当事人不填身份证号码。"];
            }
            else if (ChineseIdentityNumber.TryParse(request.IdentityNumber, today, out var parsed, out var error))
            {
                identity = parsed;
            }
            else
            {
                errors[prefix + ".identityNumber"] = [error];
            }
        }

        ChinesePhoneNumber? phone = null;
        if (!string.IsNullOrWhiteSpace(request.Phone))
        {
            if (ChinesePhoneNumber.TryParse(request.Phone, out var parsed, out var error))
            {
                phone = parsed;
            }
            else
            {
                errors[prefix + ".phone"] = [error];
            }
        }

        var vulnerability = string.IsNullOrWhiteSpace(request.Vulnerability) ? null : request.Vulnerability.Trim();
        if (vulnerability is { Length: > 100 })
        {
            errors[prefix + ".vulnerability"] = ["弱势情况说明不能超过 100 个字。"];
        }

        if (errors.Count > count)
        {
            return null;
        }

        // Age read from the identity number makes a party vulnerable even when nobody ticked the box.
        var isVulnerable = request.IsVulnerable == true;
        if (identity is not null)
        {
            var age = today.Year - identity.BirthDate.Year - (today < identity.BirthDate.AddYears(today.Year - identity.BirthDate.Year) ? 1 : 0);
            if (age >= 70 || age < 18)
            {
                isVulnerable = true;
                vulnerability ??= age >= 70 ? $"{age} 岁老人" : $"未成年人（{age} 岁）";
            }
        }

        var protectedName = kind == PartyKind.Person
            ? new ProtectedText(protector.Encrypt(DisputeParty.NameField, name), Masking.PersonName(name), protector.BlindIndex(DisputeParty.NameField, name))
            : new ProtectedText(null, name, protector.BlindIndex(DisputeParty.NameField, name));
        var protectedIdentity = identity is null
            ? null
            : new ProtectedText(
                protector.Encrypt(DisputeParty.IdentityNumberField, identity.Value), Masking.IdentityNumber(identity.Value),
                protector.BlindIndex(DisputeParty.IdentityNumberField, identity.Value));
        var protectedPhone = phone is null
            ? null
            : new ProtectedText(protector.Encrypt(DisputeParty.PhoneField, phone.Value), Masking.Phone(phone.Value), protector.BlindIndex(DisputeParty.PhoneField, phone.Value));
        return new Checked(kind, role, protectedName, protectedIdentity, protectedPhone, kind == PartyKind.Organisation ? name : null, isVulnerable, vulnerability);
    }
}
