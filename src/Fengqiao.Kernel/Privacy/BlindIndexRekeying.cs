namespace Fengqiao.Kernel.Privacy;

/// <summary>One encrypted value and the blind index stored beside it.</summary>
/// <param name="Field">The field name (as passed to <see cref="PersonalDataProtector.Encrypt"/> and <see cref="PersonalDataProtector.BlindIndex"/>).</param>
/// <param name="Ciphertext">The encrypted normalised value.</param>
/// <param name="Index">The stored blind index, if any.</param>
public sealed record BlindIndexedValue(string Field, string Ciphertext, string? Index);

/// <summary>A row's blind-indexed values.</summary>
public sealed record BlindIndexedRow(string Key, IReadOnlyList<BlindIndexedValue> Values);

/// <summary>New blind indexes for one row: field name → index.</summary>
public sealed record BlindIndexUpdate(string Key, IReadOnlyDictionary<string, string> Indexes);

/// <summary>
/// Implemented by each module that keeps blind indexes beside encrypted values (registered with
/// <c>services.AddScoped&lt;IBlindIndexStore, …&gt;()</c>), so that <c>fengqiao privacy rekey-blind-index</c> can walk it.
/// The encrypted value must be the normalised value the index was computed from.
/// </summary>
public interface IBlindIndexStore
{
    /// <summary>What the store holds, for people: e.g. "居民".</summary>
    string Name { get; }

    /// <summary>
    /// Up to <paramref name="maxRows"/> rows with at least one indexed value whose key sorts after
    /// <paramref name="afterKey"/>, in a stable key order, ignoring jurisdiction. Fewer than asked means the end.
    /// </summary>
    Task<IReadOnlyList<BlindIndexedRow>> ReadBatchAsync(string? afterKey, int maxRows, CancellationToken cancellationToken);

    /// <summary>Writes the new indexes and commits them in one transaction.</summary>
    Task WriteBatchAsync(IReadOnlyList<BlindIndexUpdate> updates, CancellationToken cancellationToken);
}

public sealed record StoreRekeyResult(string Store, long RowsExamined, long IndexesRewritten, long IndexesAlreadyCurrent, long IndexesUnrecognised);

/// <param name="Stores">Per store.</param>
/// <param name="OldKeyChecked">Whether an old key was given, so that <see cref="StoreRekeyResult.IndexesUnrecognised"/> means anything.</param>
public sealed record BlindIndexRekeyResult(IReadOnlyList<StoreRekeyResult> Stores, bool OldKeyChecked)
{
    public long RowsExamined => Stores.Sum(s => s.RowsExamined);

    public long IndexesRewritten => Stores.Sum(s => s.IndexesRewritten);

    public long IndexesAlreadyCurrent => Stores.Sum(s => s.IndexesAlreadyCurrent);

    public long IndexesUnrecognised => Stores.Sum(s => s.IndexesUnrecognised);
}

/// <summary>
/// Recomputes every blind index under a new Privacy:BlindIndexKey: each registered store is read in batches, every
/// encrypted value is decrypted (with the encryption keys, which do not change) and its index computed under the new
/// key; the changed indexes of a batch are written and committed together before the next batch is read.
/// Idempotent and resumable: an index already under the new key is left as it is, so a second run changes nothing
/// and an interrupted run simply continues. With the old key, indexes that match neither key are counted (data
/// indexed under some third key, or altered) — they are rewritten all the same, since the value is what counts.
/// </summary>
public sealed class BlindIndexRekeying
{
    public const int DefaultBatchSize = 500;

    private readonly IEnumerable<IBlindIndexStore> _stores;
    private readonly PersonalDataProtector _protector;

    internal BlindIndexRekeying(IEnumerable<IBlindIndexStore> stores, PersonalDataProtector protector)
    {
        _stores = stores;
        _protector = protector;
    }

    /// <param name="newKey">The new blind-index key, base64 of 32 bytes.</param>
    /// <param name="oldKey">The key the indexes are under now, to count those under neither; optional.</param>
    /// <param name="progress">Receives the rows examined so far, across all stores, after each batch.</param>
    /// <param name="batchSize">Rows per batch (and per transaction).</param>
    /// <param name="cancellationToken">Stops between batches; what was committed stays, and a new run continues.</param>
    /// <exception cref="ArgumentException">A key is not base64 of 32 bytes.</exception>
    public async Task<BlindIndexRekeyResult> RekeyAsync(
        string newKey, string? oldKey, IProgress<int>? progress = null, int batchSize = DefaultBatchSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var fresh = PrivacyKeys.Decode(newKey) ?? throw new ArgumentException("新的盲索引密钥应为 32 字节随机数的 base64 编码（fengqiao privacy new-key 生成）。", nameof(newKey));
        byte[]? previous = null;
        if (!string.IsNullOrWhiteSpace(oldKey))
        {
            previous = PrivacyKeys.Decode(oldKey) ?? throw new ArgumentException("旧的盲索引密钥应为 32 字节随机数的 base64 编码。", nameof(oldKey));
        }

        var results = new List<StoreRekeyResult>();
        var examinedSoFar = 0;
        foreach (var store in _stores)
        {
            long rows = 0, rewritten = 0, current = 0, unrecognised = 0;
            string? after = null;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = await store.ReadBatchAsync(after, batchSize, cancellationToken);
                var updates = new List<BlindIndexUpdate>();
                foreach (var row in batch)
                {
                    var indexes = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var value in row.Values)
                    {
                        var plain = _protector.Decrypt(value.Field, value.Ciphertext);
                        var index = PersonalDataProtector.ComputeBlindIndex(fresh, value.Field, plain);
                        if (string.Equals(index, value.Index, StringComparison.Ordinal))
                        {
                            current++;
                            continue;
                        }

                        if (previous is not null && !string.Equals(PersonalDataProtector.ComputeBlindIndex(previous, value.Field, plain), value.Index, StringComparison.Ordinal))
                        {
                            unrecognised++;
                        }

                        indexes[value.Field] = index;
                    }

                    if (indexes.Count > 0)
                    {
                        rewritten += indexes.Count;
                        updates.Add(new BlindIndexUpdate(row.Key, indexes));
                    }
                }

                if (updates.Count > 0)
                {
                    await store.WriteBatchAsync(updates, cancellationToken);
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

            results.Add(new StoreRekeyResult(store.Name, rows, rewritten, current, unrecognised));
        }

        return new BlindIndexRekeyResult(results, previous is not null);
    }
}
