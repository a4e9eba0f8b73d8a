namespace Fengqiao.Kernel.Audit;

public enum AuditOutcome
{
    Succeeded = 1,

    /// <summary>Refused by role, jurisdiction or authentication.</summary>
    Denied = 2,

    /// <summary>Attempted but rejected by validation or a business rule; nothing changed.</summary>
    Failed = 3,
}
