using System.Numerics;

namespace Fengqiao.Cases.Classification;

/// <summary>
/// The feature slot of each n-gram a character model knows, for <see cref="DirectCharScorer"/>'s look-ups (about three
/// per character of every report). Single characters, the look-up made at every position, are read from an array indexed
/// by the character; longer n-grams from one open-addressing table of keys and slots side by side, so that a look-up
/// touches one cache line where a <c>FrozenDictionary</c> touches three arrays (docs/benchmarks.md, classification cost).
/// </summary>
/// <remarks>
/// A key is the n-gram's UTF-16 code units, 16 bits each from the last, with the length in bits 48–50, as
/// <see cref="DirectCharScorer"/> builds it; so no key is zero, and zero marks an empty place. The table is at most half
/// full, and linear probing then ends a miss — most trigram look-ups — within a place or two.
/// </remarks>
internal sealed class NgramSlots
{
    private const ulong LengthOne = 1UL << 48;

    /// <summary>Slot + 1 of each single character, 0 when unknown.</summary>
    private readonly int[] _characters = new int[char.MaxValue + 1];
    private readonly Entry[] _entries;
    private readonly int _shift;

    public NgramSlots(IReadOnlyDictionary<ulong, int> slots)
    {
        Count = slots.Count;
        var longer = slots.Count(s => s.Key >> 48 != 1);
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, longer * 2));
        _entries = new Entry[capacity];
        _shift = 64 - BitOperations.Log2((uint)capacity);
        foreach (var (key, slot) in slots)
        {
            if (key >> 48 == 1)
            {
                _characters[(char)key] = slot + 1;
                continue;
            }

            var place = Place(key);
            while (_entries[place].Key != 0)
            {
                place = (place + 1) & (_entries.Length - 1);
            }

            _entries[place] = new Entry(key, slot);
        }
    }

    /// <summary>How many n-grams the model knows.</summary>
    public int Count { get; }

    /// <summary>Every known n-gram's key.</summary>
    public IEnumerable<ulong> Keys =>
        Enumerable.Range(0, _characters.Length).Where(c => _characters[c] != 0).Select(c => (uint)c | LengthOne)
            .Concat(_entries.Where(e => e.Key != 0).Select(e => e.Key));

    /// <summary>The slot of a single character, or −1.</summary>
    public int Of(char character) => _characters[character] - 1;

    /// <summary>The slot of an n-gram of two or more characters, or −1.</summary>
    public int Of(ulong key)
    {
        var entries = _entries;
        var place = Place(key);
        while (true)
        {
            ref readonly var entry = ref entries[place];
            if (entry.Key == key)
            {
                return entry.Slot;
            }

            if (entry.Key == 0)
            {
                return -1;
            }

            place = (place + 1) & (entries.Length - 1);
        }
    }

    /// <summary>Fibonacci hashing: the key's bits spread by the golden-ratio multiplier, the top bits taken.</summary>
    private int Place(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);

    private readonly record struct Entry(ulong Key, int Slot);
}
