namespace Fengqiao.Cases.Intake;

/// <summary>
/// A POST that carried an <c>Idempotency-Key</c>: retried with the same key and body it returns the same case; with a
/// different body it is refused as a conflict. Keys are per caller.
/// </summary>
public sealed class IdempotencyRecord
{
    public const int MaxKeyLength = 100;

    private IdempotencyRecord()
    {
        Caller = Key = RequestHash = TrackingCode = "";
    }

    public IdempotencyRecord(string caller, string key, string requestHash, Guid caseId, string trackingCode, DateTimeOffset createdAt)
    {
        Id = Guid.CreateVersion7();
        Caller = caller;
        Key = key;
        RequestHash = requestHash;
        CaseId = caseId;
        TrackingCode = trackingCode;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    /// <summary>The user id, API client or "anonymous:{ip}" the key belongs to.</summary>
    public string Caller { get; private set; }

    public string Key { get; private set; }

    /// <summary>SHA-256 of the canonical request body.</summary>
    public string RequestHash { get; private set; }

    public Guid CaseId { get; private set; }

    public string TrackingCode { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}
