using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Places.People;

/// <summary>
/// The residents' encrypted columns and their blind indexes, for <c>fengqiao privacy rotate-keys</c> and
/// <c>fengqiao privacy rekey-blind-index</c>. Reads ignore jurisdiction (one entity set).
/// </summary>
internal sealed class ResidentDataStore(FengqiaoDbContext db) : IPersonalDataStore, IBlindIndexStore
{
    public string Name => "居民";

    public async Task<IReadOnlyList<ProtectedRow>> ReadBatchAsync(string? afterKey, int maxRows, CancellationToken cancellationToken)
    {
        var residents = db.Set<Resident>().IgnoreQueryFilters().AsNoTracking();
        if (afterKey is not null)
        {
            var after = Guid.Parse(afterKey);
            residents = residents.Where(r => r.Id > after);
        }

        var rows = await residents.OrderBy(r => r.Id).Take(maxRows)
            .Select(r => new { r.Id, r.IdentityNumber, r.Phone })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r =>
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            if (r.IdentityNumber is not null)
            {
                values[Resident.IdentityNumberField] = r.IdentityNumber;
            }

            if (r.Phone is not null)
            {
                values[Resident.PhoneField] = r.Phone;
            }

            return new ProtectedRow(r.Id.ToString(), values);
        })];
    }

    public async Task WriteBatchAsync(IReadOnlyList<ProtectedRow> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => Guid.Parse(r.Key)).ToList();
        var residents = await db.Set<Resident>().IgnoreQueryFilters().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
        foreach (var row in rows)
        {
            if (residents.TryGetValue(Guid.Parse(row.Key), out var resident))
            {
                foreach (var (field, ciphertext) in row.Values)
                {
                    resident.Rewrap(field, ciphertext);
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    async Task<IReadOnlyList<BlindIndexedRow>> IBlindIndexStore.ReadBatchAsync(string? afterKey, int maxRows, CancellationToken cancellationToken)
    {
        // Erased residents have neither value nor index.
        var residents = db.Set<Resident>().IgnoreQueryFilters().AsNoTracking().Where(r => r.IdentityNumber != null || r.Phone != null);
        if (afterKey is not null)
        {
            var after = Guid.Parse(afterKey);
            residents = residents.Where(r => r.Id > after);
        }

        var rows = await residents.OrderBy(r => r.Id).Take(maxRows)
            .Select(r => new { r.Id, r.IdentityNumber, r.IdentityNumberIndex, r.Phone, r.PhoneIndex })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r =>
        {
            var values = new List<BlindIndexedValue>(2);
            if (r.IdentityNumber is not null)
            {
                values.Add(new BlindIndexedValue(Resident.IdentityNumberField, r.IdentityNumber, r.IdentityNumberIndex));
            }

            if (r.Phone is not null)
            {
                values.Add(new BlindIndexedValue(Resident.PhoneField, r.Phone, r.PhoneIndex));
            }

            return new BlindIndexedRow(r.Id.ToString(), values);
        })];
    }

    async Task IBlindIndexStore.WriteBatchAsync(IReadOnlyList<BlindIndexUpdate> updates, CancellationToken cancellationToken)
    {
        var ids = updates.Select(u => Guid.Parse(u.Key)).ToList();
        var residents = await db.Set<Resident>().IgnoreQueryFilters().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
        foreach (var update in updates)
        {
            if (residents.TryGetValue(Guid.Parse(update.Key), out var resident))
            {
                foreach (var (field, index) in update.Indexes)
                {
                    resident.Reindex(field, index);
                }
            }
        }

        // One SaveChanges: the batch commits in one transaction, or not at all.
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }
}
