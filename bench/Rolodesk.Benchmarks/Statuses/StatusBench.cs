using Microsoft.EntityFrameworkCore;
using Rolodesk.Benchmarks.Data;
using Rolodesk.Data;
using Rolodesk.Data.Statuses;
using Rolodesk.Server.Data;

namespace Rolodesk.Benchmarks.Statuses;

/// <summary>
/// The <c>statuses</c> command (issue 4, point 8): on a fresh database of N agents (each signed
/// in once), times status changes with history in-process — many agents in parallel and one agent
/// from many workers — and the inactivity sweep (a pass that moves nobody, one that moves 1,000,
/// one over 10,000 idle agents already away), then checks the history invariant over every agent.
/// <c>--mode generate</c> only prepares the database (and users) for <c>bench/status-http.sh</c>.
/// </summary>
internal static class StatusBench
{
    public static async Task<int> RunAsync(Options o)
    {
        var provider = BenchDatabase.ParseProvider(o.Get("provider", "sqlite"));
        var connection = o.Get("connection") ?? (provider == DatabaseProvider.Postgres ? StatusBenchData.DefaultPostgres : StatusBenchData.DefaultSqlite);
        StatusBenchData.Lanes = o.GetInt("lanes", 0);
        var data = new StatusBenchData(provider, connection);
        var agents = Math.Max(1000, o.GetInt("agents", 10_000));
        var concurrency = Math.Clamp(o.GetInt("concurrency", 16), 1, 256);
        var mode = o.Get("mode", "all");
        var log = Console.Out;
        if (o.Get("reuse") is null) await data.CreateAsync(agents, log);
        else await data.LoadAsync();
        if (mode == "generate")
        {
            await data.EnsureUsersAsync(o.Get("agent-email", "bench-agent@example.com"), o.Get("password", "bench-pass-1"), o.Get("admin-email", "bench-admin@example.com"), log);
            return 0;
        }
        if (mode is "all" or "changes") await ChangesAsync(data, o.GetInt("changes", 20_000), concurrency, log);
        if (mode is "all" or "sweep") await SweepAsync(data, o.GetInt("moved", 1000), Math.Max(1, o.GetInt("rounds", 5)), Math.Max(0, o.GetInt("warmup-rounds", 60)), log);
        var (intervals, gaps, openWrong) = await data.CheckAsync();
        log.WriteLine($"{provider}: invariant over {data.Agents.Count:N0} agents and {intervals:N0} intervals: {gaps} gaps/overlaps, {openWrong} agents without exactly one open interval");
        return gaps == 0 && openWrong == 0 ? 0 : 1;
    }

    private static async Task ChangesAsync(StatusBenchData data, int changes, int concurrency, TextWriter log)
    {
        var a = data.Agents;
        int[] cycle = [data.OnHold, data.Custom, data.Online];
        // Tiered JIT: warm the path up first (on agents the measured runs do not use).
        await StatusRun.ParallelAsync(data, 3000, concurrency, (c, n) => c.ChangeAsync(new(a[^(1 + n % 100)], cycle[n / 100 % 3], StatusSource.Api, a[0])));
        // Every call changes: agent n % N, and each round over the agents alternates On hold / Online.
        // Whole pairs of rounds, so every agent is Online again afterwards (the sweep below expects it).
        var pool = a.Count - 100;
        var parallel = await StatusRun.ParallelAsync(data, Math.Max(1, changes / (2 * pool)) * 2 * pool, concurrency,
            (c, n) => c.ChangeAsync(new(a[n % pool], n / pool % 2 == 0 ? data.OnHold : data.Online, StatusSource.Api, a[0], "bench")));
        log.WriteLine($"{data.Provider}: many agents, concurrency {concurrency}: {parallel}");
        // One agent from every worker: calls queue per agent; a call naming the status the agent already has is a no-op.
        var one = await StatusRun.ParallelAsync(data, Math.Max(1000, changes / 4), concurrency,
            (c, n) => c.ChangeAsync(new(a[1], cycle[n % 3], n % 2 == 0 ? StatusSource.Self : StatusSource.Omni, a[1])));
        log.WriteLine($"{data.Provider}: one agent, concurrency {concurrency}: {one}");
    }

    /// <summary>
    /// The first <paramref name="warmup"/> moving passes are reported on their own line: they run while the runtime still
    /// compiles the sweep's code to its final tier on background threads (on 2 cores that CPU competes with the pass), which
    /// a server sweeping every 15 s does only in its first minutes; the <paramref name="rounds"/> after them are the steady passes.
    /// </summary>
    private static async Task SweepAsync(StatusBenchData data, int moved, int rounds, int warmup, TextWriter log)
    {
        await using var db = new RolodeskDbContext(data.Options);
        if (await db.StatusSettings.SingleOrDefaultAsync() is { } rule) (rule.InactivityMinutes, rule.InactivityStatusId) = (5, data.OnHold);
        else db.StatusSettings.Add(new StatusSettings { InactivityMinutes = 5, InactivityStatusId = data.OnHold });
        await db.SaveChangesAsync();
        var sweep = data.Sweep(db);
        var idleSince = DateTimeOffset.UtcNow.AddMinutes(-10);
        var a = data.Agents;

        // Everyone active: the pass finds nobody (after the changes above, all are Online and active).
        await db.AgentPresence.ExecuteUpdateAsync(s => s.SetProperty(p => p.LastActivityAt, DateTimeOffset.UtcNow));
        await PassesAsync("no-op pass, all active", 20, 0);
        // Batches of agents idle past the limit: each pass moves them all; activity brings them back (not timed).
        var moving = new List<(int Changed, TimeSpan Wall, TimeSpan Cpu, TimeSpan ServerCpu)>();
        var load = RunResult.Load();
        for (var round = 0; round < warmup + rounds; round++)
        {
            var batch = a.Skip(2 + round * moved % (a.Count - moved - 2)).Take(moved).ToList();
            await db.AgentPresence.Where(p => batch.Contains(p.UserId)).ExecuteUpdateAsync(s => s.SetProperty(p => p.LastActivityAt, idleSince));
            moving.AddRange(await PassesAsync($"pass moving {moved:N0}", 1, batch.Count));
            await StatusRun.ParallelAsync(data, batch.Count, 8, (c, n) => c.RecordActivityAsync(batch[n]));
        }
        if (warmup > 0) Report($"first {warmup} passes after start (tiering up)", moving[..warmup]);
        if (rounds > 1) Report($"{rounds} passes", moving[warmup..]);

        void Report(string which, List<(int Changed, TimeSpan Wall, TimeSpan Cpu, TimeSpan ServerCpu)> passes)
        {
            static string Sorted(IEnumerable<TimeSpan> times) => string.Join(' ', times.Select(t => t.TotalMilliseconds).Order().Select(ms => ms.ToString("F0")));
            log.WriteLine($"{data.Provider}: {which} moving {moved:N0}, sorted (ms): wall {Sorted(passes.Select(r => r.Wall))}; "
                + $"CPU {Sorted(passes.Select(r => r.Cpu))}"
                + (data.PostgresDatabase is null ? "" : $"; PostgreSQL backends {Sorted(passes.Select(r => r.ServerCpu))}")
                + $"; {passes.Count(r => r.Wall.TotalMilliseconds <= 50)} of {passes.Count} ≤ 50 ms; load average {load} → {RunResult.Load()}");
        }
        // The night: everyone idle; the first pass moves all, later passes find them already away.
        await db.AgentPresence.ExecuteUpdateAsync(s => s.SetProperty(p => p.LastActivityAt, idleSince));
        await PassesAsync($"pass moving all idle agents", 1, -1);
        await PassesAsync("no-op pass, all idle and already away", 20, 0);

        async Task<List<(int Changed, TimeSpan Wall, TimeSpan Cpu, TimeSpan ServerCpu)>> PassesAsync(string what, int passes, int expected)
        {
            var runs = new List<(int Changed, TimeSpan Wall, TimeSpan Cpu, TimeSpan ServerCpu)>();
            var (gen0, gen2) = (GC.CollectionCount(0), GC.CollectionCount(2));
            for (var i = 0; i < passes + (passes > 1 ? 3 : 0); i++) runs.Add(await StatusRun.TimeAsync(() => sweep.RunOnceAsync(), data.PostgresDatabase));
            (gen0, gen2) = (GC.CollectionCount(0) - gen0, GC.CollectionCount(2) - gen2);
            if (passes > 1) runs = runs[3..]; // warm-up passes
            var walls = runs.Select(r => r.Wall.TotalMilliseconds).Order().ToList();
            var bad = runs.Where(r => expected >= 0 && r.Changed != expected).Select(r => r.Changed).ToList();
            log.WriteLine($"{data.Provider}: sweep over {a.Count:N0} agents, {what}: {runs[0].Changed:N0} changed; wall median {walls[walls.Count / 2]:N1} ms, "
                + $"max {walls[^1]:N1} ms; CPU {runs.Average(r => r.Cpu.TotalMilliseconds):N1} ms/pass"
                + (data.PostgresDatabase is null ? "" : $" + {runs.Average(r => r.ServerCpu.TotalMilliseconds):N1} ms (PostgreSQL backends)") + $"; GCs {gen0} (gen 2: {gen2}); load average {RunResult.Load()}"
                + (bad.Count > 0 ? $"  UNEXPECTED changed counts: {string.Join(',', bad)}" : ""));
            return runs;
        }
    }
}
