using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Places.Organisations;

/// <summary>
/// Organisation members' encrypted phones and their blind indexes, for key rotation (<c>fengqiao privacy rotate-keys</c>)
/// and re-keying (<c>fengqiao privacy rekey-blind-index</c>).
/// </summary>
internal sealed class OrganisationPhoneStore(FengqiaoDbContext db) : IPersonalDataStore, IBlindIndexStore
{
    public string Name => "组织成员电话";

    public async Task<IReadOnlyList<ProtectedRow>> ReadBatchAsync(string? afterKey, int maxRows, CancellationToken cancellationToken)
    {
        // Rotation walks every row whatever the caller's jurisdiction; this query reads members only.
        var members = db.Set<OrganisationMember>().IgnoreQueryFilters().AsNoTracking().Where(m => m.PhoneCipher != null);
        if (afterKey is not null)
        {
            var after = Guid.Parse(afterKey);
            members = members.Where(m => m.Id.CompareTo(after) > 0);
        }

        var rows = await members.OrderBy(m => m.Id).Take(maxRows).Select(m => new { m.Id, m.PhoneCipher }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new ProtectedRow(r.Id.ToString(), new Dictionary<string, string> { [OrganisationMember.PhoneField] = r.PhoneCipher! }))];
    }

    public async Task WriteBatchAsync(IReadOnlyList<ProtectedRow> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => Guid.Parse(r.Key)).ToList();
        var members = await db.Set<OrganisationMember>().IgnoreQueryFilters().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken);
        foreach (var row in rows)
        {
            if (members.TryGetValue(Guid.Parse(row.Key), out var member) && row.Values.TryGetValue(OrganisationMember.PhoneField, out var cipher))
            {
                member.ReplacePhoneCipher(cipher);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    async Task<IReadOnlyList<BlindIndexedRow>> IBlindIndexStore.ReadBatchAsync(string? afterKey, int maxRows, CancellationToken cancellationToken)
    {
        var members = db.Set<OrganisationMember>().IgnoreQueryFilters().AsNoTracking().Where(m => m.PhoneCipher != null);
        if (afterKey is not null)
        {
            var after = Guid.Parse(afterKey);
            members = members.Where(m => m.Id.CompareTo(after) > 0);
        }

        var rows = await members.OrderBy(m => m.Id).Take(maxRows).Select(m => new { m.Id, m.PhoneCipher, m.PhoneIndex }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new BlindIndexedRow(r.Id.ToString(), [new BlindIndexedValue(OrganisationMember.PhoneField, r.PhoneCipher!, r.PhoneIndex)]))];
    }

    async Task IBlindIndexStore.WriteBatchAsync(IReadOnlyList<BlindIndexUpdate> updates, CancellationToken cancellationToken)
    {
        var ids = updates.Select(u => Guid.Parse(u.Key)).ToList();
        var members = await db.Set<OrganisationMember>().IgnoreQueryFilters().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken);
        foreach (var update in updates)
        {
            if (members.TryGetValue(Guid.Parse(update.Key), out var member) && update.Indexes.TryGetValue(OrganisationMember.PhoneField, out var index))
            {
                member.ReplacePhoneIndex(index);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }
}
