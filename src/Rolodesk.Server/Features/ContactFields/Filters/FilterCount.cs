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
/// from a covering walk of its value index, the database intersects them, and only the
/// intersection is probed for group membership. Probing every card of the smaller condition
/// (100,000 seeks for 1 in 10 of a million) cost seconds; this costs two index walks and a
/// merge. Raw SQL because the shape matters and differs: SQLite merges an INTERSECT whose result
/// is ordered (one sort of the range side) instead of building temporary B-trees; PostgreSQL streams
/// one walk through a hash of the others (IN subqueries: hash semi joins).
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

    /// <summary>Users only (the membership probe also proves the card exists), with at least one condition that can be looked up.</summary>
    public static bool CanIntersect(CardFilter filter) =>
        filter.Target == FieldTarget.Users && filter.Conditions.Any(c => c.Test is not Presence { HasValue: false });

    /// <summary>The distinct audiences (user group ids) of the conditions' fields: a user's value counts only while one of its groups is in it.</summary>
    public static IEnumerable<List<int>> Audiences(CardFilter filter) =>
        filter.Conditions.Select(c => c.Field.Audience.Order().ToList()).DistinctBy(groups => string.Join(',', groups));

    public static async Task<int> IntersectAsync(RolodeskDbContext db, CardFilter filter, CancellationToken ct)
    {
        var audiences = Audiences(filter).ToList();
        if (audiences.Any(a => a.Count == 0)) return 0;
        var postgres = db.Database.IsNpgsql();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            cmd.CommandText = Sql(cmd, filter, audiences, postgres);
            return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The statement <see cref="IntersectAsync"/> runs, its parameters added to <paramref name="cmd"/> (the bench's <c>filter --explain</c> shows its plan).</summary>
    internal static string Sql(DbCommand cmd, CardFilter filter, List<List<int>> audiences, bool postgres)
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
        foreach (var groups in audiences)
            sql.Append(CultureInfo.InvariantCulture, $""" AND EXISTS (SELECT 1 FROM "UserGroupMembers" m WHERE m."UserGroupId" IN ({string.Join(',', groups)}) AND m."UserId" = s0."EntityId")""");
        foreach (var c in filter.Conditions.Where(c => c.Test is Presence { HasValue: false }))
            sql.Append(CultureInfo.InvariantCulture, $""" AND NOT EXISTS (SELECT 1 FROM "CustomFieldIndex" n WHERE n."EntityKind" = {(int)filter.Target} AND n."EntityId" = s0."EntityId" AND n."FieldId" = {c.Field.Id})""");
        return sql.ToString();
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
