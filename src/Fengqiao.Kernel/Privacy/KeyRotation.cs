namespace Fengqiao.Kernel.Privacy;

/// <summary>A row's encrypted values by field (column) name; absent (null) columns are left out.</summary>
/// <param name="Key">The row's key, in the order the store pages by (e.g. the id as text).</param>
/// <param name="Values">Field name (as passed to <see cref="PersonalDataProtector.Encrypt"/>) → ciphertext.</param>
public sealed record ProtectedRow(string Key, IReadOnlyDictionary<string, string> Values);

/// <summary>
/// Implemented by each module that keeps encrypted personal data (e.g. Places for residents) and registered with
/// <c>services.AddScoped&lt;IPersonalDataStore, …&gt;()</c>, so that <c>fengqiao privacy rotate-keys</c> can walk it.
/// </summary>
public interface IPersonalDataStore
{
    /// <summary>What the store holds, for people: e.g. "居民".</summary>
    string Name { get; }

    /// <summary>
    /// Up to <paramref name="maxRows"/> rows whose key sorts after <paramref name="afterKey"/> (all rows when null),
    /// in a stable key order, ignoring jurisdiction. Fewer than asked means the end.
    /// </summary>
    Task<IReadOnlyList<ProtectedRow>> ReadBatchAsync(string? afterKey, int maxRows, CancellationToken cancellationToken);

    /// <summary>Writes the given values (only those that changed) and commits them.</summary>
    Task WriteBatchAsync(IReadOnlyList<ProtectedRow> rows, CancellationToken cancellationToken);
}

public sealed record StoreRotationResult(string Store, long RowsExamined, long ValuesReencrypted, long ValuesAlreadyCurrent);

public sealed record KeyRotationResult(string CurrentKeyId, IReadOnlyList<StoreRotationResult> Stores)
{
    public long RowsExamined => Stores.Sum(s => s.RowsExamined);

    public long ValuesReencrypted => Stores.Sum(s => s.ValuesReencrypted);

    public long ValuesAlreadyCurrent => Stores.Sum(s => s.ValuesAlreadyCurrent);
}

/// <summary>
/// Moves every encrypted value onto the current key: each registered store is read in batches, values under an older
/// key are decrypted and encrypted again, and each batch is written (and committed) before the next is read.
/// Idempotent and resumable: a value already under the current key is left as it is, so a second run changes
/// nothing and an interrupted run simply continues. Blind indexes do not depend on these keys and stay valid.
/// </summary>
public sealed class KeyRotation
{
    public const int DefaultBatchSize = 500;

    private readonly IEnumerable<IPersonalDataStore> _stores;
    private readonly PersonalDataProtector _protector;

    internal KeyRotation(IEnumerable<IPersonalDataStore> stores, PersonalDataProtector protector)
    {
        _stores = stores;
        _protector = protector;
    }

    /// <summary>Rotates every store; <paramref name="progress"/> receives the rows examined so far, across all stores, after each batch.</summary>
    public async Task<KeyRotationResult> RotateAsync(IProgress<int>? progress = null, int batchSize = DefaultBatchSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var results = new List<StoreRotationResult>();
        var examinedSoFar = 0;
        foreach (var store in _stores)
        {
            long rows = 0, reencrypted = 0, current = 0;
            string? after = null;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = await store.ReadBatchAsync(after, batchSize, cancellationToken);
                var changed = new List<ProtectedRow>();
                foreach (var row in batch)
                {
                    var rewritten = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var (field, ciphertext) in row.Values)
                    {
                        if (_protector.NeedsRotation(ciphertext))
                        {
                            rewritten[field] = _protector.Encrypt(field, _protector.Decrypt(field, ciphertext));
                        }
                        else
                        {
                            current++;
                        }
                    }

                    if (rewritten.Count > 0)
                    {
                        reencrypted += rewritten.Count;
                        changed.Add(new ProtectedRow(row.Key, rewritten));
                    }
                }

                if (changed.Count > 0)
                {
                    await store.WriteBatchAsync(changed, cancellationToken);
                }

                rows += batch.Count;
                examinedSoFar += batch.Count;
                if (batch.Count > 0)
                {
                    progress?.Report(examinedSoFar);
                    after = batch[^1].Key;
                }

                if (batch.Count < batchSize)
                {
                    break;
                }
            }

            results.Add(new StoreRotationResult(store.Name, rows, reencrypted, current));
        }

        return new KeyRotationResult(_protector.CurrentKeyId, results);
    }
}
