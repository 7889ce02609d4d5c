using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Access;
using Rolodesk.Data.Reports;
using Rolodesk.Server.Features.Statuses;

namespace Rolodesk.Server.Features.Reports;

/// <summary>
/// Builds the "Agent statuses" report (ADR 0007): whole UTC days that the rollup covers come from
/// <see cref="StatusDailyTotal"/>, the rest (the period's edges, days not rolled up yet) from the
/// intervals, clipped to the period; the open interval counts up to now. An agent is reported for
/// the part of the period between their creation and now, and their times add up to exactly that.
/// The timeline stays bounded: one bar per interval while every agent has at most
/// <c>Rolodesk:Reports:TimelineBarsPerAgent</c> (default 1,000: the chart's width) and all together at
/// most <see cref="MaxTimelineIntervals"/>; otherwise one bar per UTC day in the status the agent spent
/// most of it in (from the same daily totals), while agents × days stay within that bound; beyond it none.
/// </summary>
public sealed class AgentStatusReports(RolodeskDbContext db, SystemStatusIds system, TimeProvider time, IConfiguration? config = null)
{
    /// <summary>More bars than this in the period: no timeline (a chart cannot show them anyway).</summary>
    public const int MaxTimelineIntervals = 20_000;

    private readonly int barsPerAgent = Math.Max(1, config?.GetValue<int?>("Rolodesk:Reports:TimelineBarsPerAgent") ?? 1_000);

    public async Task<AgentStatusReport> BuildAsync(AgentStatusReportFilter filter, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var (from, to) = (filter.From.ToUnixTimeMilliseconds(), filter.To.ToUnixTimeMilliseconds());
        var end = Math.Min(to, now);
        var agents = (await AgentsAsync(filter, ct))
            .Select(a => new Agent(a.Id, a.Name, Math.Max(from, a.CreatedAt.ToUnixTimeMilliseconds()), end))
            .Where(a => a.From < a.To).ToList();
        var ids = agents.Select(a => a.Id).ToList();
        var withHistory = (await db.AgentPresence.AsNoTracking().Where(p => ids.Contains(p.UserId)).Select(p => p.UserId).ToListAsync(ct)).ToHashSet();
        var offline = await system.OfflineAsync(db, ct);
        var byId = agents.ToDictionary(a => a.Id);

        foreach (var a in agents.Where(a => !withHistory.Contains(a.Id))) a.Add(offline, a.To - a.From, 0); // never changed: Offline since creation
        var history = agents.Where(a => withHistory.Contains(a.Id)).ToList();
        // Day bars are possible when agents × days stay bounded: then the edges' time per day is kept while summing.
        var daysPossible = filter.Timeline && agents.Sum(a => (long)ReportDays.Ceiling(a.To) - ReportDays.Floor(a.From)) <= MaxTimelineIntervals;
        await AddRolledUpDaysAsync(history, from, end, ct);
        foreach (var window in history.SelectMany(a => a.RawWindows()).GroupBy(w => (w.Start, w.End), w => w.Agent))
            foreach (var row in await IntervalWindow.FetchAsync(db, [.. window.Select(a => a.Id)], window.Key.Start, window.Key.End, ct))
            {
                var agent = byId[row.AgentId];
                agent.Add(row.StatusId, IntervalWindow.Overlap(row.Started, row.Ended ?? now, window.Key.Start, window.Key.End),
                    row.IsChange == 1 && row.Started >= window.Key.Start ? 1 : 0);
                if (daysPossible) agent.AddDays(row.StatusId, Math.Max(row.Started, window.Key.Start), Math.Min(row.Ended ?? now, window.Key.End));
            }

        var scale = TimelineScale.None;
        if (filter.Timeline)
        {
            if (agents.All(a => a.Changes < barsPerAgent) && agents.Sum(a => a.Changes + 1L) <= MaxTimelineIntervals)
            {
                scale = TimelineScale.Intervals;
                await AddTimelinesAsync(agents, withHistory, offline, from, end, now, ct);
            }
            else if (daysPossible)
            {
                scale = TimelineScale.Days;
                await AddDayTimelinesAsync(agents, history, offline, ct);
            }
        }
        return await AssembleAsync(filter, now, agents, scale, ct);
    }

    /// <summary>
    /// One bar per UTC day of each agent's covered part, in the status with the most time that day (ties: the
    /// lower status id); neighbours in the same status are merged. Whole rolled-up days come from the daily
    /// totals, the rest was collected from the intervals while summing; the bars tile the covered part.
    /// </summary>
    private async Task AddDayTimelinesAsync(List<Agent> agents, List<Agent> history, int offline, CancellationToken ct)
    {
        var rolled = history.Where(a => a.Rolled is not null).ToList();
        if (rolled.Count > 0)
        {
            var (firstDay, endDay) = (rolled.Min(a => ReportDays.Floor(a.Rolled!.Value.Start)), rolled.Max(a => ReportDays.Floor(a.Rolled!.Value.End)));
            var list = string.Join(',', rolled.Select(a => a.Id.ToString(CultureInfo.InvariantCulture)));
            var sql = $"""
                SELECT t."AgentId", t."Day", t."StatusId", t."Milliseconds"
                FROM "StatusDailyTotals" t
                WHERE t."AgentId" IN ({list}) AND t."Day" >= {firstDay} AND t."Day" < {endDay}
                """;
            var byId = rolled.ToDictionary(a => a.Id);
            foreach (var r in await db.Database.SqlQueryRaw<DayRow>(sql).ToListAsync(ct))
            {
                var a = byId[r.AgentId];
                if (ReportDays.Start(r.Day) >= a.Rolled!.Value.Start && ReportDays.Start(r.Day) < a.Rolled.Value.End) a.AddDay(r.Day, r.StatusId, r.Milliseconds);
            }
        }
        foreach (var a in agents)
        {
            a.Timeline = [];
            if (a.Days is null) // never changed: Offline since creation
            {
                a.Timeline.Add((offline, a.From, a.To));
                continue;
            }
            for (var day = ReportDays.Floor(a.From); ReportDays.Start(day) < a.To; day++)
            {
                if (!a.Days.TryGetValue(day, out var times) || times.Count == 0) continue;
                var status = times.OrderByDescending(t => t.Value).ThenBy(t => t.Key).First().Key;
                var (start, stop) = (Math.Max(a.From, ReportDays.Start(day)), Math.Min(a.To, ReportDays.Start(day + 1)));
                if (a.Timeline is [.., var last] && last.StatusId == status && last.End == start) a.Timeline[^1] = (status, last.Start, stop);
                else a.Timeline.Add((status, start, stop));
            }
        }
    }

    private async Task AddRolledUpDaysAsync(List<Agent> agents, long from, long end, CancellationToken ct)
    {
        var (firstDay, endDay) = (ReportDays.Ceiling(from), ReportDays.Floor(end));
        if (agents.Count == 0 || firstDay >= endDay) return;
        var ids = agents.Select(a => a.Id).ToList();
        var coverage = await db.Set<StatusRollupCoverage>().AsNoTracking().Where(c => ids.Contains(c.AgentId)).ToDictionaryAsync(c => c.AgentId, c => c.UntilDay, ct);
        foreach (var a in agents)
            if (coverage.TryGetValue(a.Id, out var until) && Math.Min(endDay, until) > firstDay)
                a.Rolled = (ReportDays.Start(firstDay), ReportDays.Start(Math.Min(endDay, until)));
        if (!agents.Any(a => a.Rolled is not null)) return;
        var list = string.Join(',', agents.Where(a => a.Rolled is not null).Select(a => a.Id.ToString(CultureInfo.InvariantCulture)));
        if (db.Database.IsSqlite())
        {
            await AddRolledUpDaysSqliteAsync(agents, list, firstDay, endDay, ct);
            return;
        }
        var sql = $"""
            SELECT t."AgentId", t."StatusId", CAST(SUM(t."Milliseconds") AS BIGINT) AS "Milliseconds", CAST(SUM(t."Changes") AS BIGINT) AS "Changes"
            FROM "StatusDailyTotals" t JOIN "StatusRollupCoverage" c ON c."AgentId" = t."AgentId"
            WHERE t."AgentId" IN ({list}) AND t."Day" >= {firstDay} AND t."Day" < {endDay} AND t."Day" < c."UntilDay"
            GROUP BY t."AgentId", t."StatusId"
            """;
        var byId = agents.ToDictionary(a => a.Id);
        foreach (var r in await db.Database.SqlQueryRaw<RolledRow>(sql).ToListAsync(ct))
            byId[r.AgentId].Add(r.StatusId, r.Milliseconds, (int)r.Changes);
    }

    /// <summary>
    /// SQLite has no hash aggregate: grouping a year of 1,000 agents' daily rows by (agent, status) sorts
    /// ~1.8M rows in a temporary B-tree (~0.8 s CPU). Grouped by agent alone, in the order of the primary
    /// key, with a column pair per status, it needs no sort (~0.45 s). Statuses are few; deleted ones
    /// stay listed because history keeps pointing at them.
    /// </summary>
    private async Task AddRolledUpDaysSqliteAsync(List<Agent> agents, string list, int firstDay, int endDay, CancellationToken ct)
    {
        var statuses = await db.Statuses.AsNoTracking().OrderBy(s => s.Id).Select(s => s.Id).ToListAsync(ct);
        var sums = string.Concat(statuses.Select(id => string.Create(CultureInfo.InvariantCulture,
            $"""
            , SUM(CASE WHEN t."StatusId" = {id} THEN t."Milliseconds" ELSE 0 END), SUM(CASE WHEN t."StatusId" = {id} THEN t."Changes" ELSE 0 END)
            """)));
        var byId = agents.ToDictionary(a => a.Id);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = db.Database.GetDbConnection().CreateCommand();
            cmd.CommandText = $"""
                SELECT t."AgentId"{sums}
                FROM "StatusDailyTotals" t JOIN "StatusRollupCoverage" c ON c."AgentId" = t."AgentId"
                WHERE t."AgentId" IN ({list}) AND t."Day" >= {firstDay} AND t."Day" < {endDay} AND t."Day" < c."UntilDay"
                GROUP BY t."AgentId"
                """;
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var agent = byId[reader.GetInt32(0)];
                for (var k = 0; k < statuses.Count; k++)
                {
                    var (ms, changes) = (reader.GetInt64(1 + 2 * k), reader.GetInt64(2 + 2 * k));
                    if (ms > 0 || changes > 0) agent.Add(statuses[k], ms, (int)changes);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task AddTimelinesAsync(List<Agent> agents, HashSet<int> withHistory, int offline, long from, long end, long now, CancellationToken ct)
    {
        foreach (var a in agents) a.Timeline = withHistory.Contains(a.Id) ? [] : [new(offline, a.From, a.To)];
        var rows = await IntervalWindow.FetchAsync(db, [.. agents.Where(a => withHistory.Contains(a.Id)).Select(a => a.Id)], from, end, ct);
        var byId = agents.ToDictionary(a => a.Id);
        foreach (var r in rows.OrderBy(r => r.AgentId).ThenBy(r => r.Sequence))
        {
            var (start, stop) = (Math.Max(r.Started, from), Math.Min(r.Ended ?? now, end));
            if (stop > start) byId[r.AgentId].Timeline!.Add(new(r.StatusId, start, stop));
        }
    }

    private async Task<AgentStatusReport> AssembleAsync(AgentStatusReportFilter filter, long now, List<Agent> agents, TimelineScale scale, CancellationToken ct)
    {
        var used = agents.SelectMany(a => a.Times.Keys).ToHashSet();
        var statuses = await db.Statuses.AsNoTracking().Where(s => s.DeletedAt == null || used.Contains(s.Id))
            .OrderBy(s => s.Position).ThenBy(s => s.Id).Select(s => new ReportStatus(s.Id, s.Name, s.Color, s.DeletedAt != null)).ToListAsync(ct);
        var order = statuses.Select((s, i) => (s.Id, i)).ToDictionary(x => x.Id, x => x.i);
        List<StatusTime> Times(Dictionary<int, (long Ms, int Changes)> times, long covered) =>
            [.. times.Where(t => t.Value.Ms > 0 || t.Value.Changes > 0).OrderBy(t => order.GetValueOrDefault(t.Key, int.MaxValue))
                .Select(t => new StatusTime(t.Key, t.Value.Ms, covered == 0 ? 0 : (double)t.Value.Ms / covered, t.Value.Changes))];

        var rows = agents.Select(a => new AgentStatusRow(a.Id, a.Name, DateTimeOffset.FromUnixTimeMilliseconds(a.From), DateTimeOffset.FromUnixTimeMilliseconds(a.To),
            a.To - a.From, a.Changes, Times(a.Times, a.To - a.From),
            a.Timeline?.Select(b => new TimelineBar(b.StatusId, DateTimeOffset.FromUnixTimeMilliseconds(b.Start), DateTimeOffset.FromUnixTimeMilliseconds(b.End))).ToList())).ToList();
        var sum = new Dictionary<int, (long Ms, int Changes)>();
        foreach (var (id, t) in agents.SelectMany(a => a.Times))
            sum[id] = sum.TryGetValue(id, out var s) ? (s.Ms + t.Ms, s.Changes + t.Changes) : t;
        var covered = rows.Sum(r => r.CoveredMs);
        var totals = new ReportTotals(rows.Count, covered, rows.Sum(r => r.Changes), Times(sum, covered));
        return new(filter.From, filter.To, filter.TimeZone, DateTimeOffset.FromUnixTimeMilliseconds(now), statuses, rows, totals,
            filter.Timeline && scale == TimelineScale.None, scale == TimelineScale.Days);
    }

    /// <summary>Agents (members of a group of kind agents) matching the filters, by name.</summary>
    private Task<List<AgentInfo>> AgentsAsync(AgentStatusReportFilter filter, CancellationToken ct)
    {
        var q = db.Users.AsNoTracking().Where(u => u.Groups.Any(g => g.Kind == UserGroupKind.Agents));
        if (filter.Agents is { Count: > 0 } agents) q = q.Where(u => agents.Contains(u.Id));
        if (filter.Groups is { Count: > 0 } groups) q = q.Where(u => u.Groups.Any(g => groups.Contains(g.Id)));
        return q.OrderBy(u => u.NormalizedName).ThenBy(u => u.Id).Select(u => new AgentInfo(u.Id, u.Name, u.CreatedAt)).ToListAsync(ct);
    }

    private sealed record AgentInfo(int Id, string Name, DateTimeOffset CreatedAt);

    private enum TimelineScale { None, Intervals, Days }

    private sealed class DayRow
    {
        public int AgentId { get; set; }
        public int Day { get; set; }
        public int StatusId { get; set; }
        public long Milliseconds { get; set; }
    }

    private sealed class RolledRow
    {
        public int AgentId { get; set; }
        public int StatusId { get; set; }
        public long Milliseconds { get; set; }
        public long Changes { get; set; }
    }

    /// <summary>An agent being summed: covered part [From, To) in Unix ms, the days taken from the rollup, the totals so far.</summary>
    private sealed class Agent(int id, string name, long from, long to)
    {
        public int Id => id;
        public string Name => name;
        public long From => from;
        public long To => to;
        public (long Start, long End)? Rolled { get; set; }
        public Dictionary<int, (long Ms, int Changes)> Times { get; } = [];
        public int Changes { get; private set; }
        public List<(int StatusId, long Start, long End)>? Timeline { get; set; }

        /// <summary>For day bars: milliseconds per UTC day and status (null: nothing collected, the agent never changed).</summary>
        public Dictionary<int, Dictionary<int, long>>? Days { get; private set; }

        public void AddDay(int day, int statusId, long ms)
        {
            if (ms <= 0) return;
            Days ??= [];
            if (!Days.TryGetValue(day, out var times)) Days[day] = times = [];
            times[statusId] = times.GetValueOrDefault(statusId) + ms;
        }

        /// <summary>Splits [start, end) at UTC midnights into <see cref="AddDay"/>.</summary>
        public void AddDays(int statusId, long start, long end)
        {
            for (var day = ReportDays.Floor(start); start < end; day++, start = ReportDays.Start(day))
                AddDay(day, statusId, Math.Min(end, ReportDays.Start(day + 1)) - start);
        }

        public void Add(int statusId, long ms, int changes)
        {
            var t = Times.GetValueOrDefault(statusId);
            Times[statusId] = (t.Ms + ms, t.Changes + changes);
            Changes += changes;
        }

        /// <summary>What the intervals must supply: everything, or the parts before and after the rolled-up days.</summary>
        public IEnumerable<(long Start, long End, Agent Agent)> RawWindows()
        {
            if (Rolled is not { } r) { yield return (From, To, this); yield break; }
            if (From < r.Start) yield return (From, r.Start, this);
            if (r.End < To) yield return (r.End, To, this);
        }
    }
}
