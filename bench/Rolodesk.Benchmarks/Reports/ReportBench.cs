using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Rolodesk.Benchmarks.Data;
using Rolodesk.Benchmarks.Statuses;
using Rolodesk.Data;
using Rolodesk.Data.Access;
using Rolodesk.Data.Reports;
using Rolodesk.Server.Data;
using Rolodesk.Server.Features.Reports;
using Rolodesk.Server.Features.Statuses;

namespace Rolodesk.Benchmarks.Reports;

/// <summary>
/// The <c>report</c> command (issue 5, point 6): generates a year of history for N agents, times the
/// "Agent statuses" report straight from the intervals (no rollup yet) and the plain SQL GROUP BY
/// baseline, builds the daily rollup, then times the report for all agents and for one agent over
/// the year: the first (cold) report of the process, wall median/p95 and this process's CPU per report.
/// <c>--reuse</c> keeps a database that already holds a history (default: the SQLite file
/// /tmp/report-bench/rolodesk.db, the PostgreSQL database report_bench), migrating it to the current
/// schema, and generates only when it is missing or empty; <c>--mode run</c> then catches the rollup
/// up to today (builds it if absent) and times the reports. <c>--mode baseline</c> deletes the rollup.
/// </summary>
internal static class ReportBench
{
    public const string DefaultPostgres = "Host=127.0.0.1;Username=postgres;Password=postgres;Database=report_bench;Command Timeout=600";
    public const string DefaultSqlite = "Data Source=/tmp/report-bench/rolodesk.db";

    public static async Task<int> RunAsync(Options o)
    {
        var provider = BenchDatabase.ParseProvider(o.Get("provider", "sqlite"));
        var connection = o.Get("connection") ?? (provider == DatabaseProvider.Postgres ? DefaultPostgres : DefaultSqlite);
        var gen = new HistoryGenerator(provider, connection);
        var runs = Math.Max(1, o.GetInt("runs", 10));
        var log = Console.Out;
        if (o.Get("reuse") is null || !await HasHistoryAsync(provider, connection, gen))
        {
            await Statuses.StatusBenchData.DropAsync(provider, connection);
            if (provider == DatabaseProvider.Sqlite && Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection).DataSource) is { Length: > 0 } dir)
                Directory.CreateDirectory(dir);
            var (rows, wall, cpu) = await StatusRun.TimeAsync(() => gen.GenerateAsync(o.GetInt("agents", 1000), o.GetInt("days", 365),
                double.Parse(o.Get("minutes", "52.5"), CultureInfo.InvariantCulture), o.GetInt("seed", 7), log));
            log.WriteLine($"{provider}: generated {rows:N0} intervals in {wall.TotalSeconds:N1} s ({rows / wall.TotalSeconds:N0}/s, CPU {cpu.TotalSeconds:N1} s); load average {RunResult.Load()}");
        }
        await using var db = new RolodeskDbContext(gen.Options);
        var agents = await db.Users.Where(u => u.Groups.Any(g => g.Kind == UserGroupKind.Agents)).OrderBy(u => u.Id).Select(u => u.Id).ToListAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var year = new AgentStatusReportFilter(ReportDays.StartOf(today.AddDays(-364), TimeZoneInfo.Utc), ReportDays.StartOf(today.AddDays(1), TimeZoneInfo.Utc), "UTC");
        var intervals = await db.StatusIntervals.LongCountAsync();
        // "1 agent" is the first generated one (users added to a reused database later get higher ids).
        log.WriteLine($"{provider}: {agents.Count:N0} agents, {intervals:N0} intervals; period {year.From:yyyy-MM-dd} – {year.To:yyyy-MM-dd} (UTC)");

        var mode = o.Get("mode", "all");
        if (mode is "all" or "baseline")
        {
            await db.Set<StatusDailyTotal>().ExecuteDeleteAsync();
            await db.Set<StatusRollupCoverage>().ExecuteDeleteAsync();
            await TimeAsync($"report, {agents.Count:N0} agents, year, from the intervals (no rollup)", Math.Min(3, runs), () => Report(gen, year));
            await TimeAsync($"plain SQL GROUP BY agent, status with clipped durations", Math.Min(3, runs), () => SqlAggregateAsync(gen, year));
            await TimeAsync($"report, 1 agent, year, from the intervals (no rollup)", runs, () => Report(gen, year with { Agents = [agents[0]] }));
        }
        if (mode is "all" or "rollup")
        {
            var (moved, wall, cpu) = await StatusRun.TimeAsync(() => new StatusRollup(new RolodeskDbContext(gen.Options), TimeProvider.System, NullLogger<StatusRollup>.Instance).RunOnceAsync());
            var totals = await db.Set<StatusDailyTotal>().LongCountAsync();
            log.WriteLine($"{provider}: rollup built for {moved:N0} agents, {totals:N0} daily rows, in {wall.TotalSeconds:N1} s (CPU {cpu.TotalSeconds:N1} s); load average {RunResult.Load()}");
            var (again, w2, _) = await StatusRun.TimeAsync(() => new StatusRollup(new RolodeskDbContext(gen.Options), TimeProvider.System, NullLogger<StatusRollup>.Instance).RunOnceAsync());
            log.WriteLine($"{provider}: rollup pass with nothing to do: {again} agents in {w2.TotalMilliseconds:N1} ms");
        }
        if (mode is "run")
        {
            // A reused history: catch the rollup up to today (the whole of it if it is missing).
            var (moved, wall, cpu) = await StatusRun.TimeAsync(() => new StatusRollup(new RolodeskDbContext(gen.Options), TimeProvider.System, NullLogger<StatusRollup>.Instance).RunOnceAsync());
            log.WriteLine($"{provider}: rollup caught up for {moved:N0} agents in {wall.TotalSeconds:N1} s (CPU {cpu.TotalSeconds:N1} s); load average {RunResult.Load()}");
        }
        if (mode is "all" or "rollup" or "run")
        {
            await TimeAsync($"report, {agents.Count:N0} agents, year (rollup + edges)", runs, () => Report(gen, year));
            await TimeAsync($"report, 1 agent, year, with timeline", runs * 5, () => Report(gen, year with { Agents = [agents[0]] }));
            await TimeAsync($"report, 1 agent, year, no timeline", runs * 5, () => Report(gen, year with { Agents = [agents[0]], Timeline = false }));
            await TimeAsync($"report, {agents.Count:N0} agents, last 7 days in Europe/Paris", runs, () =>
            {
                var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
                return Report(gen, new(ReportDays.StartOf(today.AddDays(-6), paris), ReportDays.StartOf(today.AddDays(1), paris), paris.Id, Timeline: false));
            });
        }
        return 0;

        // The first run of each kind is reported as "cold" (first of its shape in this process: plans, caches), then n warm runs.
        async Task TimeAsync<T>(string what, int n, Func<Task<T>> work) where T : notnull
        {
            var (last, coldWall, coldCpu) = await StatusRun.TimeAsync(work);
            var results = new List<(TimeSpan Wall, TimeSpan Cpu)>();
            for (var i = 0; i < n; i++)
            {
                var (v, wall, cpu) = await StatusRun.TimeAsync(work);
                last = v;
                results.Add((wall, cpu));
            }
            var walls = results.Select(r => r.Wall.TotalMilliseconds).Order().ToList();
            log.WriteLine($"{provider}: {what}: cold {coldWall.TotalMilliseconds:N1} ms (CPU {coldCpu.TotalMilliseconds:N1} ms); warm median {walls[walls.Count / 2]:N1} ms, "
                + $"p95 {walls[(int)Math.Ceiling(walls.Count * 0.95) - 1]:N1} ms, min {walls[0]:N1} ms over {n} runs; CPU {results.Average(r => r.Cpu.TotalMilliseconds):N1} ms/report (this process); "
                + $"{Describe(last)}; load average {RunResult.Load()}");
        }
    }

    /// <summary>The database exists and holds intervals: then it is migrated to the current schema and reused.</summary>
    private static async Task<bool> HasHistoryAsync(DatabaseProvider provider, string connection, HistoryGenerator gen)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            if (!File.Exists(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection).DataSource)) return false;
        }
        else
        {
            var b = new NpgsqlConnectionStringBuilder(connection);
            var name = b.Database;
            b.Database = "postgres";
            await using var c = new NpgsqlConnection(b.ConnectionString);
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT COUNT(*) FROM pg_database WHERE datname = @name", c);
            cmd.Parameters.AddWithValue("name", name ?? "");
            if ((long)(await cmd.ExecuteScalarAsync())! == 0) return false;
        }
        await using var db = new RolodeskDbContext(gen.Options);
        await db.Database.MigrateAsync();
        return await db.StatusIntervals.AnyAsync();
    }

    private static async Task<AgentStatusReport> Report(HistoryGenerator gen, AgentStatusReportFilter filter)
    {
        await using var db = new RolodeskDbContext(gen.Options);
        return await new AgentStatusReports(db, new SystemStatusIds(), TimeProvider.System).BuildAsync(filter, CancellationToken.None);
    }

    /// <summary>What a run returned; for a report also the size of its JSON as the API sends it.</summary>
    private static string Describe(object result) => result is AgentStatusReport r
        ? $"{r.Agents.Count} agents, {r.Totals.Changes:N0} changes, {(r.TimelineOmitted ? "timeline omitted" : $"{r.Agents.Sum(a => a.Timeline?.Count ?? 0):N0} bars")}, "
            + $"JSON {System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(r, Json).Length / 1024.0:N1} KiB"
        : result.ToString() ?? "";

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>The baseline: one GROUP BY over the intervals with durations clipped to the period (open ones up to now).</summary>
    private static async Task<string> SqlAggregateAsync(HistoryGenerator gen, AgentStatusReportFilter filter)
    {
        await using var db = new RolodeskDbContext(gen.Options);
        var (from, to) = (filter.From.ToUnixTimeMilliseconds(), Math.Min(filter.To.ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        var sql = $"""
            SELECT COUNT(*) AS "Value" FROM (
              SELECT "AgentId", "StatusId", SUM(MIN_END - MAX_START) AS ms, SUM(CASE WHEN "Source" IS NOT NULL AND "Started" >= {from} THEN 1 ELSE 0 END) AS changes
              FROM (SELECT "AgentId", "StatusId", "Source", "Started",
                      CASE WHEN COALESCE("Ended", {to}) < {to} THEN COALESCE("Ended", {to}) ELSE {to} END AS MIN_END,
                      CASE WHEN "Started" > {from} THEN "Started" ELSE {from} END AS MAX_START
                    FROM "StatusIntervals" WHERE "Started" < {to} AND ("Ended" IS NULL OR "Ended" > {from})) x
              GROUP BY "AgentId", "StatusId") y
            """;
        var groups = await db.Database.SqlQueryRaw<long>(sql).SingleAsync();
        return $"{groups:N0} (agent, status) groups";
    }
}
