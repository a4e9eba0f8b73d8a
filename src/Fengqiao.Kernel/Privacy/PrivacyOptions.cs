namespace Fengqiao.Kernel.Privacy;

/// <summary>
/// Configuration section "Privacy": the keys that protect personal data at rest (ADR 0010). Keys are base64 of 32
/// random bytes (<c>fengqiao privacy new-key</c>); they belong in a secret store or environment variables
/// (Privacy__Keys__2026a, Privacy__CurrentKeyId, Privacy__BlindIndexKey), never in a committed appsettings file.
/// </summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>Name of the file that holds generated keys outside Production, in Database:DataDirectory.</summary>
    public const string GeneratedKeyFileName = "privacy-keys.json";

    /// <summary>Encryption keys by id. Old keys stay listed until <c>fengqiao privacy rotate-keys</c> has moved every value off them.</summary>
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The key new values are encrypted with; one of <see cref="Keys"/>.</summary>
    public string? CurrentKeyId { get; set; }

    /// <summary>The HMAC-SHA256 key of the blind indexes used for exact search. Changing it invalidates every stored index.</summary>
    public string? BlindIndexKey { get; set; }

    internal bool IsEmpty => Keys.Count == 0 && string.IsNullOrWhiteSpace(CurrentKeyId) && string.IsNullOrWhiteSpace(BlindIndexKey);
}
