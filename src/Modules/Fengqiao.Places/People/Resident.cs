using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Privacy;

namespace Fengqiao.Places.People;

/// <summary>
/// 实有人口: a person living in (or registered to) a household. The identity number and phone are held only encrypted,
/// with a blind index for exact search and a masked form for lists; the name is kept in clear for search and masked
/// when shown. Special-group tags are sensitive: shown to grid workers in their own grid and to community workers and above, not to mediators.
/// </summary>
public sealed class Resident : IJurisdictional
{
    /// <summary>Encrypted column of the identity number (also the associated data of its ciphertext).</summary>
    public const string IdentityNumberField = "residents.identity_number";

    public const string PhoneField = "residents.phone";

    /// <summary>What an erased resident is called.</summary>
    public const string ErasedName = "已删除";

    private const char TagSeparator = ';';

    private Resident()
    {
        UnitPath = Name = SpecialGroups = "";
    }

    internal Resident(
        Household household, string name, Gender gender, DateOnly birthDate, ChineseIdentityNumber identityNumber, ChinesePhoneNumber? phone,
        HouseholdRelation relation, string? registeredResidence, ResidenceKind residenceKind, IEnumerable<string> specialGroups,
        PersonalDataProtector protector, DateTimeOffset createdAt)
    {
        Id = Guid.CreateVersion7();
        HouseholdId = household.Id;
        BuildingId = household.BuildingId;
        UnitPath = household.UnitPath;
        Name = name;
        Gender = gender;
        BirthDate = birthDate;
        IdentityNumber = protector.Encrypt(IdentityNumberField, identityNumber.Value);
        IdentityNumberIndex = protector.BlindIndex(IdentityNumberField, identityNumber.Value);
        IdentityNumberMasked = Masking.IdentityNumber(identityNumber.Value);
        SetPhone(phone, protector);
        Relation = relation;
        RegisteredResidence = registeredResidence;
        ResidenceKind = residenceKind;
        SpecialGroups = string.Join(TagSeparator, specialGroups);
        CreatedAt = createdAt;
    }

    /// <summary>A resident whose fields passed <see cref="ResidentValidation"/>; gender and birth date come from the identity number.</summary>
    internal static Resident Create(Household household, ValidResident valid, PersonalDataProtector protector, DateTimeOffset createdAt) =>
        new(
            household, valid.Name, valid.IdentityNumber.Gender, valid.IdentityNumber.BirthDate, valid.IdentityNumber, valid.Phone, valid.Relation,
            valid.RegisteredResidence, valid.ResidenceKind, valid.SpecialGroups, protector, createdAt);

    public Guid Id { get; private set; }

    public Guid HouseholdId { get; private set; }

    public Guid BuildingId { get; private set; }

    public string UnitPath { get; private set; }

    /// <summary>In clear, for prefix search; shown masked (王**).</summary>
    public string Name { get; private set; }

    public Gender? Gender { get; private set; }

    public DateOnly? BirthDate { get; private set; }

    /// <summary>Ciphertext (<see cref="IdentityNumberField"/>).</summary>
    public string? IdentityNumber { get; private set; }

    /// <summary>Blind index of the normalised number: exact search and uniqueness.</summary>
    public string? IdentityNumberIndex { get; private set; }

    /// <summary>3201**********123X.</summary>
    public string? IdentityNumberMasked { get; private set; }

    /// <summary>Ciphertext (<see cref="PhoneField"/>).</summary>
    public string? Phone { get; private set; }

    public string? PhoneIndex { get; private set; }

    /// <summary>138****5678.</summary>
    public string? PhoneMasked { get; private set; }

    public HouseholdRelation Relation { get; private set; }

    /// <summary>户籍地, e.g. 安徽省阜阳市临泉县.</summary>
    public string? RegisteredResidence { get; private set; }

    public ResidenceKind ResidenceKind { get; private set; }

    /// <summary>Special-group tags separated by ';' (sensitive).</summary>
    public string SpecialGroups { get; private set; }

    /// <summary>The resident's own account, when they have one: they may see what is held about them.</summary>
    public Guid? UserId { get; private set; }

    public bool IsErased { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ErasedAt { get; private set; }

    public long Version { get; private set; }

    public IReadOnlyList<string> Tags => SpecialGroups.Split(TagSeparator, StringSplitOptions.RemoveEmptyEntries);

    internal void SetPhone(ChinesePhoneNumber? phone, PersonalDataProtector protector)
    {
        Phone = phone is null ? null : protector.Encrypt(PhoneField, phone.Value);
        PhoneIndex = phone is null ? null : protector.BlindIndex(PhoneField, phone.Value);
        PhoneMasked = phone is null ? null : Masking.Phone(phone.Value);
    }

    internal void Update(ChinesePhoneNumber? phone, bool phoneGiven, ResidenceKind? residenceKind, string? registeredResidence, IEnumerable<string>? specialGroups, PersonalDataProtector protector)
    {
        if (phoneGiven)
        {
            SetPhone(phone, protector);
        }

        ResidenceKind = residenceKind ?? ResidenceKind;
        RegisteredResidence = registeredResidence ?? RegisteredResidence;
        if (specialGroups is not null)
        {
            SpecialGroups = string.Join(TagSeparator, specialGroups);
        }

        Version++;
    }

    internal void LinkAccount(Guid? userId)
    {
        UserId = userId;
        Version++;
    }

    /// <summary>Rewrites a ciphertext during key rotation.</summary>
    internal void Rewrap(string field, string ciphertext)
    {
        switch (field)
        {
            case IdentityNumberField:
                IdentityNumber = ciphertext;
                break;
            case PhoneField:
                Phone = ciphertext;
                break;
            default:
                throw new ArgumentException($"Unknown resident field {field}.", nameof(field));
        }
    }

    /// <summary>Replaces a blind index when Privacy:BlindIndexKey changes (<c>fengqiao privacy rekey-blind-index</c>).</summary>
    internal void Reindex(string field, string index)
    {
        switch (field)
        {
            case IdentityNumberField:
                IdentityNumberIndex = index;
                break;
            case PhoneField:
                PhoneIndex = index;
                break;
            default:
                throw new ArgumentException($"Unknown resident field {field}.", nameof(field));
        }
    }

    /// <summary>PIPL erasure: the personal fields go; the row stays so that counts and references hold.</summary>
    internal void Erase(DateTimeOffset now)
    {
        Name = ErasedName;
        Gender = null;
        BirthDate = null;
        IdentityNumber = IdentityNumberIndex = IdentityNumberMasked = null;
        Phone = PhoneIndex = PhoneMasked = null;
        RegisteredResidence = null;
        SpecialGroups = "";
        UserId = null;
        IsErased = true;
        ErasedAt = now;
        Version++;
    }
}
