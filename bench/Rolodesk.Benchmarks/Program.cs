using BenchmarkDotNet.Running;
using Rolodesk.Benchmarks;
using Rolodesk.Benchmarks.Benchmarks;
using Rolodesk.Benchmarks.Data;
using Rolodesk.Benchmarks.Load;

// dotnet run -c Release --project bench/Rolodesk.Benchmarks -- [bench|generate|load|help] [options]
try
{
    return args.FirstOrDefault() switch
    {
        "generate" => await Generator.RunAsync(new Options(args[1..])),
        "load" => await LoadTool.RunAsync(new Options(args[1..])),
        "explain" => await Explain.RunAsync(new Options(args[1..])),
        "explain-filter" => await FilterExplain.RunAsync(new Options(args[1..])),
        "import" => await ImportBench.RunAsync(new Options(args[1..])),
        "filter" => await FilterRun.RunAsync(new Options(args[1..])),
        "migrate" => await MigrateRun.RunAsync(new Options(args[1..])),
        "card" => await CardRun.RunAsync(new Options(args[1..])),
        "push" => await PushBench.RunAsync(new Options(args[1..])),
        "statuses" => await Rolodesk.Benchmarks.Statuses.StatusBench.RunAsync(new Options(args[1..])),
        "distribution-engine" => await Rolodesk.Benchmarks.Distribution.EngineBench.RunAsync(new Options(args[1..])),
        "distribution-http" => await Rolodesk.Benchmarks.Distribution.DistributionHttpBench.RunAsync(new Options(args[1..])),
        "report" => await Rolodesk.Benchmarks.Reports.ReportBench.RunAsync(new Options(args[1..])),
        "help" or "-h" or "--help" => Usage(),
        "bench" => RunBenchmarks(args[1..]),
        _ => RunBenchmarks(args),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Usage();
    return 2;
}

static int RunBenchmarks(string[] args)
{
    // Without a filter BenchmarkDotNet asks interactively which benchmark to run.
    var withFilter = args.Any(a => a is "--filter" or "-f" or "--list") ? args : [.. args, "--filter", "*"];
    var summaries = BenchmarkSwitcher.FromTypes([typeof(UserListBenchmarks), typeof(CardReadBenchmarks)]).Run(withFilter);
    return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
}

static int Usage()
{
    Console.WriteLine("""
        Rolodesk benchmarks. Run with: dotnet run -c Release --project bench/Rolodesk.Benchmarks -- <command>

          bench [BenchmarkDotNet args]     the BenchmarkDotNet suite (default command); 100,000 users are
                                           generated first if the benchmark databases hold fewer.
                                           env ROLODESK_BENCH_PROVIDERS=Sqlite,Postgres  ROLODESK_BENCH_PG=<conn>
                                           ROLODESK_BENCH_SQLITE=<conn>
          generate --users N [--companies M] [--provider sqlite|postgres] [--connection "<conn>"] [--seed S]
                   [--top-up] [--admin-email E --admin-password P]
                                           migrate, create default groups, bulk-insert N users (1 in 3 in one
                                           of M companies, all in Clients; --top-up: only up to N in total;
                                           --admin-email: ensure that administrator); prints users/s
          explain [--provider P] [--connection C] [--search S] [--sort K] [--page N] [--split] [--run]
                                           the SQL of the user list and the database's plan for it;
                                           --run executes it once and logs every statement's duration
          explain-filter [--provider P] [--connection C] [--runs N]
                                           seeds two filter fields on every user (once), then shows the plan
                                           (and with --runs, p50/p95) of a selective and a broad custom-field
                                           filter: count and first page sorted by name
          import [--provider sqlite|postgres] [--connection C] [--users 100000] [--runs 3] [--seed S]
                                           CSV import: drops and migrates the database (default
                                           csv_import_bench / a temp SQLite file), adds 20 user fields,
                                           generates the CSV and times the server's import (check + write)
          card [--provider P] [--reads 5000] [--warmup 20000] [--part linq|row|query|fields|name|raw]
                                           wall and CPU time per read of the 50-value card (JSON included)
          filter [--provider P] [--connection C] [--runs 50] [--json-runs 3] [--explain]
                                           custom-field filter (selective and broad case): first page and
                                           exact count through the typed index vs a JSON scan; needs a
                                           database generated with --fields
          migrate [--provider P] [--connection C]
                                           the database to the current schema, timed (PostgreSQL: then
                                           VACUUM ANALYZE of the custom field index)
          statuses [--provider sqlite|postgres] [--connection C] [--agents 10000] [--changes 20000]
                   [--concurrency 16] [--mode all|changes|sweep|generate] [--reuse]
                                           status changes with history (many agents / one agent in parallel)
                                           and the inactivity sweep on a fresh database of N signed-in agents
                                           (default status_perf_bench / a temp SQLite file); checks the invariant
          report [--provider sqlite|postgres] [--connection C] [--agents 1000] [--days 365] [--minutes 52.5]
                 [--runs 10] [--mode all|baseline|rollup|run] [--reuse]
                                           "Agent statuses" report: generates a year of history (default 1,000
                                           agents, ~10M intervals; report_perf_bench / a temp SQLite file), times
                                           the report from the intervals and a plain SQL GROUP BY, builds the
                                           daily rollup, then the report for all agents and for one agent
          load --url http://127.0.0.1:PORT (--token T | --email E --password P) [--path P]
               [--seconds 10] [--warmup 2] [--concurrency 8] [--max-requests 1000000] [--body JSON] [--method put]
               [--agents FROM-TO] [--statuses a,b] [--server-pid PID]
                                           closed-loop GET load on a running app (loopback only), or with
                                           --body a POST of that JSON ({n} = sequence number, {run} = run id);
                                           prints req/s and p50/p95/p99 latency; {agent}/{status} in the path or
                                           body rotate over --agents and --statuses (see LoadRotation);
                                           prints its own CPU per request (and the app's with --server-pid)
          push --url http://127.0.0.1:PORT [--email E --password P | --token T] [--clients 200]
               [--agents 50] [--rate 20] [--changes 600] [--warmup 40] [--server-pid PID]
                                           live push: SignalR clients on /hubs/presence, status changes via
                                           PUT /agents/{id}/status at a fixed rate; p50/p95/p99 from the
                                           request to receipt on every client (the caller needs
                                           contacts.view to see the reason the changes are matched by)
          distribution-engine [--agents 1000] [--decisions 2000000] [--batch 100]
                                           decisions/s of the pure assignment engine, both methods, wall and CPU
          distribution-http --url http://127.0.0.1:PORT [--email E --password P] [--agents 50] [--requests 3000]
               [--warmup 300] [--concurrency 16] [--method roundRobin|leastLoaded] [--server-pid PID]
                                           POST /api/v1/requests with N agents online (a hub client each):
                                           requests/s assigned in the response, pushes received, CPU per request
        """);
    return 0;
}
