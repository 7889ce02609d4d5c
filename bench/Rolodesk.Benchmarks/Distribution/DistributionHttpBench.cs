using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Rolodesk.Benchmarks.Load;

namespace Rolodesk.Benchmarks.Distribution;

/// <summary>
/// The <c>distribution-http</c> command (issue 5 point 6): persisted and pushed assignments per
/// second end to end. On a running Rolodesk it creates a group of N agents, signs each in (so
/// Online) with a SignalR client on /hubs/presence, makes the group the only one taking part
/// (capacity 1,000), then POSTs /api/v1/requests from C closed-loop workers. Counts a request when
/// its 201 says "assigned"; waits for every agent's <c>RequestAssigned</c> push and reports its
/// delay from the POST. Loopback only.
/// </summary>
internal static class DistributionHttpBench
{
    public static async Task<int> RunAsync(Options o)
    {
        var baseUri = new Uri(o.Get("url", "http://127.0.0.1:5351"));
        if (!LoadTool.IsLoopback(baseUri)) throw new ArgumentException($"--url must be a loopback address, not '{baseUri.Host}'.");
        var agentCount = Math.Clamp(o.GetInt("agents", 50), 1, 500);
        var total = Math.Clamp(o.GetInt("requests", 3000), 1, 200_000);
        var warmup = Math.Clamp(o.GetInt("warmup", 300), 0, 100_000);
        var concurrency = Math.Clamp(o.GetInt("concurrency", 16), 1, 256);
        var method = o.Get("method", "roundRobin");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
        var token = o.Get("token") ?? await LoadTool.SignInAsync(http, o.Get("email", "admin@example.com"), o.Get("password", "admin-pass-1"));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var run = Guid.NewGuid().ToString("N")[..8];

        var group = await PostIdAsync(http, "/api/v1/user-groups", new { name = $"Bench agents {run}", kind = "agents", permissions = Array.Empty<string>() });
        var client = await PostIdAsync(http, "/api/v1/users", new { name = $"Bench client {run}", email = $"client-{run}@example.test" });
        var sentAt = new long[warmup + total];
        var pushed = new ConcurrentBag<(int K, double Ms)>();
        var hubs = new List<HubConnection>();
        for (var i = 0; i < agentCount; i++)
        {
            var email = $"dist-{run}-{i}@example.test";
            await PostIdAsync(http, "/api/v1/users", new { name = $"Bench agent {run} {i}", email, groupIds = new[] { group }, password = "bench-pass-1" });
            using var anonymous = new HttpClient { BaseAddress = baseUri };
            var agentToken = await LoadTool.SignInAsync(anonymous, email, "bench-pass-1"); // signing in puts the agent Online
            hubs.Add(await ConnectAsync(baseUri, agentToken, run, sentAt, pushed));
        }
        using (var put = await http.PutAsJsonAsync("/api/v1/distribution-settings", new
        {
            enabled = true,
            method,
            defaultCapacity = 1000,
            agentGroupIds = new[] { group },
            returnUnansweredOnLeave = true,
            capacities = Array.Empty<object>(),
        })) put.EnsureSuccessStatusCode();
        Console.WriteLine($"{agentCount} agents online with a hub client each; {total:N0} requests (+{warmup} warm-up), {concurrency} workers, {method}; load average {BenchFigures.LoadAverage()}");

        await RunPhaseAsync(http, client, run, 0, warmup, concurrency, sentAt);
        var serverPid = o.GetInt("server-pid", 0);
        var serverCpu = BenchFigures.CpuOf(serverPid);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var (latencies, assigned, failed) = await RunPhaseAsync(http, client, run, warmup, total, concurrency, sentAt);
        var wall = clock.Elapsed;
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var serverUsed = BenchFigures.CpuOf(serverPid) - serverCpu;
        for (var waited = 0; waited < 100 && pushed.Count(p => p.K >= warmup) < assigned; waited++) await Task.Delay(100);
        await Task.WhenAll(hubs.Select(h => h.DisposeAsync().AsTask()));

        var push = pushed.Where(p => p.K >= warmup).Select(p => p.Ms).Order().ToArray();
        Console.WriteLine($"created    {total:N0} in {wall.TotalSeconds:N2} s = {total / wall.TotalSeconds:N0} requests/s; {assigned:N0} assigned in the response, {failed} failed; load average {BenchFigures.LoadAverage()}");
        Console.WriteLine($"POST ms    p50 {BenchFigures.Percentile(latencies, 0.5):N1}  p95 {BenchFigures.Percentile(latencies, 0.95):N1}  p99 {BenchFigures.Percentile(latencies, 0.99):N1}");
        Console.WriteLine($"pushes     {push.Length:N0} of {assigned:N0} received; POST-to-push ms p50 {BenchFigures.Percentile(push, 0.5):N1}  p95 {BenchFigures.Percentile(push, 0.95):N1}");
        Console.WriteLine($"CPU        server {(serverPid > 0 ? $"{serverUsed.TotalMilliseconds * 1000 / total:N0} µs" : "n/a (--server-pid)")}, bench client {clientCpu.TotalMilliseconds * 1000 / total:N0} µs per request");
        return failed == 0 && assigned == total ? 0 : 1;
    }

    private static async Task<(double[] Latencies, int Assigned, int Failed)> RunPhaseAsync(
        HttpClient http, int client, string run, int from, int count, int concurrency, long[] sentAt)
    {
        var latencies = new double[count];
        int next = -1, assigned = 0, failed = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) < count;)
            {
                var k = from + i;
                sentAt[k] = Stopwatch.GetTimestamp();
                using var response = await http.PostAsJsonAsync("/api/v1/requests", new { subject = $"bench-{run}-{k}", clientUserId = client, channel = "chat" });
                latencies[i] = Stopwatch.GetElapsedTime(sentAt[k]).TotalMilliseconds;
                if (!response.IsSuccessStatusCode) { Interlocked.Increment(ref failed); continue; }
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                if (body.RootElement.GetProperty("state").GetString() == "assigned") Interlocked.Increment(ref assigned);
            }
        })));
        Array.Sort(latencies);
        return (latencies, assigned, failed);
    }

    private static async Task<HubConnection> ConnectAsync(Uri baseUri, string token, string run, long[] sentAt, ConcurrentBag<(int, double)> pushed)
    {
        var prefix = $"bench-{run}-";
        var hub = new HubConnectionBuilder().WithUrl(new Uri(baseUri, "hubs/presence"), o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.AccessTokenProvider = () => Task.FromResult<string?>(token);
        }).Build();
        hub.On<JsonElement>("RequestAssigned", m =>
        {
            var now = Stopwatch.GetTimestamp();
            if (m.GetProperty("subject").GetString() is { } s && s.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(s.AsSpan(prefix.Length), out var k) && k < sentAt.Length)
                pushed.Add((k, Stopwatch.GetElapsedTime(Volatile.Read(ref sentAt[k]), now).TotalMilliseconds));
        });
        await hub.StartAsync();
        return hub;
    }

    private static async Task<int> PostIdAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("id").GetInt32();
    }
}
