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
/// </summary>
public sealed class AgentStatusReports(RolodeskDbContext db, SystemStatusIds system, TimeProvider time)
{
    /// <summary>More intervals than this in the period: no timeline (a chart cannot show them anyway).</summary>
    public const int MaxTimelineIntervals = 20_000;

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
        await AddRolledUpDaysAsync(history, from, end, ct);
        foreach (var window in history.SelectMany(a => a.RawWindows()).GroupBy(w => (w.Start, w.End), w => w.Agent))
            foreach (var row in await IntervalWindow.FetchAsync(db, [.. window.Select(a => a.Id)], window.Key.Start, window.Key.End, ct))
                byId[row.AgentId].Add(row.StatusId, IntervalWindow.Overlap(row.Started, row.Ended ?? now, window.Key.Start, window.Key.End),
                    row.IsChange == 1 && row.Started >= window.Key.Start ? 1 : 0);

        var timelineOmitted = false;
        if (filter.Timeline)
        {
            var estimated = agents.Sum(a => a.Changes + 1L);
            if (estimated > MaxTimelineIntervals) timelineOmitted = true;
            else await AddTimelinesAsync(agents, withHistory, offline, from, end, now, ct);
        }
        return await AssembleAsync(filter, now, agents, timelineOmitted, ct);
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

    private async Task<AgentStatusReport> AssembleAsync(AgentStatusReportFilter filter, long now, List<Agent> agents, bool timelineOmitted, CancellationToken ct)
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
        return new(filter.From, filter.To, filter.TimeZone, DateTimeOffset.FromUnixTimeMilliseconds(now), statuses, rows, totals, timelineOmitted);
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
