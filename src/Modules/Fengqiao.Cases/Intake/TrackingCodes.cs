using System.Security.Cryptography;

namespace Fengqiao.Cases.Intake;

/// <summary>
/// 查询码: ten characters of Crockford's base32 (no I, L, O, U), 50 random bits. Unguessable, so the code alone lets a
/// reporter without an account follow their case; easy to read out on the phone.
/// </summary>
public static class TrackingCodes
{
    public const int Length = 10;
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New() => string.Create(Length, 0, static (chars, _) =>
    {
        Span<byte> bytes = stackalloc byte[Length];
        RandomNumberGenerator.Fill(bytes);
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[bytes[i] & 31];
        }
    });

    /// <summary>Upper-cases, drops spaces and dashes, and reads the look-alikes O→0, I/L→1 as Crockford does.</summary>
    public static string? Normalise(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var cleaned = new string([.. code.Trim().ToUpperInvariant().Where(c => c is not ('-' or ' '))
            .Select(c => c switch { 'O' => '0', 'I' or 'L' => '1', _ => c })]);
        return cleaned.Length == Length && cleaned.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) ? cleaned : null;
    }
}
