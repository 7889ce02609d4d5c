using System.Buffers;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Rolodesk.Data.Access;
using Rolodesk.Data.Statuses;

namespace Rolodesk.Server.Features.Statuses;

/// <summary>The type of one column of a <see cref="RowSet"/>.</summary>
internal enum Col { Int, IntNull, Long, LongNull, Uuid, Text }

/// <summary>
/// Rows handed to one set-based statement: PostgreSQL gets one typed array per column and reads them
/// with <c>unnest</c>;
/// SQLite gets JSON arrays of rows and reads them with <c>json_each</c>, written as the rows are added
/// into documents of at most ~<see cref="ChunkBytes"/> bytes, each its own execution of the prepared
/// statement. Either way a statement writes any number of agents in a few executions. (One JSON
/// document per statement was 100–350 KB for a sweep of 1,000: its buffer, string and copies went to
/// the large-object heap.) A row is added value by value with typed calls in column order
/// (<c>rows.Row().Int(agent).Time(at)</c>): nothing is boxed, on either provider.
/// </summary>
internal sealed class RowSet
{
    /// <summary>A JSON document stays well below the large-object heap's 85,000 bytes, as UTF-16 string too.</summary>
    internal const int ChunkBytes = 24_000;

    private readonly bool _sqlite;
    private readonly (string Name, Col Type)[] _columns;
    private readonly List<int>?[] _ints; // PostgreSQL: one typed list per column (the one of its type)
    private readonly List<int?>?[] _intNulls;
    private readonly List<long>?[] _longs;
    private readonly List<long?>?[] _longNulls;
    private readonly List<Guid>?[] _uuids;
    private readonly List<string?>?[] _texts;
    private readonly List<string> _chunks = []; // SQLite
    private ArrayBufferWriter<byte>? _buffer;
    private Utf8JsonWriter? _writer;
    private int _chunkRows;
    private int _column; // the next column of the row being added
    private bool _inRow;

    public RowSet(bool sqlite, params (string Name, Col Type)[] columns)
    {
        (_sqlite, _columns) = (sqlite, columns);
        List<T>?[] Lists<T>(Col type) => [.. columns.Select(c => !sqlite && c.Type == type ? new List<T>() : null)];
        _ints = Lists<int>(Col.Int);
        _intNulls = Lists<int?>(Col.IntNull);
        _longs = Lists<long>(Col.Long);
        _longNulls = Lists<long?>(Col.LongNull);
        _uuids = Lists<Guid>(Col.Uuid);
        _texts = Lists<string?>(Col.Text);
    }

    public int Count { get; private set; }

    /// <summary>PostgreSQL: the arrays' parameter names are this and the column's number (two sets in one statement differ).</summary>
    public string Prefix { get; init; } = "c";

    /// <summary>Starts a row; its values follow in column order.</summary>
    public RowSet Row()
    {
        EndRow();
        Count++;
        _column = 0;
        _inRow = true;
        if (!_sqlite) return this;
        if (_writer is null)
        {
            _buffer = new ArrayBufferWriter<byte>(1024); // grows (to ~32 KB at most) only for large batches
            _writer = new Utf8JsonWriter(_buffer);
        }
        if (_chunkRows++ == 0) _writer.WriteStartArray();
        _writer.WriteStartArray();
        return this;
    }

    public RowSet Int(int v)
    {
        if (_sqlite) _writer!.WriteNumberValue(v);
        else _ints[Next(Col.Int)]!.Add(v);
        return this;
    }

    public RowSet Int(int? v)
    {
        if (!_sqlite) _intNulls[Next(Col.IntNull)]!.Add(v);
        else if (v is { } n) _writer!.WriteNumberValue(n);
        else _writer!.WriteNullValue();
        return this;
    }

    public RowSet Long(long v)
    {
        if (_sqlite) _writer!.WriteNumberValue(v);
        else _longs[Next(Col.Long)]!.Add(v);
        return this;
    }

    public RowSet Long(long? v)
    {
        if (!_sqlite) _longNulls[Next(Col.LongNull)]!.Add(v);
        else if (v is { } n) _writer!.WriteNumberValue(n);
        else _writer!.WriteNullValue();
        return this;
    }

    /// <summary>A time as the model stores it: Unix milliseconds.</summary>
    public RowSet Time(DateTimeOffset t) => Long(t.ToUnixTimeMilliseconds());

    public RowSet Time(DateTimeOffset? t) => Long(t?.ToUnixTimeMilliseconds());

    public RowSet Uuid(Guid g)
    {
        if (_sqlite) WriteGuid(_writer!, g);
        else _uuids[Next(Col.Uuid)]!.Add(g);
        return this;
    }

    public RowSet Text(string? v)
    {
        if (!_sqlite) _texts[Next(Col.Text)]!.Add(v);
        else if (v is null) _writer!.WriteNullValue();
        else _writer!.WriteStringValue(v);
        return this;
    }

    /// <summary>A change's source as the model stores it: its name.</summary>
    public RowSet Text(StatusSource? s) => Text(s is { } v ? StatusSourceNames.Of(v) : null);

    /// <summary>The FROM item "c" with one column per <c>columns</c> entry.</summary>
    public string Source() => _sqlite
        ? $"(SELECT {string.Join(", ", _columns.Select((c, i) => $"value ->> {i} AS {c.Name}"))} FROM json_each(@rows)) AS c"
        : $"unnest({string.Join(", ", _columns.Select((_, i) => $"@{Prefix}{i}"))}) AS c({string.Join(", ", _columns.Select(c => c.Name))})";

    /// <summary>PostgreSQL: one typed array per column.</summary>
    public void Bind(DbParameterCollection target)
    {
        EndRow();
        for (var i = 0; i < _columns.Length; i++)
        {
            object value = _columns[i].Type switch
            {
                Col.Int => _ints[i]!.ToArray(),
                Col.IntNull => _intNulls[i]!.ToArray(),
                Col.Long => _longs[i]!.ToArray(),
                Col.LongNull => _longNulls[i]!.ToArray(),
                Col.Uuid => _uuids[i]!.ToArray(),
                _ => _texts[i]!.ToArray(),
            };
            target.Add(new NpgsqlParameter($"{Prefix}{i}", value));
        }
    }

    /// <summary>SQLite: the rows as JSON documents [[v, v, …], …], each bound as <c>@rows</c> to one execution.</summary>
    public IReadOnlyList<string> Json()
    {
        EndRow();
        if (_chunkRows > 0) EndChunk();
        return _chunks;
    }

    /// <summary>PostgreSQL: the list of the next column, which must be of <paramref name="type"/> (a wrong call is a bug).</summary>
    private int Next(Col type)
    {
        var i = _column++;
        if (!_inRow || i >= _columns.Length || _columns[i].Type != type)
            throw new InvalidOperationException($"Row value {i} of type {type} does not match the columns {string.Join(", ", _columns)}.");
        return i;
    }

    private void EndRow()
    {
        if (!_inRow) return;
        _inRow = false;
        if (!_sqlite)
        {
            if (_column != _columns.Length) throw new InvalidOperationException($"A row has {_column} of {_columns.Length} values.");
            return;
        }
        var w = _writer!;
        w.WriteEndArray();
        if (w.BytesPending + _buffer!.WrittenCount >= ChunkBytes) EndChunk();
    }

    /// <summary>Guids upper-case as EF stores them in SQLite, without a string.</summary>
    private static void WriteGuid(Utf8JsonWriter w, Guid g)
    {
        Span<byte> text = stackalloc byte[36];
        g.TryFormat(text, out _, "D");
        for (var i = 0; i < text.Length; i++)
            if (text[i] is >= (byte)'a' and <= (byte)'f') text[i] -= 'a' - 'A';
        w.WriteStringValue(text);
    }

    private void EndChunk()
    {
        var w = _writer!;
        w.WriteEndArray();
        w.Flush();
        _chunks.Add(Encoding.UTF8.GetString(_buffer!.WrittenSpan));
        _buffer.ResetWrittenCount();
        w.Reset(_buffer);
        _chunkRows = 0;
    }
}

/// <summary>The stored names of the sources (EF stores the enum as its name), without a string per row.</summary>
internal static class StatusSourceNames
{
    private static readonly string[] Names = [.. Enum.GetValues<StatusSource>().Select(s => s.ToString())];

    public static string Of(StatusSource s) => (int)s >= 0 && (int)s < Names.Length && Names[(int)s] is { } name ? name : s.ToString();
}

/// <summary>
/// The SQL of the group commit (ADR 0006). A batch reads every agent it names in one statement,
/// decides in memory, then writes with five set-based statements whatever the number of agents
/// and changes: activity, presence rows moved <c>WHERE Version = seen</c> (RETURNING the winners),
/// first presence rows, the ends of the open intervals and the new intervals. The last two are
/// conditional on the presence row pointing at the batch's new open interval, so an agent whose
/// version check lost a race gets nothing written. Identifiers are quoted the same on both providers.
/// </summary>
internal static class PresenceSql
{
    public static object KindAgents => UserGroupKind.Agents.ToString();

    /// <summary>
    /// The batch's agents with their presence and whether they are agents. PostgreSQL: membership as a
    /// LATERAL probe per agent: as an <c>EXISTS</c> in the select list the generic plan of the prepared
    /// statement hashed every membership of the desk (10,000 rows) for a batch of 6 agents, ~4 ms a batch.
    /// </summary>
    public static string Read(bool sqlite) => sqlite
        ? """
          SELECT u."Id", u."CreatedAt",
            EXISTS (SELECT 1 FROM "UserGroupMembers" m JOIN "UserGroups" g ON g."Id" = m."UserGroupId" WHERE m."UserId" = u."Id" AND g."Kind" = @kind),
            p."StatusId", p."Since", p."OpenIntervalId", p."StatusBeforeInactivityId", p."LastActivityAt", p."Version", u."Name"
          FROM "Users" u LEFT JOIN "AgentPresence" p ON p."UserId" = u."Id"
          WHERE u."Id" IN (SELECT value FROM json_each(@ids))
          """
        : """
          SELECT u."Id", u."CreatedAt", a.agent IS NOT NULL,
            p."StatusId", p."Since", p."OpenIntervalId", p."StatusBeforeInactivityId", p."LastActivityAt", p."Version", u."Name"
          FROM "Users" u LEFT JOIN "AgentPresence" p ON p."UserId" = u."Id"
          LEFT JOIN LATERAL (SELECT 1 AS agent FROM "UserGroupMembers" m JOIN "UserGroups" g ON g."Id" = m."UserGroupId"
            WHERE m."UserId" = u."Id" AND g."Kind" = @kind LIMIT 1) a ON true
          WHERE u."Id" = ANY(@ids)
          """;

    /// <summary>Every status with what a response shows of it; deleted ones too (an agent may still be in one), marked.</summary>
    public const string Statuses = """
        SELECT "Id", "Name", "Color", "AcceptsRequests", "DeletedAt" IS NULL FROM "Statuses"
        """;

    public static RowSet Touches(bool sqlite) => new(sqlite, ("agent", Col.Int), ("at", Col.Long));

    public static string Touch(RowSet rows) => $"""
        UPDATE "AgentPresence" AS p SET "LastActivityAt" = c.at FROM {rows.Source()}
        WHERE p."UserId" = c.agent AND p."LastActivityAt" < c.at
        """;

    public static RowSet Moves(bool sqlite) => new(sqlite, ("agent", Col.Int), ("seen", Col.Long), ("status", Col.Int), ("since", Col.Long), ("open", Col.Uuid),
        ("before", Col.IntNull), ("active", Col.LongNull), ("version", Col.Long), ("idle", Col.LongNull));

    public static string Move(RowSet rows, bool sqlite) => $"""
        UPDATE "AgentPresence" AS p SET "StatusId" = c.status, "Since" = c.since, "OpenIntervalId" = c.open, "StatusBeforeInactivityId" = c.before,
          "LastActivityAt" = {(sqlite ? "MAX" : "GREATEST")}(p."LastActivityAt", COALESCE(c.active, p."LastActivityAt")), "Version" = c.version
        FROM {rows.Source()}
        WHERE p."UserId" = c.agent AND p."Version" = c.seen AND (c.idle IS NULL OR p."LastActivityAt" <= c.idle)
        RETURNING "UserId"
        """;

    public static RowSet Firsts(bool sqlite) => new(sqlite, ("agent", Col.Int), ("status", Col.Int), ("since", Col.Long), ("open", Col.Uuid), ("before", Col.IntNull),
        ("active", Col.Long), ("version", Col.Long));

    // "WHERE true" lets SQLite tell the upsert's ON CONFLICT from a join's ON.
    public static string First(RowSet rows) => $"""
        INSERT INTO "AgentPresence" ("UserId", "StatusId", "Since", "OpenIntervalId", "StatusBeforeInactivityId", "LastActivityAt", "Version")
        SELECT c.agent, c.status, c.since, c.open, c.before, c.active, c.version FROM {rows.Source()} WHERE true
        ON CONFLICT ("UserId") DO NOTHING
        RETURNING "UserId"
        """;

    /// <summary>
    /// The ends of the intervals open at the read. PostgreSQL sends the batch's statements in one round trip, so
    /// each row carries the agent and the new open interval and is written only if the presence row points at it
    /// (the version check won). SQLite runs them one after the other in its write transaction and hands over the
    /// winners' rows only: no probe of the presence row per interval. Only an open interval is closed: with the
    /// version check this keeps one open interval per agent (no index does, ADR 0011), and the writer's count
    /// check turns a presence row pointing at a closed interval into a failed batch instead of a second open one.
    /// </summary>
    public static RowSet Closes(bool sqlite) => sqlite
        ? new(sqlite, ("id", Col.Uuid), ("ended", Col.Long))
        : new(sqlite, ("id", Col.Uuid), ("agent", Col.Int), ("ended", Col.Long), ("open", Col.Uuid)) { Prefix = "k" };

    private const string Moved = """EXISTS (SELECT 1 FROM "AgentPresence" m WHERE m."UserId" = c.agent AND m."OpenIntervalId" = c.open)""";

    /// <summary>SQLite: the ends of the winners' intervals open at the read (the writer counts them before it commits).</summary>
    public static string Close(RowSet rows) => $"""
        UPDATE "StatusIntervals" AS i SET "Ended" = c.ended FROM {rows.Source()}
        WHERE i."Id" = c.id AND i."Ended" IS NULL
        """;

    /// <summary>The new intervals; as <see cref="Closes"/>, PostgreSQL's rows carry the condition, SQLite's are the winners'.</summary>
    public static RowSet Opens(bool sqlite) => sqlite
        ? new(sqlite, ("id", Col.Uuid), ("agent", Col.Int), ("sequence", Col.Long), ("status", Col.Int), ("started", Col.Long),
            ("ended", Col.LongNull), ("source", Col.Text), ("actor", Col.IntNull), ("reason", Col.Text), ("previous", Col.IntNull))
        : new(sqlite, ("id", Col.Uuid), ("agent", Col.Int), ("sequence", Col.Long), ("status", Col.Int), ("started", Col.Long),
            ("ended", Col.LongNull), ("source", Col.Text), ("actor", Col.IntNull), ("reason", Col.Text), ("previous", Col.IntNull), ("open", Col.Uuid),
            ("closing", Col.Int));

    private const string Columns = """
        INSERT INTO "StatusIntervals" ("Id", "AgentId", "Sequence", "StatusId", "Started", "Ended", "Source", "ActorUserId", "Reason", "PreviousStatusId")
        SELECT c.id, c.agent, c.sequence, c.status, c.started, c.ended, c.source, c.actor, c.reason, c.previous
        """;

    /// <summary>SQLite: the winners' new intervals.</summary>
    public static string Open(RowSet rows) => $"""
        {Columns}
        FROM {rows.Source()} WHERE true
        """;

    /// <summary>
    /// PostgreSQL: the ends of the intervals open at the read and the new intervals in one statement (its statements
    /// commit with the batch's round trip, before the writer could count anything). An agent whose version check won
    /// gets its new intervals only if its read interval was open and is now closed (<c>closing</c> = 1: it had one);
    /// otherwise the cast fails, naming the agent, and the whole batch rolls back (ADR 0011: no index refuses a
    /// second open interval, so damaged history stops the writes instead of growing).
    /// </summary>
    public static string CloseAndOpen(RowSet closes, RowSet opens) => $"""
        WITH closed AS (
          UPDATE "StatusIntervals" AS i SET "Ended" = c.ended FROM {closes.Source()}
          WHERE i."Id" = c.id AND i."Ended" IS NULL AND {Moved}
          RETURNING i."AgentId")
        {Columns}
        FROM {opens.Source()}
        WHERE CASE WHEN NOT {Moved} THEN false
          WHEN c.closing = 0 OR c.agent IN (SELECT "AgentId" FROM closed) THEN true
          ELSE ('Status history of agent ' || c.agent || ': the interval its presence row points at is not open')::int = 0 END
        """;

    /// <summary>
    /// Agents idle since <c>@cutoff</c> who are neither in the rule's status nor Offline, in one lock order, with
    /// the columns of <see cref="Read"/> (they are agents): the batch decides on them without reading them again.
    /// </summary>
    public const string Due = """
        SELECT p."UserId", u."CreatedAt", true, p."StatusId", p."Since", p."OpenIntervalId", p."StatusBeforeInactivityId", p."LastActivityAt", p."Version", u."Name"
        FROM "AgentPresence" p JOIN "Users" u ON u."Id" = p."UserId"
        WHERE p."LastActivityAt" <= @cutoff AND p."StatusId" <> @target AND p."StatusId" <> @offline
          AND EXISTS (SELECT 1 FROM "UserGroupMembers" m JOIN "UserGroups" g ON g."Id" = m."UserGroupId" WHERE m."UserId" = p."UserId" AND g."Kind" = @kind)
        ORDER BY p."UserId"
        """;

    public static DateTimeOffset Time(DbDataReader r, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(ordinal));

    public static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    /// <summary>The agent's presence from columns 3–8 of <see cref="Read"/>; null before their first change.</summary>
    public static AgentPresence? Presence(int agentId, DbDataReader r) => r.IsDBNull(3) ? null : new AgentPresence
    {
        UserId = agentId,
        StatusId = r.GetInt32(3),
        Since = Time(r, 4),
        OpenIntervalId = r.GetGuid(5),
        StatusBeforeInactivityId = r.IsDBNull(6) ? null : r.GetInt32(6),
        LastActivityAt = Time(r, 7),
        Version = r.GetInt64(8),
    };
}

/// <summary>Recognises the failures that only mean "someone else changed this first": retry on fresh state.</summary>
internal static class Races
{
    public static bool IsLostRace(Exception e) => e switch
    {
        DbUpdateConcurrencyException => true,
        DbUpdateException { InnerException: { } inner } => IsLostRace(inner),
        Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } => true,
        PostgresException { SqlState: "23505" or "40001" or "40P01" } => true,
        _ => false,
    };
}
