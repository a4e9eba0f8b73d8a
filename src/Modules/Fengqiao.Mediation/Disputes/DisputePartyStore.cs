using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Mediation.Disputes;

/// <summary>
/// Parties' encrypted names, identity numbers and phones with their blind indexes, for key rotation
/// (<c>fengqiao privacy rotate-keys</c>) and re-keying (<c>fengqiao privacy rekey-blind-index</c>).
/// </summary>
internal sealed class DisputePartyStore(FengqiaoDbContext db) : IPersonalDataStore, IBlindIndexStore
{
    public string Name => "调解案件当事人";

    public async Task<IReadOnlyList<ProtectedRow>> ReadBatchAsync(string? afterKey, int maxRows, CancellationToken cancellationToken)
    {
        var rows = await Batch(afterKey, maxRows).Select(p => new { p.Id, p.NameCipher, p.IdentityNumberCipher, p.PhoneCipher }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new ProtectedRow(r.Id.ToString(), Values(
            (DisputeParty.NameField, r.NameCipher), (DisputeParty.IdentityNumberField, r.IdentityNumberCipher), (DisputeParty.PhoneField, r.PhoneCipher))))];
    }

    public async Task WriteBatchAsync(IReadOnlyList<ProtectedRow> rows, CancellationToken cancellationToken)
    {
        var parties = await LoadAsync(rows.Select(r => r.Key), cancellationToken);
        foreach (var row in rows)
        {
            if (parties.TryGetValue(Guid.Parse(row.Key), out var party))
            {
                party.ReplaceCiphers(
                    row.Values.GetValueOrDefault(DisputeParty.NameField), row.Values.GetValueOrDefault(DisputeParty.IdentityNumberField), row.Values.GetValueOrDefault(DisputeParty.PhoneField));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    async Task<IReadOnlyList<BlindIndexedRow>> IBlindIndexStore.ReadBatchAsync(string? afterKey, int maxRows, CancellationToken cancellationToken)
    {
        // An organisation's name has no cipher: its index is kept under the current key by registering it again, not here.
        var rows = await Batch(afterKey, maxRows)
            .Select(p => new { p.Id, p.NameCipher, p.NameIndex, p.IdentityNumberCipher, p.IdentityNumberIndex, p.PhoneCipher, p.PhoneIndex })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new BlindIndexedRow(r.Id.ToString(), [.. new[]
        {
            r.NameCipher is null ? null : new BlindIndexedValue(DisputeParty.NameField, r.NameCipher, r.NameIndex),
            r.IdentityNumberCipher is null ? null : new BlindIndexedValue(DisputeParty.IdentityNumberField, r.IdentityNumberCipher, r.IdentityNumberIndex),
            r.PhoneCipher is null ? null : new BlindIndexedValue(DisputeParty.PhoneField, r.PhoneCipher, r.PhoneIndex),
        }.OfType<BlindIndexedValue>()]))];
    }

    async Task IBlindIndexStore.WriteBatchAsync(IReadOnlyList<BlindIndexUpdate> updates, CancellationToken cancellationToken)
    {
        var parties = await LoadAsync(updates.Select(u => u.Key), cancellationToken);
        foreach (var update in updates)
        {
            if (parties.TryGetValue(Guid.Parse(update.Key), out var party))
            {
                party.ReplaceIndexes(
                    update.Indexes.GetValueOrDefault(DisputeParty.NameField), update.Indexes.GetValueOrDefault(DisputeParty.IdentityNumberField),
                    update.Indexes.GetValueOrDefault(DisputeParty.PhoneField));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>Rotation walks every row whatever the caller's jurisdiction; this query reads parties only.</summary>
    private IQueryable<DisputeParty> Batch(string? afterKey, int maxRows)
    {
        var parties = db.Set<DisputeParty>().IgnoreQueryFilters().AsNoTracking()
            .Where(p => p.NameCipher != null || p.IdentityNumberCipher != null || p.PhoneCipher != null);
        if (afterKey is not null)
        {
            var after = Guid.Parse(afterKey);
            parties = parties.Where(p => p.Id.CompareTo(after) > 0);
        }

        return parties.OrderBy(p => p.Id).Take(maxRows);
    }

    private async Task<Dictionary<Guid, DisputeParty>> LoadAsync(IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var ids = keys.Select(Guid.Parse).ToList();
        return await db.Set<DisputeParty>().IgnoreQueryFilters().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
    }

    private static Dictionary<string, string> Values(params (string Field, string? Cipher)[] values) =>
        values.Where(v => v.Cipher is not null).ToDictionary(v => v.Field, v => v.Cipher!);
}
