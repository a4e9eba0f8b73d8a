using System.Diagnostics;
using System.Net;

namespace Fengqiao.Bench.Load;

/// <summary>Latencies and counts of one load run.</summary>
internal sealed record LoadResult(string Name, int Sent, int Succeeded, int Failed, double Seconds, double[] LatenciesMs, string? FirstError)
{
    /// <summary>CPU time (user + system) the server process spent per successful request, when its pid is known.</summary>
    public double? ServerCpuMsPerRequest { get; init; }

    /// <summary>CPU time the generator process (and an in-process server) spent per successful request.</summary>
    public double? GeneratorCpuMsPerRequest { get; init; }

    /// <summary>
    /// Open loop: the episodes in which requests took longer than <see cref="SlowMs"/>, by when they were due — whether
    /// the tail is a few stalls that hold up everything due meanwhile, or spread evenly.
    /// </summary>
    public IReadOnlyList<SlowEpisode> SlowEpisodes { get; init; } = [];

    /// <summary>Open loop: when it started (UTC), so that its episodes can be lined up with the host's log.</summary>
    public DateTime? StartedAt { get; init; }

    /// <summary>Open loop: its start as a stopwatch timestamp, so that the machine probe's samples can be lined up.</summary>
    public long Origin { get; init; }

    public const double SlowMs = 100;

    public double Rate => Succeeded / Seconds;

    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0)
        {
            return double.NaN;
        }

        var sorted = LatenciesMs.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public override string ToString() =>
        $"{Name}: {Succeeded} ok, {Failed} failed in {Seconds:F1} s = {Rate:F0}/s; p50 {Percentile(50):F1} ms, p99 {Percentile(99):F1} ms, max {Percentile(100):F1} ms; load {LoadAverage.Now}"
        + (ServerCpuMsPerRequest is { } server ? $"; server CPU {server:F3} ms/request" : "")
        + (GeneratorCpuMsPerRequest is { } generator ? $"; generator CPU {generator:F3} ms/request" : "")
        + (FirstError is null ? "" : $"; first error: {FirstError}");

    /// <summary>
    /// One line for the slow episodes, if any: each with how late the generator itself sent its requests (its own
    /// stalls count in the latency, as they should in an open loop, but are not the host's), and with the machine's
    /// summary, the share of its time in which tasks waited for a CPU, the stalls of the machine that overlapped it, and
    /// how many slow requests fell in episodes with such a stall.
    /// </summary>
    public string? SlowEpisodesLine(MachineProbe.MachineSummary? machine = null)
    {
        if (SlowEpisodes.Count == 0)
        {
            return null;
        }

        // The requests due from an episode's first to its last were answered up to its maximum later: the window in
        // which a stall could have held them.
        string Causes(SlowEpisode e) => machine?.CausesDuring(e.FromSeconds, e.ToSeconds + (e.MaxMs / 1000)) ?? "";
        return $"{Name}-slow: {SlowEpisodes.Count} episodes over {SlowMs:F0} ms, {SlowEpisodes.Sum(e => e.Requests)} requests"
            + (machine is null ? "" : $" ({SlowEpisodes.Where(e => Causes(e).Length > 0).Sum(e => e.Requests)} in episodes during a stall of the machine)")
            + (StartedAt is { } started ? $" (seconds from {started:HH:mm:ss.fff} UTC)" : "") + "; "
            + string.Join("; ", SlowEpisodes.OrderByDescending(e => e.MaxMs).Take(8).OrderBy(e => e.FromSeconds)
                .Select(e => $"{e.FromSeconds:F2}–{e.ToSeconds:F2} s: {e.Requests} requests, max {e.MaxMs:F0} ms, sent up to {e.MaxSendLagMs:F0} ms late"
                    + (machine is null ? "" : $", CPU wait {machine.CpuPressureDuring(e.FromSeconds, e.ToSeconds + (e.MaxMs / 1000)):F0} %")
                    + (Causes(e) is { Length: > 0 } causes ? $" ({causes} stall)" : "")));
    }
}

/// <summary>
/// Requests due between two moments of an open loop (seconds from its start) that all took longer than the bound, and
/// the longest the generator took to send one of them after it was due.
/// </summary>
internal sealed record SlowEpisode(double FromSeconds, double ToSeconds, int Requests, double MaxMs, double MaxSendLagMs);

internal static class LoadAverage
{
    /// <summary>User + system CPU time of a process in milliseconds, from /proc (clock ticks of 10 ms).</summary>
    public static double CpuMs(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) * 10.0;
    }

    /// <summary>
    /// Server CPU spent after a load ended until the server falls idle — under 3 % of a core for three seconds in a row,
    /// longer than the outbox poll (2 s), so a worker sleeping between rounds of a backlog is not taken for idle; at most
    /// 5 minutes: the work the requests left behind (outbox deliveries), per request of the load, and the total with the
    /// CPU spent during the load when it is known.
    /// </summary>
    public static async Task<string> UntilIdleAsync(string name, int pid, int requests, double? duringMsPerRequest = null)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var from = CpuMs(pid);
        var last = from;
        var quiet = 0;
        while (quiet < 3 && System.Diagnostics.Stopwatch.GetElapsedTime(started) < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(1000);
            var now = CpuMs(pid);
            quiet = now - last < 30 ? quiet + 1 : 0;
            last = now;
        }

        var spent = CpuMs(pid) - from;
        var after = spent / Math.Max(1, requests);
        return $"{name}: server CPU {spent:F0} ms in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s after the load until idle = {after:F3} ms/request"
            + (duringMsPerRequest is { } during ? $"; during + after = {during + after:F3} ms/request" : "") + $"; load {Now}";
    }

    public static double OwnCpuMs => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;

    public static string Now => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}

/// <summary>
/// A small HTTP load generator. Closed loop (<see cref="ClosedLoopAsync"/>): <c>concurrency</c> callers, each sending
/// its next request when the last one answered — the maximum sustained rate. Open loop (<see cref="OpenLoopAsync"/>):
/// requests start on a fixed schedule whatever the answers, and latency counts from the scheduled start, so a stall
/// shows in the percentiles instead of silently lowering the rate (no coordinated omission).
/// </summary>
internal sealed class LoadGenerator(Uri baseAddress, int connections, int? serverPid = null) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    public void Dispose() => _client.Dispose();

    public async Task<LoadResult> ClosedLoopAsync(string name, string path, IReadOnlyList<byte[]> bodies, int concurrency, TimeSpan duration, TimeSpan warmUp)
    {
        var latencies = new List<double>[concurrency];
        var failed = 0;
        var sent = 0;
        string? firstError = null;
        var measuring = false;
        var stopAt = DateTime.UtcNow + warmUp + duration;
        var measuredFrom = Stopwatch.GetTimestamp();
        double serverCpuFrom = 0, ownCpuFrom = 0;
        _ = Task.Delay(warmUp).ContinueWith(_ =>
        {
            measuredFrom = Stopwatch.GetTimestamp();
            serverCpuFrom = serverPid is { } pid ? LoadAverage.CpuMs(pid) : 0;
            ownCpuFrom = LoadAverage.OwnCpuMs;
            Volatile.Write(ref measuring, true);
        }, TaskScheduler.Default);
        var next = 0;
        var workers = Enumerable.Range(0, concurrency).Select(async w =>
        {
            var mine = latencies[w] = [];
            while (DateTime.UtcNow < stopAt)
            {
                var body = bodies[Interlocked.Increment(ref next) % bodies.Count];
                var start = Stopwatch.GetTimestamp();
                var (ok, error) = await SendAsync(path, body);
                if (!Volatile.Read(ref measuring))
                {
                    continue;
                }

                Interlocked.Increment(ref sent);
                if (ok)
                {
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, error, null);
                }
            }
        }).ToArray();
        await Task.WhenAll(workers);
        var seconds = Stopwatch.GetElapsedTime(measuredFrom).TotalSeconds;
        var all = latencies.SelectMany(l => l).ToArray();
        return new LoadResult(name, sent, all.Length, failed, seconds, all, firstError)
        {
            ServerCpuMsPerRequest = serverPid is { } server ? (LoadAverage.CpuMs(server) - serverCpuFrom) / Math.Max(1, all.Length) : null,
            GeneratorCpuMsPerRequest = (LoadAverage.OwnCpuMs - ownCpuFrom) / Math.Max(1, all.Length),
        };
    }

    public async Task<LoadResult> OpenLoopAsync(string name, string path, IReadOnlyList<byte[]> bodies, double rate, TimeSpan duration)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        var sendLags = new double[total];
        var outcome = new bool[total];
        string? firstError = null;
        var tasks = new Task[total];
        var serverCpuFrom = serverPid is { } pid ? LoadAverage.CpuMs(pid) : 0;
        var ownCpuFrom = LoadAverage.OwnCpuMs;
        var startedAt = DateTime.UtcNow;
        var origin = Stopwatch.GetTimestamp();
        var ticksPerRequest = Stopwatch.Frequency / rate;
        for (var i = 0; i < total; i++)
        {
            var due = origin + (long)(i * ticksPerRequest);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(2))
            {
                await Task.Delay(wait);
            }

            var index = i;
            tasks[i] = Task.Run(async () =>
            {
                sendLags[index] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
                var (ok, error) = await SendAsync(path, bodies[index % bodies.Count]);
                latencies[index] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
                outcome[index] = ok;
                if (!ok)
                {
                    Interlocked.CompareExchange(ref firstError, error, null);
                }
            });
        }

        await Task.WhenAll(tasks);
        var seconds = Stopwatch.GetElapsedTime(origin).TotalSeconds;
        var good = latencies.Where((_, i) => outcome[i]).ToArray();
        return new LoadResult(name, total, good.Length, total - good.Length, seconds, good, firstError)
        {
            SlowEpisodes = Episodes(latencies, sendLags, rate),
            StartedAt = startedAt,
            Origin = origin,
            ServerCpuMsPerRequest = serverPid is { } server ? (LoadAverage.CpuMs(server) - serverCpuFrom) / Math.Max(1, good.Length) : null,
            GeneratorCpuMsPerRequest = (LoadAverage.OwnCpuMs - ownCpuFrom) / Math.Max(1, good.Length),
        };
    }

    /// <summary>Slow requests grouped into episodes: one ends when 50 ms of due times pass without a slow request.</summary>
    private static List<SlowEpisode> Episodes(double[] latencies, double[] sendLags, double rate)
    {
        var episodes = new List<SlowEpisode>();
        (int First, int Last, int Count, double Max, double Lag)? current = null;
        for (var i = 0; i < latencies.Length; i++)
        {
            if (latencies[i] <= LoadResult.SlowMs)
            {
                continue;
            }

            if (current is { } open && (i - open.Last) / rate <= 0.05)
            {
                current = (open.First, i, open.Count + 1, Math.Max(open.Max, latencies[i]), Math.Max(open.Lag, sendLags[i]));
                continue;
            }

            if (current is { } done)
            {
                episodes.Add(new SlowEpisode(done.First / rate, done.Last / rate, done.Count, done.Max, done.Lag));
            }

            current = (i, i, 1, latencies[i], sendLags[i]);
        }

        if (current is { } last)
        {
            episodes.Add(new SlowEpisode(last.First / rate, last.Last / rate, last.Count, last.Max, last.Lag));
        }

        return episodes;
    }

    private async Task<(bool Ok, string? Error)> SendAsync(string path, byte[] body)
    {
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var response = await _client.PostAsync(path, content);
            var text = await response.Content.ReadAsStringAsync();
            return response.IsSuccessStatusCode ? (true, null) : (false, $"{(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (false, e.GetType().Name + ": " + e.Message);
        }
    }
}
