using System.Diagnostics;
using Rolodesk.Benchmarks.Data;
using Rolodesk.Server.Data;

namespace Rolodesk.Benchmarks.Benchmarks;

/// <summary>
/// The <c>card</c> command: reads the 50-value card (as <see cref="CardReadBenchmarks"/>, JSON
/// included) N times in a row and reports wall time and process CPU time per read. On a machine
/// shared with other work the wall time measures the queue for the cores; the CPU time per read
/// is what the read itself costs (the database's part included on SQLite, in-process).
/// </summary>
internal static class CardRun
{
    public static async Task<int> RunAsync(Options o)
    {
        var provider = BenchDatabase.ParseProvider(o.Get("provider", "sqlite"));
        var reads = Math.Max(100, o.GetInt("reads", 5000));
        // Tag the connections so PostgreSQL's own CPU for them can be read (PgBackendCpu).
        if (provider == DatabaseProvider.Postgres)
            Environment.SetEnvironmentVariable("ROLODESK_BENCH_PG", PgBackendCpu.Tag(BenchDatabase.DefaultConnection(provider)));
        var bench = new CardReadBenchmarks { Provider = provider };
        await bench.SetupAsync();
        // Default: what the endpoint runs. --part linq: the LINQ projection + serializer it replaced; row: its one statement;
        // --part query|fields: only the database read (card row + groups), or only filtering the values for the actor.
        Npgsql.NpgsqlCommand? held = null;
        Func<Task> read = o.Get("part") switch
        {
            "query" => bench.RowAsync,
            "row" => bench.RowRawAsync,
            "linq" => bench.CardJsonAsync,
            "fields" => bench.VisibleAsync,
            "name" => bench.NameAsync,
            "raw" => () => RawAsync(false),
            "raw-pragmas" => () => RawAsync(true),
            // PostgreSQL floor: the endpoint's statement through Npgsql alone (pooled open/close, or one connection
            // held with the command prepared), async or synchronous.
            "pg-raw" => () => PgRawAsync(false),
            "pg-raw-sync" => () => PgRawAsync(true),
            "pg-held" => () => PgHeldAsync(false),
            "pg-held-sync" => () => PgHeldAsync(true),
            _ => bench.CardEndpointAsync,
        };
        // Tiered JIT needs thousands of calls (and a quiet moment for its background thread) before the
        // hot path runs optimised code: 500 warm-up reads measured tier-0 code at several times the cost.
        var warmup = Math.Max(500, o.GetInt("warmup", 20000));
        for (var i = 0; i < warmup; i++) await read();
        // First-chance exceptions are costly; a hot path must not throw and catch on every call.
        var exceptions = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        AppDomain.CurrentDomain.FirstChanceException += (_, e) => exceptions.AddOrUpdate(e.Exception.GetType().Name + ": " + e.Exception.Message.Split('\n')[0], 1, (_, n) => n + 1);
        var server = provider == DatabaseProvider.Postgres ? await PgBackendCpu.FindAsync(BenchDatabase.DefaultConnection(provider)) : null;
        var serverCpu = server?.Read();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < reads; i++) await read();
        wall.Stop();
        process.Refresh();
        var cpuUs = (process.TotalProcessorTime - cpu).TotalMicroseconds / reads;
        var serverUs = server?.Read() is { } end && serverCpu is { } start ? $", PostgreSQL backends {(end - start).TotalMicroseconds / reads:N1} µs/read" : "";
        Console.WriteLine($"{provider}: {reads:N0} card reads (50 values + JSON){(o.Get("part") is { } part ? $" --part {part}" : "")}: wall {wall.Elapsed.TotalMicroseconds / reads:N1} µs/read, "
            + $"CPU {cpuUs:N1} µs/read (this process){serverUs}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        foreach (var (what, n) in exceptions.OrderByDescending(x => x.Value).Take(5)) Console.WriteLine($"  {n:N0} first-chance exceptions: {what}");
        if (o.Get("count-compilations") is not null)
        {
            var compilations = 0;
            var builder = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<Rolodesk.Data.RolodeskDbContext>();
            Rolodesk.Server.Data.DatabaseSetup.Configure(builder, provider, BenchDatabase.DefaultConnection(provider));
            builder.LogTo(_ => compilations++, [Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.QueryCompilationStarting]);
            var sw = Stopwatch.StartNew();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < 2000; i++)
            {
                await using var db = new Rolodesk.Data.RolodeskDbContext(builder.Options);
                await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(db.Users.Where(u => u.Id == 7).Select(u => u.Name));
            }
            Console.WriteLine($"{compilations} query compilations for 2000 runs of one query (new context each): wall {sw.Elapsed.TotalMicroseconds / 2000:N1} µs, CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMicroseconds / 2000:N1} µs per query");
        }
        return 0;

        async Task PgRawAsync(bool sync)
        {
            await using var c = new Npgsql.NpgsqlConnection(BenchDatabase.DefaultConnection(provider));
            if (sync) c.Open(); else await c.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand(Rolodesk.Server.Features.Contacts.UserCardReader.Sql(true), c);
            cmd.Parameters.AddWithValue("id", 7);
            await ReadRowAsync(cmd, sync);
        }

        async Task PgHeldAsync(bool sync)
        {
            if (held is null)
            {
                var c = new Npgsql.NpgsqlConnection(BenchDatabase.DefaultConnection(provider));
                await c.OpenAsync();
                held = new Npgsql.NpgsqlCommand(Rolodesk.Server.Features.Contacts.UserCardReader.Sql(true), c);
                held.Parameters.Add(new Npgsql.NpgsqlParameter<int>("id", 7));
                await held.PrepareAsync();
            }
            await ReadRowAsync(held, sync);
        }

        static async Task ReadRowAsync(Npgsql.NpgsqlCommand cmd, bool sync)
        {
            await using var r = sync ? cmd.ExecuteReader(System.Data.CommandBehavior.SingleRow) : await cmd.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow);
            if (!(sync ? r.Read() : await r.ReadAsync())) throw new InvalidOperationException("Card 7 is missing.");
            for (var i = 0; i < r.FieldCount; i++) _ = r.GetValue(i);
        }

        // Microsoft.Data.Sqlite alone, pooled: open, (the server's pragmas,) one select, close.
        async Task RawAsync(bool pragmas)
        {
            await using var c = new Microsoft.Data.Sqlite.SqliteConnection(BenchDatabase.DefaultConnection(provider));
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            if (pragmas)
            {
                cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;";
                await cmd.ExecuteNonQueryAsync();
            }
            cmd.CommandText = "SELECT Name FROM Users WHERE Id = 7";
            await cmd.ExecuteScalarAsync();
        }
    }
}
