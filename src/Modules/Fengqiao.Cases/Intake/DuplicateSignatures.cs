using Microsoft.Extensions.Options;

namespace Fengqiao.Cases.Intake;

/// <summary>
/// Per-node cache of case text signatures for the duplicate check (重复判断): for each case id, the sorted distinct
/// character bigrams of its title and public description. Those two texts never change after a case is reported, so an
/// entry can never be stale and no refresh is needed; the duplicate query then reads only the candidates' ids, places
/// and categories, and a case's text is read (and its bigrams computed) once per node instead of once per report that
/// finds it nearby (docs/adr/0019-in-memory-duplicate-index.md). The node's own reports are remembered as they commit.
/// </summary>
/// <remarks>
/// Bounded by <see cref="IntakeOptions.DuplicateSignatureCacheSize"/> with two generations: when the current generation
/// is half full it becomes the previous one and the older one is dropped. So a signature stays for at least half the
/// size in later insertions, whatever is looked up meanwhile: the cases most likely to be candidates are the most
/// recently reported (the check takes the newest 200 in the time window). Hits are not carried forward: a busy area
/// looks up hundreds of signatures per report, and moving them into the current generation emptied the cache of the
/// node's own recent reports within a few hundred reports. Cases that fall out are simply read again when next needed.
/// </remarks>
public sealed class DuplicateSignatures(IOptionsMonitor<IntakeOptions> options)
{
    private readonly Lock _gate = new();
    private Dictionary<Guid, int[]> _current = [];
    private Dictionary<Guid, int[]> _previous = [];

    /// <summary>The cached signature of each candidate, null where this node has none (one lock for the lot).</summary>
    internal int[]?[] Find(IReadOnlyList<NearbyCase> candidates)
    {
        var found = new int[]?[candidates.Count];
        lock (_gate)
        {
            for (var i = 0; i < candidates.Count; i++)
            {
                var id = candidates[i].Id;
                found[i] = _current.TryGetValue(id, out var signature) || _previous.TryGetValue(id, out signature) ? signature : null;
            }
        }

        return found;
    }

    public bool TryGet(Guid caseId, out int[] signature)
    {
        lock (_gate)
        {
            return _current.TryGetValue(caseId, out signature!) || _previous.TryGetValue(caseId, out signature!);
        }
    }

    public void Remember(Guid caseId, int[] signature)
    {
        lock (_gate)
        {
            AddLocked(caseId, signature);
        }
    }

    private void AddLocked(Guid caseId, int[] signature)
    {
        _current[caseId] = signature;
        if (_current.Count >= Math.Max(1, options.CurrentValue.DuplicateSignatureCacheSize / 2))
        {
            _previous = _current;
            _current = [];
        }
    }

    /// <summary>The text's character bigrams (letters and digits only; punctuation and spaces ignored), sorted and distinct.</summary>
    public static int[] Of(string text)
    {
        if (text.Length < 2)
        {
            return [];
        }

        var buffer = new int[text.Length];
        var count = 0;
        var previous = '\0';
        foreach (var c in text)
        {
            if (!char.IsLetterOrDigit(c))
            {
                continue;
            }

            if (previous != '\0')
            {
                buffer[count++] = (previous << 16) | c;
            }

            previous = c;
        }

        var span = buffer.AsSpan(0, count);
        span.Sort();
        var distinct = 0;
        for (var i = 0; i < span.Length; i++)
        {
            if (distinct == 0 || span[i] != span[distinct - 1])
            {
                span[distinct++] = span[i];
            }
        }

        return span[..distinct].ToArray();
    }

    /// <summary>Jaccard similarity of two signatures (a merge of the sorted arrays: no allocation).</summary>
    public static double Similarity(int[] x, int[] y) => Similarity(x, y, 0);

    /// <summary>
    /// Jaccard similarity of two signatures when it is at least <paramref name="atLeast"/>, otherwise −1: the merge stops
    /// as soon as the bigrams left on the shorter side could no longer bring the shared count up to what that needs.
    /// </summary>
    public static double Similarity(int[] x, int[] y, double atLeast)
    {
        if (x.Length == 0 || y.Length == 0)
        {
            return atLeast <= 0 ? 0 : -1;
        }

        // shared / (|x| + |y| − shared) ≥ atLeast needs shared ≥ atLeast (|x| + |y|) / (1 + atLeast); one less than that,
        // rounded down, so that rounding can never give up on a pair that reaches it.
        var needed = (int)Math.Floor(atLeast * (x.Length + y.Length) / (1 + atLeast)) - 1;
        int i = 0, j = 0, shared = 0;
        while (i < x.Length && j < y.Length)
        {
            if (shared + Math.Min(x.Length - i, y.Length - j) < needed)
            {
                return -1;
            }

            if (x[i] == y[j])
            {
                shared++;
                i++;
                j++;
            }
            else if (x[i] < y[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        var similarity = (double)shared / (x.Length + y.Length - shared);
        return similarity >= atLeast ? similarity : -1;
    }
}
