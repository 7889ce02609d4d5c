using System.Data.Common;
using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Storage;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;

namespace Rolodesk.Server.Features.ContactFields.Filters;

/// <summary>
/// Exact counts of broad conditions without reading the cards: each condition's card ids come
/// from a covering walk of its value index, they are intersected, and only the intersection is
/// probed for group membership. Probing every card of the smaller condition (100,000 seeks for 1
/// in 10 of a million) cost seconds; this costs two index walks and an intersection. Raw SQL because
/// the shape matters and differs: PostgreSQL streams one walk through a hash of the others (IN
/// subqueries: hash semi joins); SQLite, which has no hash join and whose INTERSECT merges sorted
/// inputs, returns each walk as one string of ids, intersected in a bitmap here (ADR 0010).
/// </summary>
internal static class FilterCount
{
    /// <summary>Whether <paramref name="cards"/> is the whole table (only tracking options applied): then the count may ignore the table.</summary>
    public static bool IsWholeTable<T>(IQueryable<T> cards)
    {
        var e = cards.Expression;
        while (e is MethodCallExpression { Method.Name: "AsNoTracking" or "AsNoTrackingWithIdentityResolution" or "AsTracking" } call) e = call.Arguments[0];
        return e is EntityQueryRootExpression;
    }

    /// <summary>Users only (a user's index rows go with the card in its delete; the membership probe, where it runs, proves it too), with at least one condition that can be looked up.</summary>
    public static bool CanIntersect(CardFilter filter) =>
        filter.Target == FieldTarget.Users && filter.Conditions.Any(c => c.Test is not Presence { HasValue: false });

    /// <summary>
    /// The distinct audiences of the conditions' fields: a user's value counts only while one of its groups is in the
    /// audience. An audience's membership is probed only while one of <see cref="Audience.Fields"/> has values hidden
    /// from their cards (ADR 0012), always when a "has no value" condition needs it (<see cref="Audience.Fields"/> null).
    /// </summary>
    public static IEnumerable<Audience> Audiences(CardFilter filter) =>
        filter.Conditions.GroupBy(c => string.Join(',', c.Field.Audience.Order())).Select(same => new Audience(
            [.. same.First().Field.Audience.Order()],
            same.Any(c => c.Test is Presence { HasValue: false }) ? null : [.. same.Select(c => c.Field.Id).Distinct()]));

    public static async Task<int> IntersectAsync(RolodeskDbContext db, CardFilter filter, CancellationToken ct)
    {
        var audiences = Audiences(filter).ToList();
        if (audiences.Any(a => a.Groups.Count == 0)) return 0;
        var postgres = db.Database.IsNpgsql();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            if (!postgres) return await BitmapCountAsync(cmd, filter, audiences, ct);
            cmd.CommandText = Sql(cmd, filter, audiences, postgres);
            return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// SQLite's count: each condition's card ids as one <c>group_concat</c> string (a covering walk of its index
    /// entries), intersected here in a bitmap of card ids; only the intersection goes back (one JSON parameter, in
    /// card order) for the membership and "has no value" probes. SQLite has no hash join, and its INTERSECT merges
    /// sorted inputs: a text's entries come in name order (ADR 0010), so that side would be sorted as well
    /// (~60 ms for 200,000 ids, twice the whole count of before). One row per condition, no row per id. (The same on
    /// PostgreSQL, with <c>array_agg</c>, measured no better than its one statement for the broad count, 72.8 / 74.1 ms
    /// p50, and worse for the selective one, 4.1 / 2.4 ms: session 8.)
    /// </summary>
    private static async Task<int> BitmapCountAsync(DbCommand cmd, CardFilter filter, List<Audience> audiences, CancellationToken ct)
    {
        ulong[]? matching = null;
        foreach (var c in filter.Conditions.Where(c => c.Test is not Presence { HasValue: false }))
        {
            cmd.Parameters.Clear();
            cmd.CommandText = $"""SELECT group_concat("EntityId") FROM "CustomFieldIndex" WHERE "FieldId" = {c.Field.Id.ToString(CultureInfo.InvariantCulture)}{Test(cmd, c.Test, postgres: false)}""";
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
            {
                if (!await reader.ReadAsync(ct) || reader.IsDBNull(0)) return 0;
                matching = Bitmap(reader, matching);
            }
            if (matching.All(w => w == 0)) return 0;
        }
        var probes = Probes(filter, audiences, "j.value").ToList();
        if (probes.Count == 0) return matching!.Sum(w => System.Numerics.BitOperations.PopCount(w));
        cmd.Parameters.Clear();
        cmd.CommandText = $"""SELECT count(*) FROM json_each({Parameter(cmd, Json(matching!))}) j WHERE {string.Join(" AND ", probes)}""";
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The ids of a comma-separated list (column 0 of the current row, read as its UTF-8 bytes in chunks: no string of
    /// a million characters) as bits, kept only where <paramref name="and"/> (if any) has them too.
    /// </summary>
    internal static ulong[] Bitmap(DbDataReader reader, ulong[]? and)
    {
        var bits = new ulong[and?.Length ?? 1024];
        var buffer = new byte[16_384];
        var (id, digits, offset) = (0, 0, 0L);
        for (int read; (read = (int)reader.GetBytes(0, offset, buffer, 0, buffer.Length)) > 0; offset += read)
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)',')
                {
                    (id, digits) = (id * 10 + (buffer[i] - '0'), digits + 1);
                    continue;
                }
                Set(id, digits);
                (id, digits) = (0, 0);
            }
        Set(id, digits);
        return bits;

        void Set(int id, int digits)
        {
            if (digits == 0 || id < 0) return;
            var word = id >> 6;
            if (and is null && word >= bits.Length) Array.Resize(ref bits, Math.Max(word + 1, bits.Length * 2));
            if (word < bits.Length && (and is null || (and[word] & (1UL << id)) != 0)) bits[word] |= 1UL << id;
        }
    }

    /// <summary>The set ids as a JSON array, ascending.</summary>
    private static string Json(ulong[] bits)
    {
        var json = new StringBuilder("[");
        for (var word = 0; word < bits.Length; word++)
            for (var w = bits[word]; w != 0; w &= w - 1)
            {
                if (json.Length > 1) json.Append(',');
                json.Append((word << 6) + System.Numerics.BitOperations.TrailingZeroCount(w));
            }
        return json.Append(']').ToString();
    }

    /// <summary>
    /// The statement <see cref="IntersectAsync"/> runs on PostgreSQL, its parameters added to <paramref name="cmd"/> (the bench's
    /// <c>filter --explain</c> shows its plan); on SQLite the merge of sorted walks it ran before the bitmap (kept for comparison).
    /// </summary>
    internal static string Sql(DbCommand cmd, CardFilter filter, List<Audience> audiences, bool postgres)
    {
        var sets = filter.Conditions.Where(c => c.Test is not Presence { HasValue: false })
            .Select(c => (Sql: $"""SELECT "EntityId" FROM "CustomFieldIndex" WHERE "FieldId" = {c.Field.Id}{Test(cmd, c.Test, postgres)}""", Unique: c.Test is TextIn { Values.Count: 1 } or NumberRange or DateRange))
            .ToList();
        var sql = new StringBuilder("SELECT count(*) FROM ");
        if (postgres)
        {
            // PostgreSQL: one walk streams (a side with one row per card, so nothing is counted twice) and every
            // other condition is an IN subquery, which the planner turns into a hash semi join that hashes the
            // subquery: the shape no longer hangs on the row estimates, which are far off here (the IS NULL terms
            // multiply: 1,216 estimated for 100,204 range rows, 35,935 for 200,472 drop-down rows). With a join of
            // the walks the planner hashed the larger side (6 MB, two batches spilled to temporary files) or, with
            // a merge join, sorted both sides in parallel workers; a prepared statement could switch between them.
            var first = sets.FindIndex(s => s.Unique) is var u and >= 0 ? u : 0;
            var (lead, rest) = (sets[first], sets.Where((_, i) => i != first));
            // The matches are probed below in card order (sorted, OFFSET 0 keeps the sort): a text's walk comes in
            // name order (ADR 0010), and 19,818 membership probes at random places cost ~35 ms more backend CPU than in order.
            var probed = audiences.Count > 0 || filter.Conditions.Any(c => c.Test is Presence { HasValue: false });
            if (probed) sql.Append("""(SELECT s0."EntityId" FROM """);
            sql.Append('(').Append(lead.Unique ? lead.Sql : lead.Sql.Replace("SELECT ", "SELECT DISTINCT ", StringComparison.Ordinal)).Append(") AS s0 WHERE 1 = 1");
            foreach (var s in rest) sql.Append(""" AND s0."EntityId" IN (""").Append(s.Sql).Append(')');
            if (probed) sql.Append(" ORDER BY 1 OFFSET 0) AS s0 WHERE 1 = 1");
        }
        else
        {
            // SQLite merges two ordered inputs; without ORDER BY it fills and probes temporary B-trees (3× slower).
            sql.Append('(').Append(sets.Count == 1 ? sets[0].Sql.Replace("SELECT ", "SELECT DISTINCT ", StringComparison.Ordinal) : string.Join(" INTERSECT ", sets.Select(s => s.Sql)) + " ORDER BY 1");
            sql.Append(") AS s0 WHERE 1 = 1");
        }
        foreach (var probe in Probes(filter, audiences, "s0.\"EntityId\"")) sql.Append(" AND ").Append(probe);
        return sql.ToString();
    }

    /// <summary>
    /// The checks left after the index walks, for the card id in <paramref name="id"/>: one membership probe per
    /// distinct audience, then "has no value" for each such condition (it cannot be looked up, only checked).
    /// </summary>
    private static IEnumerable<string> Probes(CardFilter filter, List<Audience> audiences, string id) =>
        audiences.Select(audience => Membership(audience, id)).Concat(filter.Conditions.Where(c => c.Test is Presence { HasValue: false })
            .Select(c => string.Create(CultureInfo.InvariantCulture,
                $"""NOT EXISTS (SELECT 1 FROM "CustomFieldIndex" n WHERE n."EntityKind" = {(int)filter.Target} AND n."EntityId" = {id} AND n."FieldId" = {c.Field.Id})""")));

    /// <summary>
    /// Whether the user in <paramref name="id"/> belongs to one of the audience's groups; true without a probe while none
    /// of its fields is marked in <c>HiddenFieldValues</c> (an uncorrelated test, evaluated once per statement).
    /// </summary>
    internal static string Membership(Audience audience, string id)
    {
        var probe = $"""EXISTS (SELECT 1 FROM "UserGroupMembers" m WHERE m."UserGroupId" IN ({string.Join(',', audience.Groups)}) AND m."UserId" = {id})""";
        return audience.Fields is not { } fields ? probe
            : $"""(NOT EXISTS (SELECT 1 FROM "HiddenFieldValues" h WHERE h."FieldId" IN ({string.Join(',', fields)})) OR {probe})""";
    }

    /// <summary>
    /// The value test of one condition, as the value index (field, text, number, date, entity) can
    /// answer it: the typed column compared, the columns before it named IS NULL (a row sets only
    /// one), and for a text the ones after it too, so the seek reaches the entity column.
    /// </summary>
    internal static string Test(DbCommand cmd, FilterTest test, bool postgres, string? alias = null)
    {
        var a = alias is null ? "" : alias + ".";
        return test switch
        {
            TextIn t => $""" AND {a}"Text" IN ({string.Join(", ", t.Values.Select(v => Parameter(cmd, v)))}) AND {a}"Number" IS NULL AND {a}"Date" IS NULL""",
            NumberRange r => $""" AND {a}"Text" IS NULL""" + Bounds(cmd, a + "\"Number\"", r.From is { } f ? (double)f : null, r.To is { } to ? (double)to : null),
            DateRange r => $""" AND {a}"Text" IS NULL AND {a}"Number" IS NULL""" + Bounds(cmd, a + "\"Date\"", Date(r.From, postgres), Date(r.To, postgres)),
            _ => "",
        };
    }

    private static string Bounds(DbCommand cmd, string column, object? from, object? to) =>
        $""" AND {column} IS NOT NULL""" + (from is null ? "" : $""" AND {column} >= {Parameter(cmd, from)}""") + (to is null ? "" : $""" AND {column} <= {Parameter(cmd, to)}""");

    /// <summary>SQLite stores a DateOnly as its ISO text, PostgreSQL as a date.</summary>
    internal static object? Date(DateOnly? d, bool postgres) =>
        d is not { } v ? null : postgres ? v : v.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static string Parameter(DbCommand cmd, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = "@p" + cmd.Parameters.Count.ToString(CultureInfo.InvariantCulture);
        p.Value = value;
        cmd.Parameters.Add(p);
        return p.ParameterName;
    }
}

/// <summary>User group ids of an audience; the fields of the conditions that need it, or null when one tests "has no value".</summary>
internal sealed record Audience(List<int> Groups, int[]? Fields);
