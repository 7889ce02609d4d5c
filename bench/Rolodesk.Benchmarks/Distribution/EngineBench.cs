using System.Diagnostics;
using Rolodesk.Data.Requests;
using Rolodesk.Server.Features.Distribution;

namespace Rolodesk.Benchmarks.Distribution;

/// <summary>
/// The <c>distribution-engine</c> command (issue 5 point 6): assignment decisions per second of
/// the pure <see cref="AssignmentEngine"/> with N agents (default 1,000), 4 in 5 of them in a
/// status that accepts requests, random loads below capacity. Each decision scans every agent
/// (the worst case of the run's work per request); between batches a random tenth of the
/// requests close, so agents stay below capacity and the decisions stay real. Both methods.
/// </summary>
internal static class EngineBench
{
    public static Task<int> RunAsync(Options o)
    {
        var agents = Math.Clamp(o.GetInt("agents", 1000), 1, 100_000);
        var decisions = Math.Clamp(o.GetInt("decisions", 2_000_000), 1000, 100_000_000);
        var batch = Math.Clamp(o.GetInt("batch", 100), 1, 10_000);
        Console.WriteLine($"{agents:N0} agents, {decisions:N0} decisions in batches of {batch}; load average {BenchFigures.LoadAverage()}");
        foreach (var method in new[] { DistributionMethod.RoundRobin, DistributionMethod.LeastLoaded })
        {
            Run(method, agents, decisions / 10, batch); // warm-up
            var (wall, cpu, made) = Run(method, agents, decisions, batch);
            Console.WriteLine($"{method,-12} {made / wall.TotalSeconds,12:N0} decisions/s  wall {wall.TotalMilliseconds * 1000 / made:N2} µs  "
                + $"CPU {cpu.TotalMilliseconds * 1000 / made:N2} µs per decision; load average {BenchFigures.LoadAverage()}");
        }
        return Task.FromResult(0);
    }

    private static (TimeSpan Wall, TimeSpan Cpu, long Made) Run(DistributionMethod method, int count, int decisions, int batch)
    {
        var random = new Random(42);
        var loads = Enumerable.Range(1, count).Select(i => new AgentLoad(i, random.Next(5) != 0, 50, random.Next(40), 0)).ToArray();
        var queue = Enumerable.Range(1, batch).Select(i => (long)i).ToArray();
        long made = 0, seq = 1;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        while (made < decisions)
        {
            var planned = AssignmentEngine.Plan(method, loads, queue, seq);
            made += planned.Count;
            seq += planned.Count;
            // Some requests close (outside the timed work's logic, but cheap): keeps agents below capacity.
            for (var k = 0; k < planned.Count; k++)
            {
                ref var a = ref loads[random.Next(count)];
                if (a.Open > 0) a.Open--;
            }
            if (planned.Count == 0) foreach (ref var a in loads.AsSpan()) a.Open = 0;
        }
        clock.Stop();
        return (clock.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu, made);
    }
}

internal static class BenchFigures
{
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "n/a";

    /// <summary>utime + stime of another process (Linux), in clock ticks of 1/100 s.</summary>
    public static TimeSpan CpuOf(int pid)
    {
        if (pid <= 0 || !File.Exists($"/proc/{pid}/stat")) return TimeSpan.Zero;
        var f = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return TimeSpan.FromMilliseconds((long.Parse(f[11]) + long.Parse(f[12])) * 10);
    }

    public static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}
