using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Kernel.Audit;

internal sealed class AuditTrail(FengqiaoDbContext db, ICurrentActor actor, TimeProvider clock, IServiceScopeFactory scopes) : IAuditTrail
{
    public void Record(string action, string target, string? unitPath = null, string? detail = null) =>
        db.Add(Entry(action, target, unitPath, detail));

    public AuditEntry Entry(string action, string target, string? unitPath = null, string? detail = null) =>
        Create(action, target, AuditOutcome.Succeeded, detail, unitPath);

    public bool RefusalRecorded { get; private set; }

    public async Task RecordRefusalAsync(string action, string target, AuditOutcome outcome, string? detail, string? unitPath = null, CancellationToken cancellationToken = default)
    {
        RefusalRecorded = true;
        var entry = Create(action, target, outcome, detail, unitPath);
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().SetSystem();
        var separate = scope.ServiceProvider.GetRequiredService<FengqiaoDbContext>();
        separate.Add(entry);
        await separate.SaveChangesAsync(cancellationToken);
    }

    private AuditEntry Create(string action, string target, AuditOutcome outcome, string? detail, string? unitPath)
    {
        var scopePath = actor.Scope.UnitPaths.Count > 0 ? actor.Scope.UnitPaths[0] : AuditEntry.SystemWidePath;
        return new AuditEntry(
            clock.GetUtcNow(),
            actor.UserId,
            actor.Name,
            actor.Roles.Count == 0 ? null : string.Join(',', actor.Roles),
            actor.UnitCodes.Count == 0 ? null : string.Join(',', actor.UnitCodes),
            action,
            target,
            outcome,
            actor.IpAddress,
            detail,
            unitPath ?? scopePath);
    }
}
