using System.Diagnostics;
using System.Globalization;

namespace Fengqiao.Bench.Load;

/// <summary>
/// Samples the machine under an open loop every 50 ms (Linux only): the block device under the database
/// (<c>/sys/dev/block/MAJ:MIN/stat</c>: writes, flushes and the milliseconds they took), the kernel's I/O and CPU
/// pressure (<c>/proc/pressure/io</c> and <c>cpu</c>: the time in which some task waited on I/O, or for a CPU) and the
/// CPU time the hypervisor took from this virtual machine (steal, <c>/proc/stat</c>). A slow episode of the open loop
/// can then be told apart from the host's own work: during a stall of the machine's storage the durable commit waits,
/// and while the hypervisor runs someone else every thread waits, however the host behaves (docs/benchmarks.md, "What
/// the slow episodes of the 120-s open loops coincide with").
/// </summary>
/// <remarks>
/// The samples are taken on a thread of its own, not the thread pool, so that a busy pool in the generator does not
/// stretch the intervals.
/// </remarks>
internal sealed class MachineProbe : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly string _blockStat;
    private readonly List<Sample> _samples = [];
    private readonly Thread _thread;
    private volatile bool _stopping;

    private MachineProbe(string blockStat)
    {
        _blockStat = blockStat;
        _thread = new Thread(Run) { IsBackground = true, Name = "machine probe" };
        _thread.Start();
    }

    /// <summary>
    /// A probe with the block device <paramref name="majorMinor"/> ("254:0", as <c>findmnt -no MAJ:MIN --target DIR</c>
    /// prints it), or null when this machine cannot be probed (not Linux, no such device, no pressure accounting).
    /// </summary>
    public static MachineProbe? Start(string majorMinor)
    {
        var blockStat = $"/sys/dev/block/{majorMinor}/stat";
        return majorMinor.Length > 0 && File.Exists(blockStat) && File.Exists("/proc/pressure/io") && File.Exists("/proc/pressure/cpu") && File.Exists("/proc/stat")
            ? new MachineProbe(blockStat)
            : null;
    }

    /// <summary>
    /// One sample: when (stopwatch timestamp); the device's cumulative counters; the I/O and CPU pressure totals (µs);
    /// all CPU time and the stolen part (clock ticks, summed over the CPUs).
    /// </summary>
    internal readonly record struct Sample(long At, long Writes, long WriteMs, long Flushes, long FlushMs, long IoStallUs, long CpuWaitUs, long CpuTicks, long StealTicks);

    /// <summary>A stretch of the loop (seconds from its start) in which the machine held everything up, and why.</summary>
    internal readonly record struct Stall(double From, double To, string Cause);

    private void Run()
    {
        while (!_stopping)
        {
            var sample = Read();
            lock (_samples)
            {
                _samples.Add(sample);
            }

            Thread.Sleep(Interval);
        }
    }

    private Sample Read()
    {
        var at = Stopwatch.GetTimestamp();
        var device = Numbers(File.ReadAllText(_blockStat));
        var ioStall = SomeTotal("/proc/pressure/io");
        var cpuWait = SomeTotal("/proc/pressure/cpu");

        // "cpu  user nice system idle iowait irq softirq steal guest guest_nice": guest time is counted in user already.
        var cpu = Numbers(File.ReadLines("/proc/stat").First()[3..]);

        // Device fields 5 and 8: writes completed and the milliseconds they spent; 16 and 17 (kernels from 5.5): flushes.
        return new Sample(at, device[4], device[7], device.Length > 16 ? device[15] : 0, device.Length > 16 ? device[16] : 0,
            ioStall, cpuWait, cpu.Take(8).Sum(), cpu[7]);
    }

    /// <summary>The "some" total of a pressure file: microseconds in which at least one task waited.</summary>
    private static long SomeTotal(string path)
    {
        var some = File.ReadLines(path).First(l => l.StartsWith("some", StringComparison.Ordinal));
        return long.Parse(some[(some.LastIndexOf("total=", StringComparison.Ordinal) + 6)..], CultureInfo.InvariantCulture);
    }

    private static long[] Numbers(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();

    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
    }

    /// <summary>
    /// The machine's summary over an open loop that started at <paramref name="origin"/> (stopwatch timestamp) and ran
    /// <paramref name="seconds"/>. A 50-ms interval stalls the storage when some task waited on I/O through more than
    /// 90 % of it, and stalls the CPUs when the hypervisor took at least half of their time; neighbouring intervals
    /// of one kind make one stall.
    /// </summary>
    public MachineSummary Summarise(string name, long origin, double seconds)
    {
        Sample[] samples;
        lock (_samples)
        {
            samples = [.. _samples];
        }

        var end = origin + (long)(seconds * Stopwatch.Frequency);
        var within = samples.Where(s => s.At >= origin && s.At <= end).ToArray();
        var stalls = new List<Stall>();
        for (var i = 1; i < within.Length; i++)
        {
            var (before, after) = (within[i - 1], within[i]);
            var elapsedUs = (after.At - before.At) * 1_000_000.0 / Stopwatch.Frequency;
            var (from, to) = (Seconds(before.At, origin), Seconds(after.At, origin));
            if (after.IoStallUs - before.IoStallUs > 0.9 * elapsedUs)
            {
                Extend(stalls, new Stall(from, to, "storage"));
            }

            var ticks = after.CpuTicks - before.CpuTicks;
            if (ticks > 0 && after.StealTicks - before.StealTicks >= 0.5 * ticks)
            {
                Extend(stalls, new Stall(from, to, "CPU steal"));
            }
        }

        return new MachineSummary(name, within, origin, stalls);
    }

    private static void Extend(List<Stall> stalls, Stall next)
    {
        var last = stalls.FindLastIndex(s => s.Cause == next.Cause);
        if (last >= 0 && stalls[last].To >= next.From)
        {
            stalls[last] = stalls[last] with { To = next.To };
        }
        else
        {
            stalls.Add(next);
        }
    }

    private static double Seconds(long at, long origin) => (at - origin) / (double)Stopwatch.Frequency;

    /// <summary>What the machine did during one open loop.</summary>
    internal sealed class MachineSummary(string name, Sample[] samples, long origin, List<Stall> stalls)
    {
        /// <summary>Stalls at least this long are listed and matched with the slow episodes.</summary>
        public const double ListedStallSeconds = 0.1;

        public IReadOnlyList<Stall> Stalls { get; } = stalls.Where(s => s.To - s.From >= ListedStallSeconds).ToList();

        /// <summary>
        /// The causes of the listed stalls that overlap the stretch from <paramref name="from"/> to <paramref name="to"/>
        /// seconds, or an empty string.
        /// </summary>
        public string CausesDuring(double from, double to) =>
            string.Join(" and ", Stalls.Where(s => s.From <= to && s.To >= from).Select(s => s.Cause).Distinct());

        /// <summary>
        /// The share of the stretch from <paramref name="from"/> to <paramref name="to"/> seconds (widened to the samples
        /// around it) in which some task was ready to run but waited for a CPU: near 100 % the machine's two cores were
        /// oversubscribed throughout.
        /// </summary>
        public double CpuPressureDuring(double from, double to)
        {
            if (samples.Length < 2)
            {
                return double.NaN;
            }

            var before = samples.LastOrDefault(s => Seconds(s.At, origin) <= from, samples[0]);
            var after = samples.FirstOrDefault(s => Seconds(s.At, origin) >= to, samples[^1]);
            var elapsedUs = (after.At - before.At) * 1_000_000.0 / Stopwatch.Frequency;
            return elapsedUs <= 0 ? double.NaN : 100.0 * (after.CpuWaitUs - before.CpuWaitUs) / elapsedUs;
        }

        public override string ToString()
        {
            if (samples.Length < 2)
            {
                return $"{name}-machine: too few samples";
            }

            var (first, last) = (samples[0], samples[^1]);
            var writes = last.Writes - first.Writes;
            var flushes = last.Flushes - first.Flushes;
            var ticks = Math.Max(1, last.CpuTicks - first.CpuTicks);
            return $"{name}-machine: storage {writes} writes (mean {(double)(last.WriteMs - first.WriteMs) / Math.Max(1, writes):F1} ms), "
                + $"{flushes} flushes (mean {(double)(last.FlushMs - first.FlushMs) / Math.Max(1, flushes):F1} ms), "
                + $"some task waiting on I/O {(last.IoStallUs - first.IoStallUs) / 1000.0:F0} ms; "
                + $"some task waiting for a CPU {CpuPressureDuring(double.MinValue, double.MaxValue):F0} % of the time; "
                + $"CPU stolen by the hypervisor {100.0 * (last.StealTicks - first.StealTicks) / ticks:F1} %; "
                + $"{Stalls.Count} stalls of {ListedStallSeconds * 1000:F0} ms or more"
                + (Stalls.Count == 0 ? "" : ": " + string.Join(", ", Stalls.OrderByDescending(s => s.To - s.From).Take(8).OrderBy(s => s.From)
                    .Select(s => $"{s.Cause} {s.From:F2}–{s.To:F2} s")))
                + $" (first sample {Seconds(first.At, origin):F2} s after the loop's start)";
        }
    }
}
