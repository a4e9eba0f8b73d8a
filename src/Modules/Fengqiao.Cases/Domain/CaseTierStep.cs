using Fengqiao.Kernel.Units;

namespace Fengqiao.Cases.Domain;

/// <summary>
/// One tier a case passed (层级轨迹): the unit (and department) that held it, from when to when, and how it got there
/// (first routing, escalation with a reason, hand-back down). The record shows the path 网格 → 社区 → 街道 … and the tier
/// that resolved it.
/// </summary>
public sealed class CaseTierStep
{
    private CaseTierStep()
    {
        UnitCode = How = "";
    }

    internal CaseTierStep(Guid caseId, int sequence, UnitLevel level, string unitCode, string? departmentCode, string how, string? reason, DateTimeOffset enteredAt)
    {
        Id = Guid.CreateVersion7();
        CaseId = caseId;
        Sequence = sequence;
        Level = level;
        UnitCode = unitCode;
        DepartmentCode = departmentCode;
        How = how;
        Reason = reason;
        EnteredAt = enteredAt;
    }

    public Guid Id { get; private set; }

    public Guid CaseId { get; private set; }

    public int Sequence { get; private set; }

    public UnitLevel Level { get; private set; }

    public string UnitCode { get; private set; }

    public string? DepartmentCode { get; private set; }

    /// <summary>"routed", "escalated", "overdue-escalated", "handed-down" or "reopened".</summary>
    public string How { get; private set; }

    public string? Reason { get; private set; }

    public DateTimeOffset EnteredAt { get; private set; }

    public DateTimeOffset? LeftAt { get; private set; }

    internal void Leave(DateTimeOffset at) => LeftAt ??= at;
}
