using System.Security.Cryptography;
using System.Text;

namespace Fengqiao.Cases.Open311;

/// <summary>
/// 接入方: an outside application (a civic app, a 12345 hotline system) allowed to file reports through Open311 with an
/// <c>api_key</c>. Only the key's first characters (to find the row) and its SHA-256 hash are stored; the key itself
/// is shown once, when the client is created.
/// </summary>
public sealed class ApiClient
{
    public const int MaxNameLength = 100;
    public const int PrefixLength = 8;

    private ApiClient()
    {
        Name = KeyPrefix = KeyHash = CreatedBy = "";
    }

    private ApiClient(string name, string? defaultUnitCode, string keyPrefix, string keyHash, string createdBy, DateTimeOffset createdAt)
    {
        Id = Guid.CreateVersion7();
        Name = name;
        DefaultUnitCode = defaultUnitCode;
        KeyPrefix = keyPrefix;
        KeyHash = keyHash;
        IsActive = true;
        CreatedBy = createdBy;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    /// <summary>The grid or community a report with an address but no point is filed to; null refuses such reports.</summary>
    public string? DefaultUnitCode { get; private set; }

    /// <summary>The key's first <see cref="PrefixLength"/> characters: finds the row and lets people tell keys apart.</summary>
    public string KeyPrefix { get; private set; }

    /// <summary>SHA-256 of the whole key, hex.</summary>
    public string KeyHash { get; private set; }

    public bool IsActive { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    /// <summary>A new client and its key; the key is returned here and nowhere else.</summary>
    public static (ApiClient Client, string Key) Create(string name, string? defaultUnitCode, string createdBy, DateTimeOffset now)
    {
        // 32 random bytes (256 bits) in base64url: unguessable; the prefix alone (48 bits) only narrows the lookup.
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (new ApiClient(name, defaultUnitCode, key[..PrefixLength], HashOf(key), createdBy, now), key);
    }

    public static string HashOf(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Compares in constant time, so that response times do not reveal how much of a guess was right.</summary>
    public bool Matches(string key) =>
        IsActive && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashOf(key)), Encoding.ASCII.GetBytes(KeyHash));

    public void Revoke(DateTimeOffset now)
    {
        IsActive = false;
        RevokedAt ??= now;
    }

    public void MarkUsed(DateTimeOffset now) => LastUsedAt = now;
}

/// <summary>
/// Which Open311 client filed a case, and the media URL it sent. Kept beside the case so that the case aggregate keeps
/// its shape (ADR 0011).
/// </summary>
public sealed class Open311Submission
{
    public const int MaxMediaUrlLength = 500;

    private Open311Submission()
    {
    }

    public Open311Submission(Guid caseId, Guid apiClientId, string? mediaUrl)
    {
        CaseId = caseId;
        ApiClientId = apiClientId;
        MediaUrl = mediaUrl;
    }

    public Guid CaseId { get; private set; }

    public Guid ApiClientId { get; private set; }

    public string? MediaUrl { get; private set; }
}
