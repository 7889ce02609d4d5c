using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Rolodesk.Server.Features.Contacts.Transfer;

/// <summary>The phases of an import that <see cref="ImportTimings"/> splits.</summary>
public enum ImportPhase
{
    /// <summary>The first pass over the file (match keys) and the database reads before the check.</summary>
    Prepare,
    /// <summary>The check of every row (parse, rules, index rows), without the document serialisation.</summary>
    Check,
    /// <summary>Writing each new card's document (JSON) in the check.</summary>
    Document,
    /// <summary>Putting each batch's index rows in the value index's order (on the check's thread).</summary>
    Order,
    /// <summary>The check blocked on a full channel: the writer is behind (wall only, no CPU).</summary>
    Waiting,
    /// <summary>Writer: card inserts and updates.</summary>
    Cards,
    /// <summary>Writer: group memberships.</summary>
    Members,
    /// <summary>Writer: filter index rows (their sort included).</summary>
    Index,
    /// <summary>Writer: the commit (SQLite: the WAL write).</summary>
    Commit,
    /// <summary>SQLite: copying the committed pages from the WAL into the database file, after the job shows as completed.</summary>
    Checkpoint,
}

/// <summary>
/// Where an import spent its time, per phase: wall time (Stopwatch ticks) and the CPU time of the
/// thread doing it, summed over batches. Set on a job by the import benchmark to split the run;
/// the server leaves it null, so none of this runs there.
/// </summary>
public sealed class ImportTimings
{
    private readonly long[] _wall = new long[Enum.GetValues<ImportPhase>().Length];
    private readonly long[] _cpu = new long[Enum.GetValues<ImportPhase>().Length];

    public TimeSpan Wall(ImportPhase phase) => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _wall[(int)phase]));
    public TimeSpan Cpu(ImportPhase phase) => TimeSpan.FromTicks(Interlocked.Read(ref _cpu[(int)phase]) / 100);

    /// <summary>PostgreSQL: the CPU time of the server process that served the writer's connection, over the write (null elsewhere).</summary>
    public TimeSpan? ServerCpu { get; set; }

    /// <summary>A mark to pass to <see cref="Add"/>: now, as wall ticks and this thread's CPU nanoseconds.</summary>
    public static (long Wall, long Cpu) Mark() => (Stopwatch.GetTimestamp(), ThreadCpuNanoseconds());

    /// <summary>Adds the time since <paramref name="from"/> to a phase and returns a new mark (for the next phase).</summary>
    public (long Wall, long Cpu) Add(ImportPhase phase, (long Wall, long Cpu) from)
    {
        var now = Mark();
        Interlocked.Add(ref _wall[(int)phase], now.Wall - from.Wall);
        Interlocked.Add(ref _cpu[(int)phase], now.Cpu - from.Cpu);
        return now;
    }

    /// <summary>Adds wall time only (a stretch with awaits, whose thread CPU cannot be read).</summary>
    public void AddWall(ImportPhase phase, long wallStart) => Interlocked.Add(ref _wall[(int)phase], Stopwatch.GetTimestamp() - wallStart);

    /// <summary>Adds wall time since <paramref name="wallStart"/> and process CPU since <paramref name="cpuStart"/> (phases that await, so change threads).</summary>
    public void AddProcess(ImportPhase phase, long wallStart, TimeSpan cpuStart)
    {
        Interlocked.Add(ref _wall[(int)phase], Stopwatch.GetTimestamp() - wallStart);
        Interlocked.Add(ref _cpu[(int)phase], (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).Ticks * 100);
    }

    /// <summary>Moves time already counted in one phase to another (the document's share of the check).</summary>
    public void Move(ImportPhase from, ImportPhase to, (long Wall, long Cpu) start)
    {
        var now = Mark();
        Interlocked.Add(ref _wall[(int)from], start.Wall - now.Wall);
        Interlocked.Add(ref _cpu[(int)from], start.Cpu - now.Cpu);
        Interlocked.Add(ref _wall[(int)to], now.Wall - start.Wall);
        Interlocked.Add(ref _cpu[(int)to], now.Cpu - start.Cpu);
    }

    /// <summary>CPU time of the calling thread (Linux; 0 where the clock is not available).</summary>
    public static long ThreadCpuNanoseconds()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        try
        {
            return clock_gettime(ClockThreadCpuTime, out var t) == 0 ? t.Seconds * 1_000_000_000 + t.Nanoseconds : 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 0;
        }
    }

    /// <summary>CPU time (user + system) of another process on this machine, from /proc; null if unreadable.</summary>
    public static TimeSpan? ProcessCpu(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // utime and stime are fields 14 and 15 of the file, in clock ticks (100 per second on Linux).
            return TimeSpan.FromSeconds((long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture)
                + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private const int ClockThreadCpuTime = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc.so.6", SetLastError = false)]
    private static extern int clock_gettime(int clock, out TimeSpec time);
}
