using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Rolodesk.Benchmarks.Load;

/// <summary>
/// The <c>push</c> command (issue 4 point 8): N SignalR clients on /hubs/presence of a running
/// Rolodesk, status changes through <c>PUT /api/v1/agents/{id}/status</c> at a fixed rate (open
/// loop: a slow request does not delay the next), and for every change and every client the time
/// from just before the request to receipt. Bounded in count and time, loopback only.
/// </summary>
internal static class PushBench
{
    public static async Task<int> RunAsync(Options o)
    {
        var baseUri = new Uri(o.Get("url", "http://127.0.0.1:5304"));
        if (!LoadTool.IsLoopback(baseUri)) throw new ArgumentException($"--url must be a loopback address, not '{baseUri.Host}'.");
        var clients = Math.Clamp(o.GetInt("clients", 200), 1, 1000);
        var agents = Math.Clamp(o.GetInt("agents", 50), 1, 1000);
        var rate = Math.Clamp(o.GetInt("rate", 20), 1, 500);
        var changes = Math.Clamp(o.GetInt("changes", 600), 1, 20_000);
        var warmup = Math.Clamp(o.GetInt("warmup", 40), 0, changes - 1);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        var token = o.Get("token") ?? await LoadTool.SignInAsync(http, o.Get("email", "admin@example.com"), o.Get("password", "admin-pass-1"));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var run = Guid.NewGuid().ToString("N")[..8];
        var agentIds = await CreateAgentsAsync(http, agents, run);
        var statuses = await StatusIdsAsync(http);

        var sentAt = new long[changes];
        var received = new ConcurrentBag<(int Change, double Ms)>();
        var connections = await ConnectAsync(baseUri, token, clients, run, sentAt, received);
        Console.WriteLine($"{clients} clients connected; {changes} changes ({warmup} warm-up) of {agents} agents at {rate}/s; load average {LoadAverage()}");

        var serverPid = o.GetInt("server-pid", 0);
        var serverCpu = ServerCpu(serverPid);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var requestMs = new double[changes];
        var failures = 0;
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>(changes);
        var lastOfAgent = Enumerable.Repeat(Task.CompletedTask, agents).ToArray();
        for (var k = 0; k < changes; k++)
        {
            var due = TimeSpan.FromSeconds((double)k / rate);
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
            var change = k;
            // Per agent the statuses alternate, so every change is a real one (a change to the held status pushes nothing).
            var status = statuses[(k / agents) % 2];
            // One change per agent in flight: two overlapping ones could commit in reverse order, making the later a no-op.
            var previous = lastOfAgent[change % agents];
            inFlight.Add(lastOfAgent[change % agents] = Task.Run(async () =>
            {
                await previous;
                sentAt[change] = Stopwatch.GetTimestamp();
                using var response = await http.PutAsJsonAsync($"/api/v1/agents/{agentIds[change % agents]}/status", new { statusId = status, reason = $"push-{run}-{change}" });
                requestMs[change] = Stopwatch.GetElapsedTime(sentAt[change]).TotalMilliseconds;
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failures);
            }));
        }
        await Task.WhenAll(inFlight);
        var sending = clock.Elapsed;
        var expected = (long)(changes - warmup) * clients;
        for (var waited = 0; waited < 50 && received.Count(r => r.Change >= warmup) < expected; waited++) await Task.Delay(100);
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var serverCpuUsed = ServerCpu(serverPid) - serverCpu;
        await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));

        var latencies = received.Where(r => r.Change >= warmup).Select(r => r.Ms).Order().ToArray();
        var requests = requestMs[warmup..].Order().ToArray();
        Console.WriteLine($"sent       {changes:N0} changes in {sending.TotalSeconds:N1} s, {failures} failed; load average {LoadAverage()}");
        Console.WriteLine($"request ms p50 {P(requests, 0.5):N1}  p95 {P(requests, 0.95):N1}  p99 {P(requests, 0.99):N1}  max {requests[^1]:N1}");
        Console.WriteLine($"receipts   {latencies.Length:N0} of {expected:N0} ({expected - latencies.Length:N0} missing)");
        if (latencies.Length > 0)
            Console.WriteLine($"push ms    p50 {P(latencies, 0.5):N1}  p95 {P(latencies, 0.95):N1}  p99 {P(latencies, 0.99):N1}  max {latencies[^1]:N1}");
        Console.WriteLine($"bench process CPU {cpuUsed.TotalSeconds:N1} s (clients and sender)");
        if (serverPid > 0)
            Console.WriteLine($"server CPU {serverCpuUsed.TotalSeconds:N1} s = {serverCpuUsed.TotalMilliseconds / changes:N2} ms per change (request + commit + push to {clients} clients)");
        return failures == 0 && latencies.Length == expected ? 0 : 1;
    }

    private static async Task<List<HubConnection>> ConnectAsync(
        Uri baseUri, string token, int count, string run, long[] sentAt, ConcurrentBag<(int, double)> received)
    {
        var prefix = $"push-{run}-";
        var connections = new List<HubConnection>(count);
        for (var batch = 0; batch < count; batch += 20)
        {
            var started = Enumerable.Range(batch, Math.Min(20, count - batch)).Select(async _ =>
            {
                var c = new HubConnectionBuilder()
                    .WithUrl(new Uri(baseUri, "hubs/presence"), HttpTransportType.WebSockets, o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
                    .Build();
                c.On<JsonElement>("StatusChanged", m =>
                {
                    var now = Stopwatch.GetTimestamp();
                    if (m.TryGetProperty("reason", out var r) && r.GetString() is { } reason && reason.StartsWith(prefix, StringComparison.Ordinal)
                        && int.TryParse(reason.AsSpan(prefix.Length), out var k) && k < sentAt.Length)
                        received.Add((k, Stopwatch.GetElapsedTime(Volatile.Read(ref sentAt[k]), now).TotalMilliseconds));
                });
                await c.StartAsync();
                return c;
            });
            connections.AddRange(await Task.WhenAll(started));
        }
        return connections;
    }

    private static async Task<int[]> CreateAgentsAsync(HttpClient http, int count, string run)
    {
        using var groups = JsonDocument.Parse(await http.GetStringAsync("/api/v1/user-groups"));
        var agentsGroup = groups.RootElement.EnumerateArray().First(g => g.GetProperty("name").GetString() == "Agents").GetProperty("id").GetInt32();
        var ids = new int[count];
        for (var i = 0; i < count; i++)
        {
            using var response = await http.PostAsJsonAsync("/api/v1/users", new { name = $"Push agent {run} {i}", email = $"push-{run}-{i}@example.test", groupIds = new[] { agentsGroup } });
            response.EnsureSuccessStatusCode();
            using var user = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            ids[i] = user.RootElement.GetProperty("id").GetInt32();
        }
        return ids;
    }

    /// <summary>Online and On hold: an agent created now is Offline, so the first change of each is real too.</summary>
    private static async Task<int[]> StatusIdsAsync(HttpClient http)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync("/api/v1/statuses"));
        int Id(string key) => doc.RootElement.EnumerateArray().First(s => s.GetProperty("systemKey").GetString() == key).GetProperty("id").GetInt32();
        return [Id("online"), Id("on-hold")];
    }

    /// <summary>User + system time of the server process (--server-pid, Linux), so a figure from a busy machine can be judged.</summary>
    private static TimeSpan ServerCpu(int pid)
    {
        if (pid <= 0 || !File.Exists($"/proc/{pid}/stat")) return TimeSpan.Zero;
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return TimeSpan.FromSeconds((long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0); // utime, stime in clock ticks of 1/100 s
    }

    private static double P(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
