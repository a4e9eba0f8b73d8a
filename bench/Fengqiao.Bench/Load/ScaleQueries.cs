using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Fengqiao.Bench.Load;

/// <summary>
/// <c>Fengqiao.Bench scale-queries --url U --street-password P --grid-password P --street CODE [--requests 60]</c>: times,
/// one request at a time over real HTTP (a person opening a page), the first page of the staff queues a street officer
/// and a grid worker open, and the street's indicators for one month and one quarter, after 10 warm-up requests each;
/// GET /health/live in the same run is the baseline. Prints p50/p95/max per call.
/// </summary>
internal static class ScaleQueries
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Args.Parse(args);
        var url = new Uri(options.Get("url", "http://127.0.0.1:5181"));
        var requests = int.Parse(options.Get("requests", "60"), CultureInfo.InvariantCulture);
        var label = options.Get("label", "");
        var street = options.Get("street", "");
        using var anonymous = new HttpClient { BaseAddress = url };
        using var streetClient = await LoginAsync(url, "street", options.Get("street-password", ""));
        using var gridClient = await LoginAsync(url, "grid", options.Get("grid-password", ""));

        // Seeded cases span the last three years; the month and quarter are the last complete ones.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var month = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var quarter = new DateOnly(today.Year, (((today.Month - 1) / 3) * 3) + 1, 1).AddMonths(-3);
        string Range(DateOnly from, DateOnly to) => $"from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}";

        var calls = new (string Name, HttpClient Client, string Path)[]
        {
            ("health (baseline)", anonymous, "/health/live"),
            ("street queue: all, page 1", streetClient, "/api/v1/cases?pageSize=20"),
            ("street queue: to dispatch, page 1", streetClient, "/api/v1/cases?queue=ToDispatch&pageSize=20"),
            ("street queue: mine, page 1", streetClient, "/api/v1/cases?queue=Mine&pageSize=20"),
            ("street queue: overdue, page 1", streetClient, "/api/v1/cases?queue=Overdue&pageSize=20"),
            ("street queue counts", streetClient, "/api/v1/cases/counts"),
            ("grid queue: mine, page 1", gridClient, "/api/v1/cases?queue=Mine&pageSize=20"),
            ("grid queue: all, page 1", gridClient, "/api/v1/cases?pageSize=20"),
            ("street indicators: one month", streetClient, $"/api/v1/cases/indicators?unit={street}&{Range(month, month.AddMonths(1))}"),
            ("street indicators: one quarter", streetClient, $"/api/v1/cases/indicators?unit={street}&{Range(quarter, quarter.AddMonths(3))}"),
        };

        foreach (var (name, client, path) in calls)
        {
            var latencies = new List<double>(requests);
            string? info = null;
            for (var i = 0; i < 10 + requests; i++)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(path);
                var body = await response.Content.ReadAsStringAsync();
                var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                {
                    Console.WriteLine($"RESULT {label}{name}: HTTP {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
                    break;
                }

                if (i >= 10)
                {
                    latencies.Add(elapsed);
                }

                info ??= Describe(body);
            }

            if (latencies.Count == 0)
            {
                continue;
            }

            var result = new LoadResult(name, latencies.Count, latencies.Count, 0, 1, [.. latencies], null);
            Console.WriteLine($"RESULT {label}{name}: n={latencies.Count} p50 {result.Percentile(50):F1} ms, p95 {result.Percentile(95):F1} ms, max {result.Percentile(100):F1} ms{info}; load {LoadAverage.Now}");
        }

        return 0;
    }

    private static string Describe(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return "";
            }

            foreach (var property in new[] { "total", "reported" })
            {
                if (json.RootElement.TryGetProperty(property, out var value))
                {
                    return $" ({property} {value})";
                }
            }
        }
        catch (JsonException)
        {
        }

        return "";
    }

    private static async Task<HttpClient> LoginAsync(Uri url, string user, string password)
    {
        var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(120) };
        var token = await http.PostAsJsonAsync("/api/v1/auth/token", new { userName = user, password });
        token.EnsureSuccessStatusCode();
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return http;
    }
}
