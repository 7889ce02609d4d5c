using System.Globalization;
using Npgsql;

namespace Rolodesk.Benchmarks.Data;

/// <summary>
/// The CPU time PostgreSQL's own processes spend for this benchmark's connections, read from
/// <c>/proc/&lt;backend pid&gt;/stat</c> (the server runs on this machine). The process's CPU time
/// counts only the client; with this the PostgreSQL figures show both halves of a call. The
/// benchmark's connections are tagged with an application name; <see cref="FindAsync"/> looks their
/// backends up once (after the warm-up, when the pool holds them), <see cref="Read"/> is a file read.
/// Resolution: the kernel's clock tick (10 ms), so read it around many calls, not one.
/// </summary>
internal sealed class PgBackendCpu
{
    private static readonly string Name = "rolodesk-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
    private readonly int[] pids;

    private PgBackendCpu(int[] pids) => this.pids = pids;

    /// <summary>The connection string with this process's application name, so its backends can be found.</summary>
    public static string Tag(string connection) => new NpgsqlConnectionStringBuilder(connection) { ApplicationName = Name }.ConnectionString;

    /// <summary>The tagged backends now open, or null when their /proc entries cannot be read (a server on another machine).</summary>
    public static async Task<PgBackendCpu?> FindAsync(string connection)
    {
        await using var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { ApplicationName = Name + "-probe", Pooling = false }.ConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE application_name = @n", c);
        cmd.Parameters.AddWithValue("n", Name);
        var pids = new List<int>();
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) pids.Add(r.GetInt32(0));
        var found = new PgBackendCpu([.. pids]);
        return pids.Count > 0 && found.Read() is not null ? found : null;
    }

    /// <summary>User + system time of the backends so far (a backend that has exited counts as zero).</summary>
    public TimeSpan? Read()
    {
        long ticks = 0;
        foreach (var pid in pids)
        {
            string stat;
            try
            {
                stat = File.ReadAllText($"/proc/{pid}/stat");
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
            // After the command name (in parentheses, may hold spaces): state, ppid, … utime is field 14, stime 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ
    }
}
