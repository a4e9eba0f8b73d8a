using Fengqiao.Cases.Classification;

namespace Fengqiao.Tests.Cases.Classification;

/// <summary>The look-up table of a character model's n-grams (<see cref="NgramSlots"/>) answers as the dictionary it is built from.</summary>
public sealed class NgramSlotsTests
{
    [Fact]
    public void Every_known_n_gram_finds_its_slot_and_every_other_finds_none()
    {
        // The characters of a few complaints, as unigrams, bigrams and trigrams: thousands of keys, so places collide.
        var text = "\u0002小区门口路灯不亮已经三天了晚上出行很不方便请尽快维修楼道堆放杂物存在消防隐患噪音扰民停车难\u0003";
        var slots = new Dictionary<ulong, int>();
        for (var start = 0; start < text.Length; start++)
        {
            ulong key = 0;
            for (var n = 1; n <= 3 && start + n <= text.Length; n++)
            {
                key = (key << 16) | text[start + n - 1];
                slots.TryAdd(key | ((ulong)n << 48), slots.Count);
            }
        }

        var table = new NgramSlots(slots);

        Assert.Equal(slots.Count, table.Count);
        Assert.Equal(slots.Keys.Order(), table.Keys.Order());
        foreach (var (key, slot) in slots)
        {
            Assert.Equal(slot, key >> 48 == 1 ? table.Of((char)key) : table.Of(key));
        }

        Assert.Equal(-1, table.Of('水'));
        Assert.Equal(-1, table.Of(Key("灯区")));
        Assert.Equal(-1, table.Of(Key("路灯亮")));
        Assert.Equal(-1, table.Of(Key("路灯") & ((1UL << 48) - 1) | (3UL << 48))); // same characters, another length
    }

    [Fact]
    public void A_model_that_knows_single_characters_only_answers_every_longer_n_gram_with_none()
    {
        var table = new NgramSlots(new Dictionary<ulong, int> { [Key("灯")] = 0, [Key("路")] = 1 });

        Assert.Equal(1, table.Of('路'));
        Assert.Equal(-1, table.Of(Key("路灯")));
        Assert.Equal(2, table.Keys.Count());
    }

    private static ulong Key(string ngram)
    {
        ulong key = 0;
        foreach (var c in ngram)
        {
            key = (key << 16) | c;
        }

        return key | ((ulong)ngram.Length << 48);
    }
}
