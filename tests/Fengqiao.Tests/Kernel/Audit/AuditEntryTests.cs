using Fengqiao.Kernel.Audit;

namespace Fengqiao.Tests.Kernel.Audit;

/// <summary>AuditEntry hashing and sealing: the content and the previous hash are bound into a SHA-256 chain.</summary>
public class AuditEntryTests
{
    private static readonly DateTimeOffset At = new(2025, 11, 26, 14, 30, 0, TimeSpan.FromHours(8));
    private static readonly Guid Actor = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    private static AuditEntry Entry(
        DateTimeOffset? occurredAt = null,
        Guid? actorId = null,
        bool anonymous = false,
        string actorName = "张三",
        string? role = "street-admin",
        string? unitCode = "320282001",
        string action = "units.update-public-card",
        string target = "unit:320282001001",
        AuditOutcome outcome = AuditOutcome.Succeeded,
        string? ipAddress = "10.0.0.1",
        string? detail = "电话号码",
        string unitPath = "/32/3202/320282/320282001/320282001001/") =>
        new(occurredAt ?? At, anonymous ? null : actorId ?? Actor, actorName, role, unitCode, action, target, outcome, ipAddress, detail, unitPath);

    private static AuditEntry Sealed(AuditEntry entry, long sequence = 1, string previousHash = "")
    {
        entry.Seal(sequence, previousHash);
        return entry;
    }

    [Fact]
    public void Sealing_gives_a_64_character_lowercase_hex_hash()
    {
        var entry = Sealed(Entry());

        Assert.Equal(64, entry.Hash.Length);
        Assert.Matches("^[0-9a-f]{64}$", entry.Hash);
        Assert.Equal(1, entry.Sequence);
        Assert.Equal("", entry.PreviousHash);
        Assert.True(entry.IsSealed);
    }

    [Fact]
    public void An_entry_is_not_sealed_before_it_is_placed_in_the_chain()
    {
        var entry = Entry();

        Assert.False(entry.IsSealed);
        Assert.Equal("", entry.Hash);
    }

    [Fact]
    public void The_hash_of_a_known_entry_is_the_sha256_of_its_canonical_text()
    {
        // SHA-256 of the U+001F-joined fields "1", UtcTicks 638997354000000000 (2025-11-26 06:30Z), the actor id in "N"
        // form, 张三, street-admin, 320282001, units.update-public-card, unit:320282001001, "1", 10.0.0.1, 电话号码, the
        // unit path and "" — computed outside .NET. A change here breaks verification of every stored chain.
        var entry = Sealed(Entry());

        Assert.Equal("54639368a7475235617435de2246ae84ebd663c267beb64d1035b39e3bc46e20", entry.Hash);
    }

    [Fact]
    public void The_stored_hash_is_what_compute_hash_gives_for_the_stored_content()
    {
        var entry = Sealed(Entry(), 7, new string('a', 64));

        Assert.Equal(entry.Hash, entry.ComputeHash());
    }

    [Fact]
    public void Two_entries_with_the_same_content_and_place_have_the_same_hash()
    {
        Assert.Equal(Sealed(Entry()).Hash, Sealed(Entry()).Hash);
    }

    public static TheoryData<string> Fields() =>
    [
        "occurredAt", "actorId", "anonymous", "actorName", "role", "noRole", "unitCode", "action", "target", "outcome",
        "ipAddress", "detail", "noDetail", "unitPath",
    ];

    [Theory]
    [MemberData(nameof(Fields))]
    public void Changing_any_one_field_changes_the_hash(string field)
    {
        var changed = field switch
        {
            "occurredAt" => Entry(occurredAt: At.AddSeconds(1)),
            "actorId" => Entry(actorId: Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7")),
            "anonymous" => Entry(anonymous: true),
            "actorName" => Entry(actorName: "李四"),
            "role" => Entry(role: "grid-worker"),
            "noRole" => Entry(role: null),
            "unitCode" => Entry(unitCode: "320282002"),
            "action" => Entry(action: "units.delete"),
            "target" => Entry(target: "unit:320282001002"),
            "outcome" => Entry(outcome: AuditOutcome.Denied),
            "ipAddress" => Entry(ipAddress: "10.0.0.2"),
            "detail" => Entry(detail: "地址"),
            "noDetail" => Entry(detail: null),
            "unitPath" => Entry(unitPath: "/32/3202/320282/320282001/320282001002/"),
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
        };

        Assert.NotEqual(Sealed(Entry()).Hash, Sealed(changed).Hash);
    }

    [Fact]
    public void Changing_the_sequence_changes_the_hash()
    {
        Assert.NotEqual(Sealed(Entry(), 1).Hash, Sealed(Entry(), 2).Hash);
    }

    [Fact]
    public void Changing_the_previous_hash_changes_the_hash()
    {
        Assert.NotEqual(Sealed(Entry(), 2, new string('a', 64)).Hash, Sealed(Entry(), 2, new string('b', 64)).Hash);
    }

    [Fact]
    public void The_same_instant_written_in_another_offset_gives_the_same_hash()
    {
        var utc = Entry(occurredAt: new DateTimeOffset(2025, 11, 26, 6, 30, 0, TimeSpan.Zero));

        Assert.Equal(TimeSpan.Zero, utc.OccurredAt.Offset);
        Assert.Equal(Sealed(Entry()).Hash, Sealed(utc).Hash);
    }

    [Fact]
    public void The_time_is_kept_to_a_tenth_of_a_millisecond_as_both_databases_store_it_so_finer_ticks_do_not_change_the_hash()
    {
        var withTicks = Entry(occurredAt: At.AddTicks(999));

        Assert.Equal(At.UtcTicks, withTicks.OccurredAt.UtcTicks);
        Assert.Equal(Sealed(Entry()).Hash, Sealed(withTicks).Hash);
        Assert.NotEqual(Sealed(Entry()).Hash, Sealed(Entry(occurredAt: At.AddTicks(1000))).Hash);
    }

    [Fact]
    public void Overlong_texts_are_cut_to_their_column_lengths()
    {
        var entry = Entry(actorName: new string('名', 300), action: new string('a', 200), target: new string('t', 300), detail: new string('d', 2500));

        Assert.Equal(256, entry.ActorName.Length);
        Assert.Equal(128, entry.Action.Length);
        Assert.Equal(256, entry.Target.Length);
        Assert.Equal(2000, entry.Detail!.Length);
    }

    [Fact]
    public void Each_entry_of_a_chain_carries_the_hash_of_the_one_before()
    {
        var first = Sealed(Entry(), 1, "");
        var second = Sealed(Entry(action: "residents.reveal-identity-number", outcome: AuditOutcome.Succeeded), 2, first.Hash);
        var third = Sealed(Entry(action: "units.delete", outcome: AuditOutcome.Denied), 3, second.Hash);

        Assert.Equal(first.Hash, second.PreviousHash);
        Assert.Equal(second.Hash, third.PreviousHash);
        Assert.Equal([1L, 2L, 3L], new[] { first, second, third }.Select(e => e.Sequence));
        Assert.Equal(3, new[] { first.Hash, second.Hash, third.Hash }.Distinct().Count());
    }

    [Fact]
    public void An_entry_sealed_after_a_different_predecessor_gets_a_different_hash()
    {
        var first = Sealed(Entry(), 1, "");
        var forged = Sealed(Entry(action: "units.delete"), 1, "");

        Assert.NotEqual(Sealed(Entry(), 2, first.Hash).Hash, Sealed(Entry(), 2, forged.Hash).Hash);
    }
}
