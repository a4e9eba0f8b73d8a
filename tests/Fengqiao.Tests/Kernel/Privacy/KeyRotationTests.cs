using Fengqiao.Kernel.Privacy;

namespace Fengqiao.Tests.Kernel.Privacy;

/// <summary>Key rotation walks every registered store in batches and moves old values onto the current key.</summary>
public class KeyRotationTests
{
    private const string IdentityField = "residents.identity_number";
    private const string PhoneField = "residents.phone";

    /// <summary>A module's encrypted columns, kept in a list: rows keyed "r0001", "r0002", … .</summary>
    private sealed class ListStore(string name) : IPersonalDataStore
    {
        public SortedDictionary<string, Dictionary<string, string>> Rows { get; } = new(StringComparer.Ordinal);

        public List<int> BatchSizesRead { get; } = [];

        public int Writes { get; private set; }

        public string Name => name;

        public Task<IReadOnlyList<ProtectedRow>> ReadBatchAsync(string? afterKey, int maxRows, CancellationToken cancellationToken)
        {
            IReadOnlyList<ProtectedRow> batch =
            [
                .. Rows.Where(r => afterKey is null || string.CompareOrdinal(r.Key, afterKey) > 0)
                    .Take(maxRows)
                    .Select(r => new ProtectedRow(r.Key, new Dictionary<string, string>(r.Value))),
            ];
            BatchSizesRead.Add(batch.Count);
            return Task.FromResult(batch);
        }

        public Task WriteBatchAsync(IReadOnlyList<ProtectedRow> rows, CancellationToken cancellationToken)
        {
            Writes++;
            foreach (var row in rows)
            {
                foreach (var (field, ciphertext) in row.Values)
                {
                    Rows[row.Key][field] = ciphertext;
                }
            }

            return Task.CompletedTask;
        }
    }

    private static readonly PrivacyOptions Before = PersonalDataProtectorTests.Options(current: "a");
    private static readonly PrivacyOptions After = PersonalDataProtectorTests.Options(current: "b");

    private static ListStore Residents(int count)
    {
        var old = new PersonalDataProtector(Before);
        var store = new ListStore("居民");
        for (var i = 1; i <= count; i++)
        {
            var row = new Dictionary<string, string> { [IdentityField] = old.Encrypt(IdentityField, $"id-{i}") };
            if (i % 2 == 0)
            {
                row[PhoneField] = old.Encrypt(PhoneField, $"phone-{i}");
            }

            store.Rows[$"r{i:D4}"] = row;
        }

        return store;
    }

    [Fact]
    public async Task Every_old_value_is_reencrypted_under_the_current_key_in_batches_of_500()
    {
        var residents = Residents(1200);
        var protector = new PersonalDataProtector(After);
        var reported = new List<int>();

        var result = await new KeyRotation([residents], protector).RotateAsync(new SyncProgress(reported.Add));

        Assert.Equal("b", result.CurrentKeyId);
        var only = Assert.Single(result.Stores);
        Assert.Equal(new StoreRotationResult("居民", 1200, 1800, 0), only);
        Assert.Equal([500, 500, 200], residents.BatchSizesRead);
        Assert.Equal([500, 1000, 1200], reported);
        Assert.All(residents.Rows.Values.SelectMany(r => r.Values), c => Assert.StartsWith("v1.b.", c, StringComparison.Ordinal));
        Assert.Equal("id-7", protector.Decrypt(IdentityField, residents.Rows["r0007"][IdentityField]));
        Assert.Equal("phone-8", protector.Decrypt(PhoneField, residents.Rows["r0008"][PhoneField]));
    }

    [Fact]
    public async Task A_second_run_changes_nothing()
    {
        var residents = Residents(30);
        var rotation = new KeyRotation([residents], new PersonalDataProtector(After));
        await rotation.RotateAsync(batchSize: 10);
        var afterFirst = residents.Rows.ToDictionary(r => r.Key, r => new Dictionary<string, string>(r.Value));
        var writes = residents.Writes;

        var second = await rotation.RotateAsync(batchSize: 10);

        Assert.Equal(0, second.ValuesReencrypted);
        Assert.Equal(45, second.ValuesAlreadyCurrent);
        Assert.Equal(writes, residents.Writes);
        Assert.Equal(afterFirst, residents.Rows.ToDictionary(r => r.Key, r => r.Value));
    }

    [Fact]
    public async Task Values_already_current_are_left_alone_and_only_changed_values_are_written()
    {
        var residents = Residents(4);
        var current = new PersonalDataProtector(After);
        var alreadyCurrent = current.Encrypt(IdentityField, "id-1");
        residents.Rows["r0001"][IdentityField] = alreadyCurrent;

        var result = await new KeyRotation([residents], current).RotateAsync();

        Assert.Equal(new StoreRotationResult("居民", 4, 5, 1), result.Stores[0]);
        Assert.Same(alreadyCurrent, residents.Rows["r0001"][IdentityField]);
    }

    [Fact]
    public async Task All_registered_stores_are_walked_and_empty_ones_are_reported()
    {
        var residents = Residents(3);
        var empty = new ListStore("场所");

        var result = await new KeyRotation([residents, empty], new PersonalDataProtector(After)).RotateAsync();

        Assert.Equal(["居民", "场所"], result.Stores.Select(s => s.Store));
        Assert.Equal(new StoreRotationResult("场所", 0, 0, 0), result.Stores[1]);
        Assert.Equal(3, result.RowsExamined);
    }

    [Fact]
    public async Task An_exact_multiple_of_the_batch_size_ends_with_one_empty_read()
    {
        var residents = Residents(20);

        await new KeyRotation([residents], new PersonalDataProtector(After)).RotateAsync(batchSize: 10);

        Assert.Equal([10, 10, 0], residents.BatchSizesRead);
    }

    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
