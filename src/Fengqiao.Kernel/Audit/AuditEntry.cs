using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Fengqiao.Kernel.Access;

namespace Fengqiao.Kernel.Audit;

/// <summary>
/// One line of the append-only audit log: a state-changing command or an unmasked read of personal data.
/// Each entry's hash covers its content and the previous entry's hash, so an edit, insertion or deletion breaks the chain.
/// </summary>
public sealed class AuditEntry : IJurisdictional
{
    /// <summary>Entries not tied to any unit (e.g. a failed login for an unknown name) are visible to every administrator.</summary>
    public const string SystemWidePath = "/";

    /// <summary>0.1 ms: the finest time both databases keep (SQLite's binary DateTimeOffset truncates below it).</summary>
    public const long StoredPrecisionTicks = 1000;

    private AuditEntry()
    {
        ActorName = Action = Target = UnitPath = Hash = PreviousHash = "";
    }

    internal AuditEntry(
        DateTimeOffset occurredAt, Guid? actorId, string actorName, string? role, string? unitCode, string action,
        string target, AuditOutcome outcome, string? ipAddress, string? detail, string unitPath)
    {
        // PostgreSQL keeps microseconds, SQLite's DateTimeOffset encoding 0.1 ms; hashing what both store exactly keeps
        // verification stable on either database.
        OccurredAt = new DateTimeOffset(occurredAt.UtcTicks - (occurredAt.UtcTicks % StoredPrecisionTicks), TimeSpan.Zero);
        ActorId = actorId;
        ActorName = Truncate(actorName, 256);
        Role = role;
        UnitCode = unitCode;
        Action = Truncate(action, 128);
        Target = Truncate(target, 256);
        Outcome = outcome;
        IpAddress = ipAddress;
        Detail = detail is null ? null : Truncate(detail, 2000);
        UnitPath = unitPath;
        Hash = PreviousHash = "";
    }

    /// <summary>1, 2, 3 … without gaps: a missing number is a deleted entry.</summary>
    public long Sequence { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    public Guid? ActorId { get; private set; }

    public string ActorName { get; private set; }

    public string? Role { get; private set; }

    /// <summary>The acting person's unit code(s).</summary>
    public string? UnitCode { get; private set; }

    /// <summary>What was done, e.g. "units.update-public-card" or "residents.reveal-identity-number".</summary>
    public string Action { get; private set; }

    /// <summary>What it was done to, e.g. "unit:320282001001".</summary>
    public string Target { get; private set; }

    public AuditOutcome Outcome { get; private set; }

    public string? IpAddress { get; private set; }

    /// <summary>Purpose stated for an unmasked read, reason for a refusal, or the fields changed.</summary>
    public string? Detail { get; private set; }

    /// <summary>Path of the unit the action concerned; audit browsing is filtered by it.</summary>
    public string UnitPath { get; private set; }

    public string PreviousHash { get; private set; }

    public string Hash { get; private set; }

    internal bool IsSealed => Sequence > 0;

    /// <summary>Places the entry after <paramref name="previousHash"/> at <paramref name="sequence"/> and seals it.</summary>
    internal void Seal(long sequence, string previousHash)
    {
        Sequence = sequence;
        PreviousHash = previousHash;
        Hash = ComputeHash();
    }

    /// <summary>The hash this entry should carry given its stored content.</summary>
    public string ComputeHash()
    {
        var canonical = string.Join(
            '\u001f',
            Sequence.ToString(CultureInfo.InvariantCulture),
            OccurredAt.UtcTicks.ToString(CultureInfo.InvariantCulture),
            ActorId?.ToString("N") ?? "",
            ActorName,
            Role ?? "",
            UnitCode ?? "",
            Action,
            Target,
            ((int)Outcome).ToString(CultureInfo.InvariantCulture),
            IpAddress ?? "",
            Detail ?? "",
            UnitPath,
            PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
