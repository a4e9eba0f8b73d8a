namespace Fengqiao.Kernel.Audit;

/// <summary>Writes the audit log. Successes commit with the change they describe; refusals are written at once on their own.</summary>
public interface IAuditTrail
{
    /// <summary>Adds a success entry to the unit of work; it is sealed and committed by the next SaveChanges.</summary>
    void Record(string action, string target, string? unitPath = null, string? detail = null);

    /// <summary>
    /// A success entry for a write path that appends its rows itself (<see cref="Data.FengqiaoDbContext.AppendAsync"/>);
    /// it is sealed into the chain when appended.
    /// </summary>
    AuditEntry Entry(string action, string target, string? unitPath = null, string? detail = null);

    /// <summary>Writes a refused or failed attempt in its own transaction, so it survives the rollback of the attempt.</summary>
    /// <summary>True once this scope has written a refusal, so that an outer layer does not write the same one again.</summary>
    bool RefusalRecorded { get; }

    Task RecordRefusalAsync(string action, string target, AuditOutcome outcome, string? detail, string? unitPath = null, CancellationToken cancellationToken = default);
}
