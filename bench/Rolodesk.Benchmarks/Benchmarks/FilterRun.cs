using System.Collections.Frozen;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Primitives;
using Rolodesk.Benchmarks.Data;
using Rolodesk.Data;
using Rolodesk.Data.Contacts;
using Rolodesk.Server.Data;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Filters;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Features.ContactFields.Values;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Benchmarks.Benchmarks;

/// <summary>
/// The <c>filter</c> command: "plan = option AND score in [300, 399]" on the generated users, sorted
/// by name, first page of 50 and exact count, through the filter the API runs (typed index) and
/// through a scan of the JSON documents, in the same run. A plain timed loop rather than
/// BenchmarkDotNet, because the targets are p95 per call and a JSON scan of a million rows takes
/// seconds. Checks that both sides return the same cards.
/// </summary>
internal static class FilterRun
{
    public static async Task<int> RunAsync(Options o)
    {
        var provider = BenchDatabase.ParseProvider(o.Get("provider", "sqlite"));
        // Counts EF query compilations, so --parts can show whether the per-request expression trees hit EF's query cache.
        var compilations = 0;
        var connection = o.Get("connection") ?? BenchDatabase.DefaultConnection(provider);
        if (provider == DatabaseProvider.Postgres) connection = PgBackendCpu.Tag(connection);
        PgBackendCpu? server = null;
        var options = new DbContextOptionsBuilder<RolodeskDbContext>(BenchDatabase.Options(provider, connection))
            .LogTo(_ => Interlocked.Increment(ref compilations), [CoreEventId.QueryCompilationStarting]).Options;
        var factory = new PooledDbContextFactory<RolodeskDbContext>(options);
        var (runs, jsonRuns) = (Math.Max(1, o.GetInt("runs", 50)), Math.Max(0, o.GetInt("json-runs", 3)));
        // Untimed runs before each measured series: at least --warmup, then on until the JIT has been quiet for a second.
        // One warm-up left most measured calls on tier-0 code; 30 (the tier-up call count) still left the tier-1
        // recompiles of the whole query pipeline to the measured runs: on a background thread competing for the two
        // cores, they doubled the CPU of the first two series (selective page 23.6 ms CPU where its parts summed to
        // 10.9; with DOTNET_TieredCompilation=0 the same series took 10.4). The "warm" column says how many ran.
        var warmup = Math.Max(1, o.GetInt("warmup", 30));
        var definitions = new FieldDefinitionsCache(FieldTypeRegistry.Default, TimeProvider.System);
        UserAccess actor;
        await using (var db = factory.CreateDbContext())
        {
            var admins = await db.UserGroups.SingleAsync(g => g.Name == DefaultGroups.Administrators);
            actor = new UserAccess(1, [.. admins.Permissions], new[] { admins.Id }.ToFrozenSet(), IsAgent: true);
            Console.WriteLine($"{provider}: {await db.Users.CountAsync():N0} users; {runs} runs of the index queries, {jsonRuns} of the JSON scans; "
                + $"{warmup} untimed runs before each series; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}\n");
        }
        if (provider == DatabaseProvider.Postgres) server = await PgBackendCpu.FindAsync(connection);
        if (provider == DatabaseProvider.Sqlite)
        {
            // What the app's pragmas give on this build of SQLite (mmap_size is capped at compile time; pages past it are read into the page cache).
            await using var db = factory.CreateDbContext();
            await db.Database.OpenConnectionAsync();
            var pragma = db.Database.GetDbConnection().CreateCommand();
            long Pragma(string name)
            {
                pragma.CommandText = "PRAGMA " + name;
                return Convert.ToInt64(pragma.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            }
            var (mmap, cache, pages) = (Pragma("mmap_size"), Pragma("cache_size"), Pragma("page_count") * Pragma("page_size"));
            Console.WriteLine($"SQLite: file {pages / 1048576:N0} MiB, mmap_size {mmap / 1048576:N0} MiB, cache_size {cache}\n");
        }
        Console.WriteLine($"{"case",-10} {"query",-12} {"rows",9} {"mean ms",9} {"p50 ms",9} {"p95 ms",9} {"max ms",9} {"cpu ms",9} {"compiles",9}"
            + (server is null ? "" : $" {"pg cpu ms",9}") + $" {"alloc KB",9} {"gcs",4} {"load",6} {"warm",6}");
        foreach (var (name, option) in new[] { ("selective", BenchFields.Selective), ("broad", BenchFields.Broad) })
        {
            var query = new Dictionary<string, StringValues>
            {
                ["cf." + BenchFields.Plan] = option,
                [$"cf.{BenchFields.Score}.from"] = BenchFields.RangeFrom.ToString(),
                [$"cf.{BenchFields.Score}.to"] = BenchFields.RangeTo.ToString(),
            };
            var json = JsonScan(provider);
            var pages = new List<List<int>>();
            var counts = new List<int>();
            await MeasureAsync(name, "index page", runs, async db => Add(pages, await PlanPageAsync(db, await PlanAsync(db, query))));
            await MeasureAsync(name, "index count", runs, async db => Add(counts, await (await PlanAsync(db, query)).CountAsync(db.Users.AsNoTracking(), default)));
            if (o.Get("parts") is not null)
            {
                // Where a page's time goes: the plan alone, then the page and the count each with a plan made beforehand (untimed).
                await MeasureAsync(name, "plan", runs, async db => (await PlanAsync(db, query)).DriverIsSelective ? 1 : 0);
                await MeasurePreparedAsync(name, "page sql", runs, async db =>
                {
                    var plan = await PlanAsync(db, query);
                    return async () => (await PlanPageAsync(db, plan)).Count;
                });
                await MeasurePreparedAsync(name, "page ids", runs, async db =>
                {
                    var plan = await PlanAsync(db, query);
                    return async () => (await plan.PageIdsAsync(db.Users.AsNoTracking(), u => u.Sort("name"), false, 0, 50, default)).Count;
                });
                // The page ids' statement alone (command built untimed): the database's share of "page ids". With a walk
                // in name order (ADR 0010) the walk's statement; otherwise EF's (after the driver's cards were read, untimed).
                await MeasurePreparedAsync(name, "ids command", runs, async db =>
                {
                    var plan = await PlanAsync(db, query);
                    var cmd = await IdsCommandAsync(db, plan);
                    await db.Database.OpenConnectionAsync();
                    return async () =>
                    {
                        var n = 0;
                        await using (var reader = await cmd.ExecuteReaderAsync())
                            while (await reader.ReadAsync()) n++;
                        return n;
                    };
                });
                await MeasurePreparedAsync(name, "page rows", runs, async db =>
                {
                    var plan = await PlanAsync(db, query);
                    return async () => (await plan.PageCardsAsync(db.Users.AsNoTracking(), "name", db, 0, 50, default)).Count;
                });
                await MeasurePreparedAsync(name, "count sql", runs, async db =>
                {
                    var plan = await PlanAsync(db, query);
                    return () => plan.CountAsync(db.Users.AsNoTracking(), default);
                });
            }
            if (jsonRuns > 0) await MeasureAsync(name, "json page", jsonRuns, async db => Add(pages, await PageAsync(db, db.Users.FromSqlRaw(json, option).AsNoTracking())), warm: 1);
            if (jsonRuns > 0) await MeasureAsync(name, "json count", jsonRuns, async db => Add(counts, await db.Users.FromSqlRaw(json, option).CountAsync()), warm: 1);
            if (pages.Select(p => string.Join(',', p)).Distinct().Count() != 1 || counts.Distinct().Count() != 1)
                throw new InvalidOperationException($"{name}: the index and the JSON scan disagree (counts {string.Join(", ", counts.Distinct())}).");
            if (o.Get("explain") is not null)
            {
                await using var db = factory.CreateDbContext();
                var plan = await PlanAsync(db, query);
                await using (var page = await IdsCommandAsync(db, plan))
                    await Explain.PrintAsync(db, provider, $"{name}: index page" + (plan.WalksByName(db.Users) ? " (walk in name order)" : ""), Explain.Inline(page));
                var postgres = provider == DatabaseProvider.Postgres;
                await Explain.PrintAsync(db, provider, $"{name}: cards of the page's ids", UserCardReader.ManySql(postgres).Replace("@ids", postgres ? "ARRAY[1,2,3]" : "'[1,2,3]'"));
                await Explain.PrintAsync(db, provider, $"{name}: index count", plan.ForCount(db.Users.AsNoTracking()).Select(u => u.Id).ToQueryString());
                // PostgreSQL only: SQLite's count intersects the conditions' id lists in a bitmap (FilterCount.BitmapCountAsync).
                if (postgres && !plan.DriverIsSelective && FilterCount.CanIntersect(plan.Filter))
                {
                    // What the count runs in this case (FilterPlan.CountAsync): the intersection of the conditions' index entries.
                    await using var cmd = db.Database.GetDbConnection().CreateCommand();
                    var sql = FilterCount.Sql(cmd, plan.Filter, [.. FilterCount.Audiences(plan.Filter)], postgres);
                    Console.WriteLine($"-- {name}: intersect count (what the count runs)\n{sql}\n-- parameters: {string.Join(", ", cmd.Parameters.Cast<System.Data.Common.DbParameter>().Select(p => $"{p.ParameterName}={p.Value}"))}\n");
                    cmd.CommandText = (postgres ? "EXPLAIN (ANALYZE, BUFFERS) " : "EXPLAIN QUERY PLAN ") + sql;
                    await using var reader = await cmd.ExecuteReaderAsync();
                    while (await reader.ReadAsync())
                        Console.WriteLine(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(reader.GetValue)));
                    Console.WriteLine();
                }
            }
        }
        return 0;

        async Task<FilterPlan> PlanAsync(RolodeskDbContext db, Dictionary<string, StringValues> query)
        {
            var errors = new ValidationErrors();
            var filter = CardFilterParser.Parse(query, await new CardFields(db, definitions).CatalogAsync(Rolodesk.Data.ContactFields.FieldTarget.Users, default), actor, errors);
            if (errors.Any) throw new InvalidOperationException("Filter refused: " + string.Join("; ", errors.All.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}")));
            // As UsersApi.List: the driver's cards are read when the count or the page needs them.
            return await filter.PlanAsync(db, deferMatching: true, default);
        }

        // The page ids' statement as the list runs it: the walk in name order when the plan takes it, else EF's.
        async Task<System.Data.Common.DbCommand> IdsCommandAsync(RolodeskDbContext db, FilterPlan plan)
        {
            if (!plan.WalksByName(db.Users.AsNoTracking()))
            {
                await plan.ReadMatchingAsync(default); // the driver's cards, if selective
                return plan.ForPage(db.Users.AsNoTracking()).Sort("name").Take(50).Select(u => u.Id).CreateDbCommand();
            }
            var cmd = db.Database.GetDbConnection().CreateCommand();
            cmd.CommandText = FilterDriver.NamePageSql(cmd, plan.Filter, plan.NameWalk!, [.. FilterCount.Audiences(plan.Filter)], false, 0, 50, provider == DatabaseProvider.Postgres);
            return cmd;
        }

        // What UsersApi.List does after the count (plan made with the matching cards deferred): the page's cards and its JSON.
        async Task<List<int>> PlanPageAsync(RolodeskDbContext db, FilterPlan plan)
        {
            var rows = await plan.PageCardsAsync(db.Users.AsNoTracking(), "name", db, 0, 50, default);
            var catalog = await new CardFields(db, definitions).CatalogAsync(Rolodesk.Data.ContactFields.FieldTarget.Users, default);
            if (UserListJson.Render(rows, catalog, actor, 1, 50, null, null).WrittenCount == 0) throw new InvalidOperationException("No JSON written.");
            return [.. rows.Select(c => c.Id)];
        }

        // What UsersApi.List does after the count: the sorted page's cards, and its JSON with the values the actor may display.
        async Task<List<int>> PageAsync(RolodeskDbContext db, IQueryable<User> users)
        {
            var rows = await users.Sort("name").PageCardsAsync(db, 0, 50, default);
            var catalog = await new CardFields(db, definitions).CatalogAsync(Rolodesk.Data.ContactFields.FieldTarget.Users, default);
            if (UserListJson.Render(rows, catalog, actor, 1, 50, null, null).WrittenCount == 0) throw new InvalidOperationException("No JSON written.");
            return [.. rows.Select(c => c.Id)];
        }

        Task MeasureAsync(string name, string what, int times, Func<RolodeskDbContext, Task<int>> run, int? warm = null) =>
            MeasurePreparedAsync(name, what, times, db => Task.FromResult<Func<Task<int>>>(() => run(db)), warm);

        // prepare runs untimed and returns the timed work; "compiles" = EF query compilations per timed call (0 = all cached);
        // "pg cpu ms" = PostgreSQL's backends' CPU per timed call (10 ms clock ticks summed over the series).
        async Task MeasurePreparedAsync(string name, string what, int times, Func<RolodeskDbContext, Task<Func<Task<int>>>> prepare, int? warm = null)
        {
            var ms = new double[times];
            var rows = 0;
            var (cpu, compiled, serverCpu, allocated, collections) = (TimeSpan.Zero, 0, TimeSpan.Zero, 0L, 0);
            // Warm-up: the given number of runs, then (unless a count was given for this series) on until no method has
            // been JIT-compiled for a second and 10 runs, at most 60 s.
            var (warmed, jitted, quietSince, warmStart) = (0, System.Runtime.JitInfo.GetCompiledMethodCount(), Stopwatch.GetTimestamp(), Stopwatch.GetTimestamp());
            var quietRuns = 0;
            while (warmed < (warm ?? warmup) || (warm is null && (quietRuns < 10 || Stopwatch.GetElapsedTime(quietSince).TotalSeconds < 1)
                && Stopwatch.GetElapsedTime(warmStart).TotalSeconds < 60))
            {
                await using (var db = factory.CreateDbContext()) rows = await (await prepare(db))();
                warmed++;
                var now = System.Runtime.JitInfo.GetCompiledMethodCount();
                if (now != jitted) (jitted, quietSince, quietRuns) = (now, Stopwatch.GetTimestamp(), 0);
                else quietRuns++;
            }
            for (var i = 0; i < times; i++)
            {
                await using var db = factory.CreateDbContext();
                var work = await prepare(db);
                var (allocStart, gcStart) = (GC.GetTotalAllocatedBytes(), GC.CollectionCount(0));
                var (start, cpuStart, compiledStart, serverStart) = (Stopwatch.GetTimestamp(), Process.GetCurrentProcess().TotalProcessorTime, compilations, server?.Read());
                rows = await work();
                (allocated, collections) = (allocated + GC.GetTotalAllocatedBytes() - allocStart, collections + GC.CollectionCount(0) - gcStart);
                ms[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                cpu += Process.GetCurrentProcess().TotalProcessorTime - cpuStart;
                compiled += compilations - compiledStart;
                if (server?.Read() is { } serverEnd && serverStart is { } s0) serverCpu += serverEnd - s0;
            }
            Array.Sort(ms);
            double P(double q) => ms[Math.Clamp((int)Math.Ceiling(q * ms.Length) - 1, 0, ms.Length - 1)];
            Console.WriteLine($"{name,-10} {what,-12} {rows,9:N0} {ms.Average(),9:N2} {P(0.5),9:N2} {P(0.95),9:N2} {ms[^1],9:N2} {cpu.TotalMilliseconds / times,9:N2} {(double)compiled / times,9:N1}"
                + (server is null ? "" : $" {serverCpu.TotalMilliseconds / times,9:N2}") + $" {allocated / 1024.0 / times,9:N0} {collections,4} {File.ReadAllText("/proc/loadavg").Split(' ')[0],6} {warmed,6}");
        }
    }

    private static int Add<T>(List<T> to, T value)
    {
        to.Add(value);
        return value is List<int> l ? l.Count : Convert.ToInt32(value);
    }

    /// <summary>The same two conditions read from the JSON document of every row (what a JSON column without an index costs).</summary>
    private static string JsonScan(DatabaseProvider provider) => provider == DatabaseProvider.Postgres
        ? $$"""SELECT * FROM "Users" WHERE ("CustomFields"::jsonb ->> '{{BenchFields.Plan}}') = {0} AND ("CustomFields"::jsonb ->> '{{BenchFields.Score}}')::numeric BETWEEN {{BenchFields.RangeFrom}} AND {{BenchFields.RangeTo}}"""
        : $$"""SELECT * FROM "Users" WHERE json_extract("CustomFields", '$.{{BenchFields.Plan}}') = {0} AND json_extract("CustomFields", '$.{{BenchFields.Score}}') BETWEEN {{BenchFields.RangeFrom}} AND {{BenchFields.RangeTo}}""";
}
