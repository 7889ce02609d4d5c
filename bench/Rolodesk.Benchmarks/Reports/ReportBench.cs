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
/// The <c>report</c> command (issue 5, point 6): generates a year of history for N agents (unless
/// <c>--reuse</c>), times the "Agent statuses" report straight from the intervals (no rollup yet) and
/// the plain SQL GROUP BY baseline, builds the daily rollup, then times the report for all agents
/// and for one agent over the year: wall median/p95 and this process's CPU per report.
/// </summary>
internal static class ReportBench
{
    public const string DefaultPostgres = "Host=127.0.0.1;Username=postgres;Password=postgres;Database=report_perf_bench;Command Timeout=600";
    public static readonly string DefaultSqlite = $"Data Source={Path.Combine(Path.GetTempPath(), "report-perf-bench", "report.db")}";

    public static async Task<int> RunAsync(Options o)
    {
        var provider = BenchDatabase.ParseProvider(o.Get("provider", "sqlite"));
        var connection = o.Get("connection") ?? (provider == DatabaseProvider.Postgres ? DefaultPostgres : DefaultSqlite);
        var gen = new HistoryGenerator(provider, connection);
        var runs = Math.Max(1, o.GetInt("runs", 10));
        var log = Console.Out;
        if (o.Get("reuse") is null)
        {
            await Statuses.StatusBenchData.DropAsync(provider, connection);
            var (rows, wall, cpu) = await StatusRun.TimeAsync(() => gen.GenerateAsync(o.GetInt("agents", 1000), o.GetInt("days", 365),
                double.Parse(o.Get("minutes", "52.5"), CultureInfo.InvariantCulture), o.GetInt("seed", 7), log));
            log.WriteLine($"{provider}: generated {rows:N0} intervals in {wall.TotalSeconds:N1} s ({rows / wall.TotalSeconds:N0}/s, CPU {cpu.TotalSeconds:N1} s); load average {RunResult.Load()}");
        }
        await using var db = new RolodeskDbContext(gen.Options);
        var agents = await db.Users.Where(u => u.Groups.Any(g => g.Kind == UserGroupKind.Agents)).OrderBy(u => u.Id).Select(u => u.Id).ToListAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var year = new AgentStatusReportFilter(ReportDays.StartOf(today.AddDays(-364), TimeZoneInfo.Utc), ReportDays.StartOf(today.AddDays(1), TimeZoneInfo.Utc), "UTC");
        var intervals = await db.StatusIntervals.LongCountAsync();
        log.WriteLine($"{provider}: {agents.Count:N0} agents, {intervals:N0} intervals; period {year.From:yyyy-MM-dd} – {year.To:yyyy-MM-dd} (UTC)");

        var mode = o.Get("mode", "all");
        if (mode is "all" or "baseline")
        {
            await db.Set<StatusDailyTotal>().ExecuteDeleteAsync();
            await db.Set<StatusRollupCoverage>().ExecuteDeleteAsync();
            await TimeAsync($"report, {agents.Count:N0} agents, year, from the intervals (no rollup)", Math.Min(3, runs), () => Report(gen, year));
            await TimeAsync($"plain SQL GROUP BY agent, status with clipped durations", Math.Min(3, runs), () => SqlAggregateAsync(gen, year));
            await TimeAsync($"report, 1 agent, year, from the intervals (no rollup)", runs, () => Report(gen, year with { Agents = [agents[^1]] }));
        }
        if (mode is "all" or "rollup")
        {
            var (moved, wall, cpu) = await StatusRun.TimeAsync(() => new StatusRollup(new RolodeskDbContext(gen.Options), TimeProvider.System, NullLogger<StatusRollup>.Instance).RunOnceAsync());
            var totals = await db.Set<StatusDailyTotal>().LongCountAsync();
            log.WriteLine($"{provider}: rollup built for {moved:N0} agents, {totals:N0} daily rows, in {wall.TotalSeconds:N1} s (CPU {cpu.TotalSeconds:N1} s); load average {RunResult.Load()}");
            var (again, w2, _) = await StatusRun.TimeAsync(() => new StatusRollup(new RolodeskDbContext(gen.Options), TimeProvider.System, NullLogger<StatusRollup>.Instance).RunOnceAsync());
            log.WriteLine($"{provider}: rollup pass with nothing to do: {again} agents in {w2.TotalMilliseconds:N1} ms");
        }
        if (mode is "all" or "rollup" or "run")
        {
            await TimeAsync($"report, {agents.Count:N0} agents, year (rollup + edges)", runs, () => Report(gen, year));
            await TimeAsync($"report, 1 agent, year, with timeline", runs * 5, () => Report(gen, year with { Agents = [agents[^1]] }));
            await TimeAsync($"report, 1 agent, year, no timeline", runs * 5, () => Report(gen, year with { Agents = [agents[^1]], Timeline = false }));
            await TimeAsync($"report, {agents.Count:N0} agents, last 7 days in Europe/Paris", runs, () =>
            {
                var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
                return Report(gen, new(ReportDays.StartOf(today.AddDays(-6), paris), ReportDays.StartOf(today.AddDays(1), paris), paris.Id, Timeline: false));
            });
        }
        return 0;

        async Task TimeAsync(string what, int n, Func<Task<string>> work)
        {
            var note = await work(); // warm-up
            var results = new List<(TimeSpan Wall, TimeSpan Cpu)>();
            for (var i = 0; i < n; i++)
            {
                var (v, wall, cpu) = await StatusRun.TimeAsync(work);
                note = v;
                results.Add((wall, cpu));
            }
            var walls = results.Select(r => r.Wall.TotalMilliseconds).Order().ToList();
            log.WriteLine($"{provider}: {what}: median {walls[walls.Count / 2]:N1} ms, p95 {walls[(int)Math.Ceiling(walls.Count * 0.95) - 1]:N1} ms, "
                + $"min {walls[0]:N1} ms over {n} runs; CPU {results.Average(r => r.Cpu.TotalMilliseconds):N1} ms/report (this process); {note}; load average {RunResult.Load()}");
        }
    }

    private static async Task<string> Report(HistoryGenerator gen, AgentStatusReportFilter filter)
    {
        await using var db = new RolodeskDbContext(gen.Options);
        var r = await new AgentStatusReports(db, new SystemStatusIds(), TimeProvider.System).BuildAsync(filter, CancellationToken.None);
        return $"{r.Agents.Count} agents, {r.Totals.Changes:N0} changes, {(r.TimelineOmitted ? "timeline omitted" : $"{r.Agents.Sum(a => a.Timeline?.Count ?? 0):N0} bars")}";
    }

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
