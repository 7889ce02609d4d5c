using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;

namespace Rolodesk.Server.Features.Reports;

/// <summary>One stored interval as the report reads it (instants in Unix milliseconds).</summary>
public sealed class IntervalRow
{
    public int AgentId { get; set; }
    public int StatusId { get; set; }
    public long Started { get; set; }
    public long? Ended { get; set; }
    public long Sequence { get; set; }

    /// <summary>1 when the interval began with a change (0: the Offline an agent had from creation).</summary>
    public int IsChange { get; set; }
}

/// <summary>
/// Reads the intervals of some agents that overlap a window [start, end): those starting in it
/// plus, per agent, the one running at its start — found by one probe of the (agent, started)
/// index for the latest start before the window, so a long window edge never scans the history
/// before it (on PostgreSQL a LATERAL subquery per agent, on SQLite the correlated bound of the
/// index range). Ties on that start (a zero-length interval) come along and clip to nothing.
/// Ids and instants are integers written into the SQL: no parameter list differs between providers.
/// </summary>
public static class IntervalWindow
{
    public static Task<List<IntervalRow>> FetchAsync(RolodeskDbContext db, IReadOnlyCollection<int> agentIds, long start, long end, CancellationToken ct)
    {
        if (agentIds.Count == 0 || start >= end) return Task.FromResult(new List<IntervalRow>());
        var ids = string.Join(',', agentIds.Select(id => id.ToString(CultureInfo.InvariantCulture)));
        var s = start.ToString(CultureInfo.InvariantCulture);
        var e = end.ToString(CultureInfo.InvariantCulture);
        // PostgreSQL plans a correlated bound in the WHERE clause as a filter evaluated per interval row
        // (a year of 1,000 agents: > 50 s); a LATERAL subquery per agent gives it as an index bound.
        // SQLite (no LATERAL) already uses the correlated bound as the range start of the index probe.
        var sql = db.Database.IsNpgsql()
            ? $"""
                SELECT u."Id" AS "AgentId", i."StatusId", i."Started", i."Ended", i."Sequence", CASE WHEN i."Source" IS NULL THEN 0 ELSE 1 END AS "IsChange"
                FROM "Users" u
                LEFT JOIN LATERAL (SELECT j."Started" FROM "StatusIntervals" j
                    WHERE j."AgentId" = u."Id" AND j."Started" < {s} ORDER BY j."Started" DESC LIMIT 1) b ON TRUE
                JOIN LATERAL (SELECT k."StatusId", k."Started", k."Ended", k."Sequence", k."Source" FROM "StatusIntervals" k
                    WHERE k."AgentId" = u."Id" AND k."Started" >= COALESCE(b."Started", {s}) AND k."Started" < {e} OFFSET 0) i ON TRUE
                WHERE u."Id" IN ({ids})
                """
            : $"""
                SELECT i."AgentId", i."StatusId", i."Started", i."Ended", i."Sequence", CASE WHEN i."Source" IS NULL THEN 0 ELSE 1 END AS "IsChange"
                FROM "Users" u
                JOIN "StatusIntervals" i ON i."AgentId" = u."Id"
                WHERE u."Id" IN ({ids}) AND i."Started" < {e}
                  AND i."Started" >= COALESCE((SELECT j."Started" FROM "StatusIntervals" j
                      WHERE j."AgentId" = u."Id" AND j."Started" < {s} ORDER BY j."Started" DESC LIMIT 1), {s})
                """;
        return db.Database.SqlQueryRaw<IntervalRow>(sql).ToListAsync(ct);
    }

    /// <summary>Milliseconds of [a, b) inside [start, end).</summary>
    public static long Overlap(long a, long b, long start, long end) => Math.Max(0, Math.Min(b, end) - Math.Max(a, start));
}
