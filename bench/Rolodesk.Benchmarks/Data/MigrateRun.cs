using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Server.Data;

namespace Rolodesk.Benchmarks.Data;

/// <summary>
/// The <c>migrate</c> command: brings a bench database to the current schema as the server's start would
/// (an hour's command timeout), timing it; on PostgreSQL then <c>VACUUM (ANALYZE)</c> of the custom field index,
/// whose visibility map a migration that updates its rows clears (index-only scans would visit the heap, ADR 0010).
/// </summary>
internal static class MigrateRun
{
    public static async Task<int> RunAsync(Options o)
    {
        var provider = BenchDatabase.ParseProvider(o.Get("provider", "sqlite"));
        var connection = o.Get("connection") ?? BenchDatabase.DefaultConnection(provider);
        await using var db = new RolodeskDbContext(BenchDatabase.Options(provider, connection));
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        var start = Stopwatch.GetTimestamp();
        await db.Database.MigrateAsync();
        Console.WriteLine($"{provider}: {pending.Count} migration(s) applied in {Stopwatch.GetElapsedTime(start).TotalSeconds:N1} s"
            + (pending.Count == 0 ? "" : $" ({string.Join(", ", pending)})") + $"; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        if (provider == DatabaseProvider.Postgres && pending.Count > 0)
        {
            start = Stopwatch.GetTimestamp();
            await db.Database.ExecuteSqlRawAsync("""VACUUM (ANALYZE) "CustomFieldIndex" """);
            Console.WriteLine($"VACUUM (ANALYZE) \"CustomFieldIndex\" in {Stopwatch.GetElapsedTime(start).TotalSeconds:N1} s");
        }
        return 0;
    }
}
