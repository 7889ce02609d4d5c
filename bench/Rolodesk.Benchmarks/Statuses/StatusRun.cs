using System.Diagnostics;
using Rolodesk.Benchmarks.Load;
using Rolodesk.Data;
using Rolodesk.Server.Features.Statuses;

namespace Rolodesk.Benchmarks.Statuses;

/// <summary>What a timed run did: wall time, this process's CPU time, and the machine's load.</summary>
internal sealed record RunResult(int Calls, int Changed, TimeSpan Wall, TimeSpan Cpu, string LoadBefore, string LoadAfter, double MeanBatch = 0, TimeSpan? ServerCpu = null)
{
    public double ChangesPerSecond => Changed / Wall.TotalSeconds;

    public override string ToString() =>
        $"{Changed:N0} changes of {Calls:N0} calls in {Wall.TotalSeconds:N2} s = {ChangesPerSecond:N0} changes/s; "
        + $"CPU {Cpu.TotalMicroseconds / Math.Max(1, Calls):N0} µs/call (this process)"
        + (ServerCpu is { } server ? $" + {server.TotalMicroseconds / Math.Max(1, Calls):N0} µs/call (PostgreSQL backends)" : "")
        + $", {MeanBatch:N1} changes per commit, load average {LoadBefore} → {LoadAfter}";

    public static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
}

internal static class StatusRun
{
    /// <summary>
    /// Runs <paramref name="calls"/> calls of <paramref name="call"/>(changer, n) on
    /// <paramref name="concurrency"/> workers, each with its own context and changer (as requests
    /// have), and counts the calls that changed a status.
    /// </summary>
    public static async Task<RunResult> ParallelAsync(StatusBenchData data, int calls, int concurrency,
        Func<StatusChanger, int, Task<ChangeResult>> call)
    {
        var next = -1;
        var changed = 0;
        var (batches, changes) = (Interlocked.Read(ref StatusCommitter.Batches), Interlocked.Read(ref StatusCommitter.Changes));
        var load = RunResult.Load();
        var server = ProcessCpu.Backends(data.PostgresDatabase); // first: reading /proc is not the changes' CPU
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            await using var db = new RolodeskDbContext(data.Options);
            var changer = data.Changer(db);
            for (int n; (n = Interlocked.Increment(ref next)) < calls;)
                if ((await call(changer, n)).Outcome == ChangeOutcome.Changed) Interlocked.Increment(ref changed);
        })));
        wall.Stop();
        process.Refresh();
        var committed = Interlocked.Read(ref StatusCommitter.Batches) - batches;
        return new RunResult(calls, changed, wall.Elapsed, process.TotalProcessorTime - cpu, load, RunResult.Load(),
            (double)(Interlocked.Read(ref StatusCommitter.Changes) - changes) / Math.Max(1, committed),
            data.PostgresDatabase is null ? null : ProcessCpu.Backends(data.PostgresDatabase) - server);
    }

    /// <summary>Times <paramref name="work"/> once: wall and this process's CPU.</summary>
    public static async Task<(T Value, TimeSpan Wall, TimeSpan Cpu)> TimeAsync<T>(Func<Task<T>> work)
    {
        var (value, wall, cpu, _) = await TimeAsync(work, null);
        return (value, wall, cpu);
    }

    /// <summary>Times <paramref name="work"/> once: wall, this process's CPU and the CPU of the PostgreSQL backends on <paramref name="postgresDatabase"/>.</summary>
    public static async Task<(T Value, TimeSpan Wall, TimeSpan Cpu, TimeSpan ServerCpu)> TimeAsync<T>(Func<Task<T>> work, string? postgresDatabase)
    {
        var server = ProcessCpu.Backends(postgresDatabase);
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var value = await work();
        wall.Stop();
        process.Refresh();
        return (value, wall.Elapsed, process.TotalProcessorTime - cpu, ProcessCpu.Backends(postgresDatabase) - server);
    }
}
