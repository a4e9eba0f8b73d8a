using Fengqiao.Kernel.Access;

namespace Fengqiao.Mediation.Disputes;

/// <summary>A mediator (platform account) assigned to a case; open assignments are the mediator's workload.</summary>
public sealed class CaseMediator : IJurisdictional
{
    private CaseMediator()
    {
        UnitPath = Name = "";
    }

    internal CaseMediator(Guid caseId, string unitPath, Guid userId, string name, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        CaseId = caseId;
        UnitPath = unitPath;
        UserId = userId;
        Name = name;
        AssignedAt = at;
    }

    public Guid Id { get; private set; }

    public Guid CaseId { get; private set; }

    public string UnitPath { get; private set; }

    public Guid UserId { get; private set; }

    /// <summary>The mediator's name as registered in the committee.</summary>
    public string Name { get; private set; }

    public DateTimeOffset AssignedAt { get; private set; }
}
