using System.Data;
using System.Data.Common;
using Rolodesk.Data.Access;
using Rolodesk.Data.Statuses;

namespace Rolodesk.Server.Features.Statuses;

/// <summary>One SQL statement of a change with its parameters, runnable alone or in a batch.</summary>
internal sealed record Statement(string Sql, (string Name, object? Value, DbType Type)[] Parameters);

/// <summary>
/// The SQL of the hot path (ADR 0006): a change is one read and three writes, sent as plain
/// commands because EF's per-statement cost (change tracking, batching, logging) was most of a
/// change. The second and third writes are conditional on the first having moved the presence
/// row to the new open interval, so the three can go in one round trip: when the version check
/// loses a race, nothing at all is written. Identifiers are quoted the same on both providers.
/// </summary>
internal static class PresenceSql
{
    public const string Read = """
        SELECT u."CreatedAt",
          EXISTS (SELECT 1 FROM "UserGroupMembers" m JOIN "UserGroups" g ON g."Id" = m."UserGroupId" WHERE m."UserId" = u."Id" AND g."Kind" = @kind),
          p."StatusId", p."Since", p."OpenIntervalId", p."StatusBeforeInactivityId", p."LastActivityAt", p."Version",
          EXISTS (SELECT 1 FROM "Statuses" s WHERE s."Id" = @status AND s."DeletedAt" IS NULL)
        FROM "Users" u LEFT JOIN "AgentPresence" p ON p."UserId" = u."Id"
        WHERE u."Id" = @agent
        """;

    private const string Move = """
        UPDATE "AgentPresence" SET "StatusId" = @status, "Since" = @now, "OpenIntervalId" = @next,
          "StatusBeforeInactivityId" = @before, "LastActivityAt" = COALESCE(@active, "LastActivityAt"), "Version" = @version + 1
        WHERE "UserId" = @agent AND "Version" = @version
        """;

    private const string First = """
        INSERT INTO "AgentPresence" ("UserId", "StatusId", "Since", "OpenIntervalId", "StatusBeforeInactivityId", "LastActivityAt", "Version")
        VALUES (@agent, @status, @now, @next, @before, @now, 1) ON CONFLICT ("UserId") DO NOTHING
        """;

    private const string Moved = """EXISTS (SELECT 1 FROM "AgentPresence" WHERE "UserId" = @agent AND "OpenIntervalId" = @next)""";

    private const string Close = $"""UPDATE "StatusIntervals" SET "Ended" = @now WHERE "Id" = @open AND {Moved}""";

    private const string Open = $"""
        INSERT INTO "StatusIntervals" ("Id", "AgentId", "Sequence", "StatusId", "Started", "Ended", "Source", "ActorUserId", "Reason", "PreviousStatusId")
        SELECT @id, @agent, @sequence, @status, @started, @ended, @source, @actor, @reason, @previous WHERE {Moved}
        """;

    public const string Touch = """UPDATE "AgentPresence" SET "LastActivityAt" = @now WHERE "UserId" = @agent AND "LastActivityAt" < @now""";

    public const string Forget = """
        UPDATE "AgentPresence" SET "StatusBeforeInactivityId" = NULL, "Version" = "Version" + 1 WHERE "UserId" = @agent AND "Version" = @version
        """;

    public static object KindAgents => UserGroupKind.Agents.ToString();

    /// <summary>
    /// The writes of one change: the presence row (checked against the version read), the end of
    /// the open interval and the next one; for an agent's first change the Offline they had since
    /// creation becomes a closed interval instead. Every statement touches one row when the change wins.
    /// </summary>
    public static Statement[] Change(AgentSnapshot snap, Plan plan, int current, DateTimeOffset now)
    {
        var next = Guid.CreateVersion7(now);
        var version = snap.Presence?.Version ?? 0;
        var before = plan.RememberBefore ? snap.Presence?.StatusBeforeInactivityId ?? current : (int?)null;
        var active = plan.Source is StatusSource.Self or StatusSource.SignIn ? now : (DateTimeOffset?)null;
        var opened = Interval(snap.AgentId, next, version + 1, plan.StatusId, now, null, plan.Source, plan.ActorUserId, plan.Reason, current);
        if (snap.Presence is not { } presence)
            return
            [
                new(First, [P("agent", snap.AgentId), P("status", plan.StatusId), P("now", now), P("next", next), P("before", before, DbType.Int32)]),
                Interval(snap.AgentId, next, 0, current, snap.CreatedAt < now ? snap.CreatedAt : now, now, null, null, null, null, Guid.CreateVersion7(snap.CreatedAt)),
                opened,
            ];
        return
        [
            new(Move, [P("agent", snap.AgentId), P("status", plan.StatusId), P("now", now), P("next", next), P("before", before, DbType.Int32),
                P("active", active, DbType.Int64), P("version", version)]),
            new(Close, [P("agent", snap.AgentId), P("next", next), P("now", now), P("open", presence.OpenIntervalId)]),
            opened,
        ];
    }

    private static Statement Interval(int agent, Guid next, long sequence, int status, DateTimeOffset started, DateTimeOffset? ended,
        StatusSource? source, int? actor, string? reason, int? previous, Guid? id = null) =>
        new(Open, [P("agent", agent), P("next", next), P("id", id ?? next), P("sequence", sequence), P("status", status), P("started", started),
            P("ended", ended, DbType.Int64), P("source", source?.ToString(), DbType.String), P("actor", actor, DbType.Int32),
            P("reason", reason, DbType.String), P("previous", previous, DbType.Int32)]);

    /// <summary>A parameter; times are stored as Unix milliseconds on both providers (the model's DateTimeOffset converter).</summary>
    public static (string, object?, DbType) P(string name, object? value, DbType? type = null) => value switch
    {
        DateTimeOffset t => (name, t.ToUnixTimeMilliseconds(), DbType.Int64),
        _ => (name, value, type ?? value switch
        {
            int => DbType.Int32,
            long => DbType.Int64,
            Guid => DbType.Guid,
            _ => DbType.String,
        }),
    };

    public static DateTimeOffset Time(DbDataReader r, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(ordinal));

    /// <summary>
    /// Adds parameters the way EF stores the values: SQLite keeps Guids as upper-case text;
    /// PostgreSQL gets typed values, nulls included, so "SELECT @p" in an INSERT has a type.
    /// </summary>
    public static void Bind(DbCommand cmd, DbParameterCollection target, (string Name, object? Value, DbType Type)[] parameters, bool sqlite)
    {
        foreach (var (name, value, type) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            if (sqlite && value is Guid g) p.Value = g.ToString().ToUpperInvariant();
            else
            {
                if (!sqlite) p.DbType = type;
                p.Value = value ?? DBNull.Value;
            }
            target.Add(p);
        }
    }

    public static AgentPresence? Presence(int agentId, DbDataReader r) => r.IsDBNull(2) ? null : new AgentPresence
    {
        UserId = agentId,
        StatusId = r.GetInt32(2),
        Since = Time(r, 3),
        OpenIntervalId = r.GetGuid(4),
        StatusBeforeInactivityId = r.IsDBNull(5) ? null : r.GetInt32(5),
        LastActivityAt = Time(r, 6),
        Version = r.GetInt64(7),
    };
}
