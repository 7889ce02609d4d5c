using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Rolodesk.Benchmarks.Load;

/// <summary>
/// The <c>load</c> command: a closed-loop HTTP load of one path against a running Rolodesk: GET,
/// or POST of a body template whose <c>{n}</c> is replaced by a sequence number and <c>{run}</c> by
/// a per-run id, so every body is unique (e.g. one new user per request).
/// Bounded by time and by request count, and loopback only, so it cannot be aimed at someone else.
/// </summary>
internal static class LoadTool
{
    public static async Task<int> RunAsync(Options o)
    {
        var baseUri = new Uri(o.Get("url", "http://127.0.0.1:5080"));
        if (!IsLoopback(baseUri))
            throw new ArgumentException($"--url must be a loopback address (127.0.0.1, [::1] or localhost), not '{baseUri.Host}'.");
        var seconds = Math.Clamp(o.GetInt("seconds", 10), 1, 300);
        var warmup = Math.Clamp(o.GetInt("warmup", 2), 0, 60);
        var concurrency = Math.Clamp(o.GetInt("concurrency", 8), 1, 256);
        var maxRequests = Math.Max(1, o.GetInt("max-requests", 1_000_000));
        var path = o.Get("path", "/api/v1/users?page=1&pageSize=50");
        var body = o.Get("body");
        if (body is not null) body = body.Replace("{run}", Guid.NewGuid().ToString("N")[..8]);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseCookies = false })
        { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        var token = o.Get("token") ?? await SignInAsync(http, o.Required("email"), o.Required("password"));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        Console.WriteLine($"{(body is null ? "GET" : o.Get("method", "POST").ToUpperInvariant())} {new Uri(baseUri, path)}  concurrency {concurrency}, warm-up {warmup} s, measure {seconds} s (max {maxRequests:N0} requests)");
        var sequence = 0;
        var rotation = LoadRotation.Parse(o);
        var put = string.Equals(o.Get("method"), "put", StringComparison.OrdinalIgnoreCase);
        Func<Task<HttpResponseMessage>> send = body is null
            ? () => http.GetAsync(path, HttpCompletionOption.ResponseContentRead)
            : () =>
            {
                var n = Interlocked.Increment(ref sequence);
                var (url, json) = rotation.Apply(n, path, body.Replace("{n}", n.ToString()));
                var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
                return put ? http.PutAsync(url, content) : http.PostAsync(url, content);
            };
        if (warmup > 0) await LoadAsync(send, concurrency, TimeSpan.FromSeconds(warmup), maxRequests);
        // CPU of this process and (--server-pid) of the app during the measured part: on 2 shared cores the
        // load tool competes with the server, so its own cost per request must be known.
        var serverPid = o.GetInt("server-pid", 0);
        // --pg-database: the summed CPU of the PostgreSQL backends serving that database (the server's own pool).
        var pgDatabase = o.Get("pg-database");
        var (ownCpu, serverCpu, pgCpu) = (ProcessCpu.Own(), ProcessCpu.Of(serverPid), ProcessCpu.Backends(pgDatabase));
        var result = await LoadAsync(send, concurrency, TimeSpan.FromSeconds(seconds), maxRequests);
        result.Print(Console.Out);
        var n = Math.Max(1, result.SortedMs.Length);
        Console.WriteLine($"cpu        load tool {(ProcessCpu.Own() - ownCpu).TotalMicroseconds / n:N0} µs/req"
            + (serverPid > 0 ? $", server {(ProcessCpu.Of(serverPid) - serverCpu).TotalMicroseconds / n:N0} µs/req" : "")
            + (pgDatabase is not null ? $", PostgreSQL backends {(ProcessCpu.Backends(pgDatabase) - pgCpu).TotalMicroseconds / n:N0} µs/req" : "")
            + $"; load average {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}");
        return result.Failures == 0 ? 0 : 1;
    }

    private static async Task<LoadResult> LoadAsync(Func<Task<HttpResponseMessage>> send, int concurrency, TimeSpan duration, int maxRequests)
    {
        var sent = 0;
        var failures = 0;
        var statuses = new Dictionary<int, int>();
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            var latencies = new List<double>(4096);
            while (clock.Elapsed < duration && Interlocked.Increment(ref sent) <= maxRequests)
            {
                var start = Stopwatch.GetTimestamp();
                int status;
                try
                {
                    using var response = await send();
                    status = (int)response.StatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    status = 0;
                }
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (status is < 200 or >= 300) Interlocked.Increment(ref failures);
                lock (statuses) statuses[status] = statuses.GetValueOrDefault(status) + 1;
            }
            return latencies;
        }).ToList();
        var all = (await Task.WhenAll(workers)).SelectMany(l => l).ToArray();
        clock.Stop();
        Array.Sort(all);
        return new LoadResult(all, clock.Elapsed, failures, statuses);
    }

    internal static async Task<string> SignInAsync(HttpClient http, string email, string password)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/auth/token", new { email, password });
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        return doc.RootElement.GetProperty("token").GetString()!;
    }

    internal static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}

/// <summary>User + system CPU time of this process, or of another one from /proc (Linux; zero when unknown).</summary>
internal static class ProcessCpu
{
    public static TimeSpan Own()
    {
        using var p = Process.GetCurrentProcess();
        return p.TotalProcessorTime;
    }

    public static TimeSpan Of(int pid)
    {
        if (pid <= 0 || !File.Exists($"/proc/{pid}/stat")) return TimeSpan.Zero;
        var f = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return TimeSpan.FromSeconds((long.Parse(f[11]) + long.Parse(f[12])) / 100.0); // utime + stime in 1/100 s ticks
    }

    /// <summary>CPU of every PostgreSQL backend connected to <paramref name="database"/> (from its process title).</summary>
    public static TimeSpan Backends(string? database)
    {
        if (database is null) return TimeSpan.Zero;
        var total = TimeSpan.Zero;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                // "postgres: [cluster: ]user database host(port) state"
                var title = File.ReadAllText($"{dir}/cmdline").Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var words = title.Where(w => !w.EndsWith(':')).ToArray();
                if (title is ["postgres:", ..] && words is [_, var db, ..] && db == database) total += Of(pid);
            }
            catch (IOException) { } // the process ended meanwhile
            catch (UnauthorizedAccessException) { }
        }
        return total;
    }
}

internal sealed record LoadResult(double[] SortedMs, TimeSpan Elapsed, int Failures, Dictionary<int, int> Statuses)
{
    public void Print(TextWriter w)
    {
        if (SortedMs.Length == 0) { w.WriteLine("no requests completed"); return; }
        w.WriteLine($"requests   {SortedMs.Length:N0} in {Elapsed.TotalSeconds:N1} s = {SortedMs.Length / Elapsed.TotalSeconds:N1} req/s");
        w.WriteLine($"latency ms mean {SortedMs.Average():N2}  p50 {P(0.50):N2}  p95 {P(0.95):N2}  p99 {P(0.99):N2}  max {SortedMs[^1]:N2}");
        w.WriteLine("statuses   " + string.Join(", ", Statuses.OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "error" : s.Key.ToString())}: {s.Value:N0}")));
        if (Failures > 0) w.WriteLine($"FAILED     {Failures:N0} requests did not return 2xx");
    }

    // Nearest-rank percentile over the sorted sample.
    private double P(double q) => SortedMs[Math.Clamp((int)Math.Ceiling(q * SortedMs.Length) - 1, 0, SortedMs.Length - 1)];
}
