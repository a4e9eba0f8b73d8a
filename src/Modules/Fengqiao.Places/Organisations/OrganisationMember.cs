using Fengqiao.Kernel.Access;

namespace Fengqiao.Places.Organisations;

/// <summary>
/// A person's place in an organisation (书记, 委员, 主任, 成员 …), or a contact person when <see cref="IsContact"/>.
/// The phone is personal data: stored encrypted with a blind index for exact search, shown masked.
/// </summary>
public sealed class OrganisationMember : IJurisdictional
{
    /// <summary>The encrypted column, as passed to the protector.</summary>
    public const string PhoneField = "organisation_members.phone";

    public const int MaxRoleLength = 20;

    private OrganisationMember()
    {
        Name = Role = UnitPath = "";
    }

    internal OrganisationMember(
        Guid organisationId, string unitPath, string name, Guid? residentId, string role, bool isContact,
        string? phoneCipher, string? phoneIndex, DateOnly from, DateOnly? to)
    {
        Id = Guid.CreateVersion7();
        OrganisationId = organisationId;
        UnitPath = unitPath;
        Name = name;
        ResidentId = residentId;
        Role = role;
        IsContact = isContact;
        PhoneCipher = phoneCipher;
        PhoneIndex = phoneIndex;
        From = from;
        To = to;
    }

    public Guid Id { get; private set; }

    public Guid OrganisationId { get; private set; }

    /// <summary>The organisation's unit path, copied so that members are filtered on their own.</summary>
    public string UnitPath { get; private set; }

    public string Name { get; private set; }

    /// <summary>The resident this person is, when known (no foreign key across features).</summary>
    public Guid? ResidentId { get; private set; }

    public string Role { get; private set; }

    /// <summary>A contact person (联系人) rather than a member proper.</summary>
    public bool IsContact { get; private set; }

    public string? PhoneCipher { get; private set; }

    public string? PhoneIndex { get; private set; }

    public DateOnly From { get; private set; }

    public DateOnly? To { get; private set; }

    public bool IsCurrent(DateOnly today) => From <= today && (To is null || To >= today);

    /// <summary>The same phone under another key (key rotation); the blind index does not change.</summary>
    internal void ReplacePhoneCipher(string cipher) => PhoneCipher = cipher;

    /// <summary>Replaces the phone's blind index when Privacy:BlindIndexKey changes.</summary>
    internal void ReplacePhoneIndex(string index) => PhoneIndex = index;

    /// <summary>Ends the membership on <paramref name="to"/> (not before it began).</summary>
    internal void End(DateOnly to)
    {
        if (to < From)
        {
            throw new Kernel.Errors.ValidationFailedException("to", $"结束日期 {to:yyyy-MM-dd} 不能早于开始日期 {From:yyyy-MM-dd}。");
        }

        if (To is not null && To <= to)
        {
            throw new Kernel.Errors.ConflictException($"{Name}的任职已于 {To:yyyy-MM-dd} 结束。");
        }

        To = to;
    }
}
