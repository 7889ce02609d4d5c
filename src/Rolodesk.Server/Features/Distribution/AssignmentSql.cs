namespace Rolodesk.Server.Features.Distribution;

/// <summary>
/// The hand-written statements of <see cref="AssignmentRun"/>'s hot path, per provider. Times are
/// Unix milliseconds on both (DateTimeOffsetToUnixMsConverter); State is the enum's number,
/// Event and Method the enum's name, as EF maps them.
/// </summary>
internal static class AssignmentSql
{
    public const string Settings = """SELECT "Enabled", "Method", "DefaultCapacity" FROM "DistributionSettings" WHERE "Id" = 1""";

    /// <summary>Participating agents whose status accepts requests: id, name, capacity override, last sequence, open count.</summary>
    public static string Agents(bool postgres) => $"""
        SELECT u."Id", u."Name", d."Capacity", COALESCE(d."LastAssignedSeq", 0),
               (SELECT COUNT(*) FROM "Requests" AS r WHERE r."AgentId" = u."Id" AND r."State" = 1)
        FROM "Users" AS u
        JOIN "AgentPresence" AS p ON p."UserId" = u."Id"
        JOIN "Statuses" AS s ON s."Id" = p."StatusId"
        LEFT JOIN "AgentDistribution" AS d ON d."AgentId" = u."Id"
        CROSS JOIN "DistributionSettings" AS ds
        WHERE ds."Id" = 1 AND s."AcceptsRequests" AND EXISTS (
            SELECT 1 FROM "UserGroupMembers" AS m JOIN "UserGroups" AS g ON g."Id" = m."UserGroupId"
            WHERE m."UserId" = u."Id" AND g."Kind" = 'Agents' AND {(postgres
                ? """(cardinality(ds."AgentGroupIds") = 0 OR g."Id" = ANY(ds."AgentGroupIds"))"""
                : """(json_array_length(ds."AgentGroupIds") = 0 OR g."Id" IN (SELECT value FROM json_each(ds."AgentGroupIds")))""")})
        """;

    /// <summary>The arrivals' clients that exist, with their names (PostgreSQL: @clients array; SQLite: @client0..n).</summary>
    public static string Clients(int sqliteCount) => sqliteCount == 0
        ? """SELECT "Id", "Name" FROM "Users" WHERE "Id" = ANY(@clients)"""
        : $"""SELECT "Id", "Name" FROM "Users" WHERE "Id" IN ({string.Join(", ", Enumerable.Range(0, sqliteCount).Select(i => $"@client{i}"))})""";

    public const string NextSeq = """SELECT COALESCE(MAX("LastAssignedSeq"), 0) FROM "AgentDistribution" """;

    /// <summary>The queue in arrival order, a page at a time (keyset after @afterCreated/@afterId).</summary>
    public static string Queue(bool after) => $"""
        SELECT "Id", "Subject", "Channel", "CreatedAt" FROM "Requests"
        WHERE "State" = 0{(after ? """ AND ("CreatedAt" > @afterCreated OR ("CreatedAt" = @afterCreated AND "Id" > @afterId))""" : "")}
        ORDER BY "CreatedAt", "Id" LIMIT @limit
        """;

    /// <summary>PostgreSQL: ids for the arrivals, so every write of the run goes in one batch.</summary>
    public const string PostgresIds = """SELECT nextval(pg_get_serial_sequence('"Requests"', 'Id')) FROM generate_series(1, @count)""";

    public const string PostgresInsertRequests = """
        INSERT INTO "Requests" ("Id", "Subject", "ClientUserId", "Channel", "State", "AgentId", "CreatedAt", "AssignedAt")
        SELECT * FROM unnest(@ids, @subjects, @clients, @channels, @states, @agents, @created, @assigned)
        """;

    public const string PostgresAssignQueued = """
        UPDATE "Requests" AS r SET "State" = 1, "AgentId" = q.agent, "AssignedAt" = @now, "FirstResponseAt" = NULL
        FROM unnest(@queuedIds, @queuedAgents) AS q(id, agent) WHERE r."Id" = q.id
        """;

    public const string PostgresLog = """
        INSERT INTO "RequestAssignments" ("RequestId", "AgentId", "Event", "Reason", "At")
        SELECT l.id, l.agent, 'Assign', @reason, @now FROM unnest(@logIds, @logAgents) AS l(id, agent)
        """;

    public const string PostgresAgents = """
        INSERT INTO "AgentDistribution" ("AgentId", "LastAssignedAt", "LastAssignedSeq")
        SELECT a.agent, @now, a.seq FROM unnest(@seqAgents, @seqs) AS a(agent, seq)
        ON CONFLICT ("AgentId") DO UPDATE SET "LastAssignedAt" = excluded."LastAssignedAt", "LastAssignedSeq" = excluded."LastAssignedSeq"
        """;

    public const string SqliteInsertRequest = """
        INSERT INTO "Requests" ("Subject", "ClientUserId", "Channel", "State", "AgentId", "CreatedAt", "AssignedAt")
        VALUES (@subject, @client, @channel, @state, @agent, @created, @assigned) RETURNING "Id"
        """;

    public const string SqliteAssignQueued = """
        UPDATE "Requests" SET "State" = 1, "AgentId" = @agent, "AssignedAt" = @now, "FirstResponseAt" = NULL WHERE "Id" = @id
        """;

    public const string SqliteLog = """
        INSERT INTO "RequestAssignments" ("RequestId", "AgentId", "Event", "Reason", "At") VALUES (@id, @agent, 'Assign', @reason, @now)
        """;

    public const string SqliteAgent = """
        INSERT INTO "AgentDistribution" ("AgentId", "LastAssignedAt", "LastAssignedSeq") VALUES (@agent, @now, @seq)
        ON CONFLICT ("AgentId") DO UPDATE SET "LastAssignedAt" = excluded."LastAssignedAt", "LastAssignedSeq" = excluded."LastAssignedSeq"
        """;
}
