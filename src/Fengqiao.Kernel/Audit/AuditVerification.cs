namespace Fengqiao.Kernel.Audit;

/// <summary>The result of walking the audit chain: empty <see cref="Problems"/> means intact.</summary>
public sealed record AuditVerification(long EntriesChecked, IReadOnlyList<AuditProblem> Problems)
{
    public bool IsIntact => Problems.Count == 0;
}

/// <summary>One break in the chain, located at a sequence number, with a plain explanation.</summary>
public sealed record AuditProblem(long Sequence, string Kind, string Description);
