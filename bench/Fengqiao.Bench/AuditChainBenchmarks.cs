using BenchmarkDotNet.Attributes;
using Fengqiao.Kernel.Audit;

namespace Fengqiao.Bench;

/// <summary>
/// Sealing and re-checking audit entries: the cost every audited command pays, and what `fengqiao audit verify`
/// pays per entry. Baseline: hashing the same bytes without building the canonical text.
/// </summary>
[MemoryDiagnoser]
public class AuditChainBenchmarks
{
    private AuditEntry[] _entries = [];

    [GlobalSetup]
    public void Setup()
    {
        var at = new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(8));
        _entries = [.. Enumerable.Range(0, 1000).Select(i => new AuditEntry(
            at.AddSeconds(i), Guid.CreateVersion7(), "wangjianguo", "grid-worker", "320282001001001",
            "units.update-public-card", $"unit:320282001001{i % 3 + 1:000}", AuditOutcome.Succeeded, "10.12.0.7",
            "值班电话=13861500101；服务时间=每日 8:00-20:00", "/32/3202/320282/320282001/320282001001/320282001001001/"))];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 1000)]
    public int RawSha256()
    {
        var total = 0;
        foreach (var entry in _entries)
        {
            total += System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(entry.Detail!))[0];
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = 1000)]
    public string SealChain()
    {
        var previous = "";
        for (var i = 0; i < _entries.Length; i++)
        {
            _entries[i].Seal(i + 1, previous);
            previous = _entries[i].Hash;
        }

        return previous;
    }
}
