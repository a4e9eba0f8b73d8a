using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Fengqiao.Bench.Load;

/// <summary>
/// <c>Fengqiao.Bench intake --url http://127.0.0.1:5180 --password P --messages F.csv</c>: the intake benchmark against
/// a running Fengqiao host. In the same run it measures a no-op POST of the same bodies on an in-process Kestrel
/// endpoint (the HTTP baseline), then the intake's maximum sustained rate (closed loop) and its latency at a fixed
/// rate (open loop). Bodies are realistic reports: real citizen messages at points inside the demo grids, no category
/// (so the classifier runs), anonymous resident channel.
/// </summary>
internal static class IntakeLoad
{
    private static readonly JsonSerializerOptions GeoJsonOptions = new() { Converters = { new GeoJsonConverterFactory() } };

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Args.Parse(args);
        var url = new Uri(options.Get("url", "http://127.0.0.1:5180"));
        var seconds = double.Parse(options.Get("seconds", "20"), System.Globalization.CultureInfo.InvariantCulture);
        var concurrency = int.Parse(options.Get("concurrency", "64"), System.Globalization.CultureInfo.InvariantCulture);
        var rates = options.Get("rate", "1000").Split(',').Select(r => double.Parse(r, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var only = options.Get("only", "noop,max,open").Split(',');

        // 4,000 bodies repeat every 4,000 reports at the same points: after the first round nearly every report is a
        // possible duplicate (little routing, dispatch or notification). More bodies (BODIES=100000) keep reports fresh.
        var bodies = await BodiesAsync(url, options.Get("password", ""), options.Get("messages", ""), int.Parse(options.Get("bodies", "4000"), System.Globalization.CultureInfo.InvariantCulture));
        Console.WriteLine($"bodies: {bodies.Count}, mean {bodies.Average(b => b.Length):F0} bytes");
        var warmUp = TimeSpan.FromSeconds(Math.Min(5, seconds / 4));

        // The host is measured warm: a fresh process spends its first tens of seconds of load re-compiling hot methods
        // in the background (tiered JIT; 44 % of the host's CPU samples 8–25 s into a run under perf), which is start-up
        // cost, not the cost of a report. Sustained means after that.
        var hostWarmUp = TimeSpan.FromSeconds(double.Parse(options.Get("warmup", "30"), System.Globalization.CultureInfo.InvariantCulture));

        if (only.Contains("noop"))
        {
            await using var noop = await NoOpServerAsync();
            using var noopLoad = new LoadGenerator(new Uri(noop.Urls.First()), concurrency);
            Console.WriteLine("RESULT " + await noopLoad.ClosedLoopAsync("noop-max", "/noop", bodies, concurrency, TimeSpan.FromSeconds(seconds), warmUp));
        }

        int? serverPid = options.Get("server-pid", "") is { Length: > 0 } pid ? int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture) : null;
        using var load = new LoadGenerator(url, concurrency, serverPid);
        if (only.Contains("max"))
        {
            var max = await load.ClosedLoopAsync("intake-max", "/api/v1/reports", bodies, concurrency, TimeSpan.FromSeconds(seconds), hostWarmUp);
            Console.WriteLine("RESULT " + max);
            if (serverPid is { } server)
            {
                // The reports' background work (outbox deliveries: notices, points) may still be running: count it too.
                Console.WriteLine("RESULT " + await LoadAverage.UntilIdleAsync("intake-max-after", server, max.Succeeded, max.ServerCpuMsPerRequest));
            }
        }

        if (only.Contains("open"))
        {
            if (!only.Contains("max"))
            {
                // The open loop on its own would measure a cold host: its 99th percentile at 1,000/s was 770–850 ms
                // against 60–110 ms after the closed loop. Warm it the same way, and discard the result.
                _ = await load.ClosedLoopAsync("intake-warm-up", "/api/v1/reports", bodies, concurrency, TimeSpan.FromSeconds(1), hostWarmUp);
            }

            foreach (var rate in rates)
            {
                using var probe = MachineProbe.Start(options.Get("storage-device", "").Trim());
                var open = await load.OpenLoopAsync($"intake-open-{rate:F0}", "/api/v1/reports", bodies, rate, TimeSpan.FromSeconds(seconds));
                var machine = probe?.Summarise(open.Name, open.Origin, open.Seconds);
                Console.WriteLine("RESULT " + open);
                if (open.SlowEpisodesLine(machine) is { } slow)
                {
                    Console.WriteLine("RESULT " + slow);
                }

                if (machine is not null)
                {
                    Console.WriteLine("RESULT " + machine);
                }

                if (serverPid is { } server)
                {
                    Console.WriteLine("RESULT " + await LoadAverage.UntilIdleAsync($"intake-open-{rate:F0}-after", server, open.Succeeded, open.ServerCpuMsPerRequest));
                }
            }
        }

        return 0;
    }

    /// <summary>A minimal Kestrel endpoint that reads and parses the JSON body and answers 201 with a small JSON receipt.</summary>
    private static async Task<WebApplication> NoOpServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/noop", async (HttpRequest request) =>
        {
            using var document = await JsonDocument.ParseAsync(request.Body);
            return Results.Json(new NoOpReceipt(Guid.CreateVersion7(), "NOOP", document.RootElement.ValueKind != JsonValueKind.Object), statusCode: 201);
        });
        await app.StartAsync();
        return app;
    }

    private static async Task<List<byte[]>> BodiesAsync(Uri url, string password, string messagesFile, int count)
    {
        using var http = new HttpClient { BaseAddress = url };
        var token = await http.PostAsJsonAsync("/api/v1/auth/token", new { userName = "admin", password });
        token.EnsureSuccessStatusCode();
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        var geoJson = await http.GetStringAsync("/api/v1/places/grids.geojson");
        var grids = JsonSerializer.Deserialize<FeatureCollection>(geoJson, GeoJsonOptions)!.Select(f => f.Geometry).ToList();
        var messages = Csv.Read(messagesFile).Skip(1).Where(r => r.Length >= 5 && r[4].Length >= 10)
            .Select(r => (Title: r[2].Length > 60 ? r[2][..60] : r[2], Text: r[4].Length > 1000 ? r[4][..1000] : r[4])).ToList();
        var random = new Random(20261126);
        var bodies = new List<byte[]>(count);
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        for (var i = 0; i < count; i++)
        {
            var grid = grids[i % grids.Count];
            var envelope = grid.EnvelopeInternal;
            Point point;
            do
            {
                point = factory.CreatePoint(new Coordinate(envelope.MinX + (random.NextDouble() * envelope.Width), envelope.MinY + (random.NextDouble() * envelope.Height)));
            }
            while (!grid.Contains(point));

            var (title, text) = messages[random.Next(messages.Count)];
            bodies.Add(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
            {
                title,
                description = text,
                longitude = Math.Round(point.X, 6),
                latitude = Math.Round(point.Y, 6),
                address = "宜兴市宜城街道",
                anonymous = true,
            })));
        }

        return bodies;
    }

    private sealed record NoOpReceipt(Guid Id, string TrackingCode, bool Replayed);
}

/// <summary>"--name value" pairs.</summary>
internal sealed class Args
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static Args Parse(string[] args)
    {
        var parsed = new Args();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            parsed._values[args[i].TrimStart('-')] = args[i + 1];
        }

        return parsed;
    }

    public string Get(string name, string fallback) => _values.TryGetValue(name, out var value) ? value : fallback;
}

/// <summary>RFC 4180 reading (quoted fields may hold commas, quotes and line breaks).</summary>
internal static class Csv
{
    public static IEnumerable<string[]> Read(string path)
    {
        var text = File.ReadAllText(path);
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                row.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                yield return [.. row];
                row.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            yield return [.. row];
        }
    }
}
