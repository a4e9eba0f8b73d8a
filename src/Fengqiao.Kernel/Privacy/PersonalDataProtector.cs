using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Fengqiao.Kernel.Privacy;

/// <summary>
/// Field-level encryption of personal data at rest (ADR 0010). Each value is sealed with AES-256-GCM under the
/// current key of the ring and written as <c>v1.{keyId}.{base64url(nonce | ciphertext | tag)}</c>; the field name is
/// bound in as associated data, so a value copied into another column does not decrypt. Exact search goes through
/// <see cref="BlindIndex"/>, a keyed HMAC that does not change when the encryption keys rotate.
/// </summary>
public sealed class PersonalDataProtector
{
    public const string Version = "v1";

    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly Dictionary<string, byte[]> _keys;
    private readonly byte[] _blindIndexKey;

    internal PersonalDataProtector(IOptions<PrivacyOptions> options)
        : this(options.Value)
    {
    }

    /// <summary>A protector over the given (already validated) options.</summary>
    internal PersonalDataProtector(PrivacyOptions options)
    {
        _keys = options.Keys.ToDictionary(
            pair => pair.Key,
            pair => PrivacyKeys.Decode(pair.Value) ?? throw new ArgumentException($"Privacy:Keys:{pair.Key} is not a base64 256-bit key.", nameof(options)),
            StringComparer.Ordinal);
        CurrentKeyId = options.CurrentKeyId is { } current && _keys.ContainsKey(current)
            ? current
            : throw new ArgumentException("Privacy:CurrentKeyId must name one of Privacy:Keys.", nameof(options));
        _blindIndexKey = PrivacyKeys.Decode(options.BlindIndexKey)
            ?? throw new ArgumentException("Privacy:BlindIndexKey is not a base64 256-bit key.", nameof(options));
    }

    /// <summary>The key that new values are encrypted with.</summary>
    public string CurrentKeyId { get; }

    /// <summary>Encrypts <paramref name="plaintext"/> for the column <paramref name="field"/> (e.g. "residents.identity_number").</summary>
    public string Encrypt(string field, string plaintext)
    {
        ArgumentException.ThrowIfNullOrEmpty(field);
        ArgumentNullException.ThrowIfNull(plaintext);
        var key = _keys[CurrentKeyId];
        var clear = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceBytes + clear.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key, TagBytes))
        {
            aes.Encrypt(nonce, clear, sealedBytes.AsSpan(NonceBytes, clear.Length), sealedBytes.AsSpan(NonceBytes + clear.Length), AssociatedData(CurrentKeyId, field));
        }

        CryptographicOperations.ZeroMemory(clear);
        return $"{Version}.{CurrentKeyId}.{Base64Url.EncodeToString(sealedBytes)}";
    }

    /// <summary>Decrypts a value written by <see cref="Encrypt"/> for the same field, under any key still in the ring.</summary>
    /// <exception cref="PersonalDataCryptoException">The value is malformed, its key is gone, or it was altered or moved.</exception>
    public string Decrypt(string field, string ciphertext)
    {
        ArgumentException.ThrowIfNullOrEmpty(field);
        var (keyId, payload) = Split(field, ciphertext);
        if (!_keys.TryGetValue(keyId, out var key))
        {
            throw new PersonalDataCryptoException(field, $"字段 {field} 的密文使用的密钥“{keyId}”已不在 Privacy:Keys 中，无法解密。请恢复该密钥，轮换完成前不要删除旧密钥。");
        }

        byte[] sealedBytes;
        try
        {
            sealedBytes = Base64Url.DecodeFromChars(payload);
        }
        catch (FormatException)
        {
            throw Malformed(field);
        }

        if (sealedBytes.Length < NonceBytes + TagBytes)
        {
            throw Malformed(field);
        }

        var clearLength = sealedBytes.Length - NonceBytes - TagBytes;
        var clear = new byte[clearLength];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(
                sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, clearLength), sealedBytes.AsSpan(NonceBytes + clearLength), clear,
                AssociatedData(keyId, field));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new PersonalDataCryptoException(field, $"字段 {field} 的密文校验失败：数据被篡改、被移到了其他字段，或密钥与加密时不同。");
        }

        var text = Encoding.UTF8.GetString(clear);
        CryptographicOperations.ZeroMemory(clear);
        return text;
    }

    /// <summary>Whether the value was encrypted under a key other than the current one.</summary>
    public bool NeedsRotation(string ciphertext) => !string.Equals(KeyIdOf(ciphertext), CurrentKeyId, StringComparison.Ordinal);

    /// <summary>The id of the key a value was encrypted with.</summary>
    public static string KeyIdOf(string ciphertext) => Split("?", ciphertext).KeyId;

    /// <summary>Whether the text has the shape of a value from <see cref="Encrypt"/> (it is not checked cryptographically).</summary>
    public static bool IsProtected(string? text) =>
        text is not null && text.StartsWith(Version + ".", StringComparison.Ordinal) && text.Split('.').Length == 3;

    /// <summary>The value under the current key: unchanged when it already is, otherwise decrypted and encrypted again.</summary>
    public string Reencrypt(string field, string ciphertext) =>
        NeedsRotation(ciphertext) ? Encrypt(field, Decrypt(field, ciphertext)) : ciphertext;

    /// <summary>
    /// A keyed hash of a normalised value (e.g. <see cref="ChineseIdentityNumber.Value"/>) for exact search: store it
    /// beside the ciphertext and look rows up by it. The field is part of the hash, so equal values in different
    /// columns cannot be matched with each other. Independent of the encryption keys, so rotation leaves it valid.
    /// </summary>
    public string BlindIndex(string field, string normalisedValue)
    {
        ArgumentException.ThrowIfNullOrEmpty(field);
        ArgumentNullException.ThrowIfNull(normalisedValue);
        return ComputeBlindIndex(_blindIndexKey, field, normalisedValue);
    }

    /// <summary>The blind index under a given key: what <see cref="BlindIndex"/> computes with Privacy:BlindIndexKey (used when re-keying).</summary>
    internal static string ComputeBlindIndex(byte[] key, string field, string normalisedValue)
    {
        var message = Encoding.UTF8.GetBytes(field + "\u001f" + normalisedValue);
        return Base64Url.EncodeToString(HMACSHA256.HashData(key, message));
    }

    private static byte[] AssociatedData(string keyId, string field) => Encoding.UTF8.GetBytes($"{Version}.{keyId}.{field}");

    private static (string KeyId, string Payload) Split(string field, string ciphertext)
    {
        var parts = (ciphertext ?? "").Split('.');
        if (parts.Length != 3 || parts[0] != Version || !PrivacyKeys.IsValidKeyId(parts[1]) || parts[2].Length == 0)
        {
            throw Malformed(field);
        }

        return (parts[1], parts[2]);
    }

    private static PersonalDataCryptoException Malformed(string field) =>
        new(field, $"字段 {field} 的值不是有效的密文（应为 {Version}.密钥编号.密文）。");
}

/// <summary>
/// An encrypted value could not be read: malformed, altered, moved to another column, or under a key no longer
/// configured. This is a fault of data or configuration, not of the caller's input.
/// </summary>
public sealed class PersonalDataCryptoException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
