using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Places.People;

/// <summary>
/// 我的个人信息 (PIPL right of access): a signed-in resident whose account is linked to a resident record sees what is
/// held about them, unmasked (audited as a self-read), and every time staff saw or exported it.
/// </summary>
public sealed class MyPersonalData(FengqiaoDbContext db, ICurrentActor actor, IAuditTrail audit, PersonalDataProtector protector)
{
    public const string SelfReadAction = "personal-data.self-read";

    public async Task<MyPersonalDataView> GetAsync(CancellationToken cancellationToken)
    {
        var userId = actor.UserId ?? throw new NotFoundException("与您的账号关联的居民信息");
        // A resident has no jurisdiction of their own: their record is found by their account, one entity, unfiltered.
        var resident = await db.Set<Resident>().IgnoreQueryFilters().AsNoTracking()
            .SingleOrDefaultAsync(r => r.UserId == userId && !r.IsErased, cancellationToken)
            ?? throw new NotFoundException("与您的账号关联的居民信息");
        var data = await ResidentRecords.ReadAllAsync(db, protector, resident, ignoreFilters: true, cancellationToken);
        var target = ResidentRecords.Target(resident);
        audit.Record(SelfReadAction, target, resident.UnitPath, "本人查阅");
        await db.SaveChangesAsync(cancellationToken);

        // A separate query over the audit log alone: who saw this resident's data unmasked, and why.
        string[] disclosures = [PersonalDataAccess.RevealAction, ResidentRecords.ExportAction];
        var entries = await db.AuditEntries.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.Target == target && e.Outcome == AuditOutcome.Succeeded && disclosures.Contains(e.Action))
            .OrderBy(e => e.Sequence)
            .Select(e => new { e.OccurredAt, e.ActorName, e.Role, e.Action, e.Detail })
            .ToListAsync(cancellationToken);
        return new MyPersonalDataView(data, [.. entries.Select(e => new DisclosureView(e.OccurredAt, e.ActorName, e.Role, e.Action, Part(e.Detail, "字段："), Part(e.Detail, "目的：") ?? e.Detail))]);
    }

    /// <summary>The value after a label in a detail like "字段：residents.phone；目的：走访核实".</summary>
    private static string? Part(string? detail, string label)
    {
        if (detail is null)
        {
            return null;
        }

        var start = detail.IndexOf(label, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += label.Length;
        var end = label == "目的：" ? detail.Length : detail.IndexOf('；', start);
        return detail[start..(end < 0 ? detail.Length : end)];
    }
}
