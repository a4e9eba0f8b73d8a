namespace Fengqiao.Kernel.Audit;

/// <summary>
/// The last sealed entry, updated in the same transaction as each append. Without it, deleting the newest entries
/// would leave a chain that still verifies.
/// </summary>
public sealed class AuditChainHead
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public long LastSequence { get; set; }

    public string LastHash { get; set; } = "";
}
