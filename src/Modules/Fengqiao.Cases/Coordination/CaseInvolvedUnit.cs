using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Units;

namespace Fengqiao.Cases.Coordination;

/// <summary>
/// 涉及单位: a unit a case touches besides the one it lies in (a road between two communities, a dispute across a grid
/// line). Jurisdictional on the involved unit's path, so that unit's staff (and those above it) reach the case too.
/// </summary>
public sealed class CaseInvolvedUnit : IJurisdictional
{
    public const int MaxReasonLength = 500;

    private CaseInvolvedUnit()
    {
        UnitCode = UnitPath = UnitName = Reason = AddedBy = "";
    }

    public CaseInvolvedUnit(Guid caseId, string unitCode, string unitPath, string unitName, UnitLevel level, string reason, DateTimeOffset addedAt, string addedBy)
    {
        Id = Guid.CreateVersion7();
        CaseId = caseId;
        UnitCode = unitCode;
        UnitPath = unitPath;
        UnitName = unitName;
        Level = level;
        Reason = reason;
        AddedAt = addedAt;
        AddedBy = addedBy;
    }

    public Guid Id { get; private set; }

    public Guid CaseId { get; private set; }

    public string UnitCode { get; private set; }

    public string UnitPath { get; private set; }

    public string UnitName { get; private set; }

    public UnitLevel Level { get; private set; }

    public string Reason { get; private set; }

    public DateTimeOffset AddedAt { get; private set; }

    public string AddedBy { get; private set; }
}
