using Fengqiao.Kernel.Access;

namespace Fengqiao.Mediation.Disputes;

/// <summary>
/// 当事人: a person or an organisation in a dispute. A person's name, identity number and phone are personal data:
/// stored encrypted, kept masked beside for lists, with blind indexes to find repeated disputes between the same
/// parties; the clear value is seen only through the kernel's audited reveal. An organisation's name is public.
/// </summary>
public sealed class DisputeParty : IJurisdictional
{
    public const string NameField = "mediation_parties.name";
    public const string IdentityNumberField = "mediation_parties.identity_number";
    public const string PhoneField = "mediation_parties.phone";
    public const int MaxNameLength = 100;

    private DisputeParty()
    {
        UnitPath = NameMasked = NameIndex = "";
    }

    internal DisputeParty(
        Guid caseId, string unitPath, PartyKind kind, PartyRole role, ProtectedText name, ProtectedText? identityNumber, ProtectedText? phone,
        string? organisationName, bool isVulnerable, string? vulnerability)
    {
        Id = Guid.CreateVersion7();
        CaseId = caseId;
        UnitPath = unitPath;
        Kind = kind;
        Role = role;
        OrganisationName = organisationName;
        NameCipher = kind == PartyKind.Person ? name.Cipher : null;
        NameMasked = name.Masked;
        NameIndex = name.Index;
        IdentityNumberCipher = identityNumber?.Cipher;
        IdentityNumberMasked = identityNumber?.Masked;
        IdentityNumberIndex = identityNumber?.Index;
        PhoneCipher = phone?.Cipher;
        PhoneMasked = phone?.Masked;
        PhoneIndex = phone?.Index;
        IsVulnerable = isVulnerable;
        Vulnerability = vulnerability;
    }

    public Guid Id { get; private set; }

    public Guid CaseId { get; private set; }

    public string UnitPath { get; private set; }

    public PartyKind Kind { get; private set; }

    public PartyRole Role { get; private set; }

    /// <summary>The organisation's registered name (clear); null for a person.</summary>
    public string? OrganisationName { get; private set; }

    /// <summary>A person's name, encrypted; null for an organisation.</summary>
    public string? NameCipher { get; private set; }

    /// <summary>What lists show: 张*华 for a person, the full name of an organisation.</summary>
    public string NameMasked { get; private set; }

    /// <summary>Blind index of the normalised name (person or organisation): repeated disputes between the same parties.</summary>
    public string NameIndex { get; private set; }

    public string? IdentityNumberCipher { get; private set; }

    public string? IdentityNumberMasked { get; private set; }

    public string? IdentityNumberIndex { get; private set; }

    public string? PhoneCipher { get; private set; }

    public string? PhoneMasked { get; private set; }

    public string? PhoneIndex { get; private set; }

    /// <summary>弱势当事人: elderly, minor, disabled, pregnant … — raises the risk and calls for care in mediation.</summary>
    public bool IsVulnerable { get; private set; }

    /// <summary>Why the party is vulnerable (e.g. 80 岁独居老人), as recorded.</summary>
    public string? Vulnerability { get; private set; }

    internal void ReplaceCiphers(string? name, string? identityNumber, string? phone)
    {
        NameCipher = name ?? NameCipher;
        IdentityNumberCipher = identityNumber ?? IdentityNumberCipher;
        PhoneCipher = phone ?? PhoneCipher;
    }

    internal void ReplaceIndexes(string? name, string? identityNumber, string? phone)
    {
        NameIndex = name ?? NameIndex;
        IdentityNumberIndex = identityNumber ?? IdentityNumberIndex;
        PhoneIndex = phone ?? PhoneIndex;
    }
}

/// <summary>A protected value ready to store: cipher (null for public values), masked form, blind index.</summary>
internal sealed record ProtectedText(string? Cipher, string Masked, string Index);
