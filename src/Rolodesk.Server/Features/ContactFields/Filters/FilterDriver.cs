using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.ContactFields.Types;

namespace Rolodesk.Server.Features.ContactFields.Filters;

/// <summary>
/// The selective shape's one read: the driver condition's cards (at most the limit + 1, a covering
/// walk of its value index), each with a flag saying whether it meets every other condition and,
/// for users, the audience (probes of the index and of <c>UserGroupMembers</c>, never of the cards'
/// rows). The page then reads only the matching cards, and a count over the whole table is the
/// number of ids. Raw SQL because the order of the probes matters (cheapest and most selective
/// first, membership last: PostgreSQL orders WHERE subplans by cost, not inside one CASE), and a
/// range probe must not be answered from the value index (see <see cref="CardFilterQuery.Rows"/>).
/// </summary>
internal static class FilterDriver
{
    /// <summary>The ids of the cards meeting the whole filter, or null when the driver holds more than <paramref name="limit"/> cards.</summary>
    public static async Task<List<int>?> MatchingAsync(RolodeskDbContext db, CardFilter filter, FilterCondition driver, int limit, CancellationToken ct)
    {
        var audiences = filter.Target == FieldTarget.Users ? FilterCount.Audiences(filter).ToList() : [];
        if (audiences.Any(a => a.Count == 0)) return [];
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            cmd.CommandText = Sql(cmd, filter, driver, audiences, limit, db.Database.IsNpgsql());
            var (seen, ids) = (0, new List<int>());
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                seen++;
                if (reader.GetInt32(1) == 1) ids.Add(reader.GetInt32(0));
            }
            return seen > limit ? null : ids;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static string Sql(DbCommand cmd, CardFilter filter, FilterCondition driver, List<List<int>> audiences, int limit, bool postgres)
    {
        // A card has one row per value of a number, date or single drop-down value; several for "in", nested paths or "has a value".
        var distinct = driver.Test is TextIn { Values.Count: 1 } or NumberRange or DateRange ? "" : "DISTINCT ";
        var probes = new List<string>();
        foreach (var c in filter.Conditions.Where(c => c != driver).OrderBy(c => c.Test is TextIn ? 0 : 1))
            probes.Add(Probe(cmd, c, filter.Target, postgres));
        foreach (var groups in audiences)
            probes.Add($"""EXISTS (SELECT 1 FROM "UserGroupMembers" m WHERE m."UserGroupId" IN ({string.Join(',', groups)}) AND m."UserId" = d."EntityId")""");
        var sql = new StringBuilder("SELECT d.\"EntityId\", ");
        sql.Append(probes.Count == 0 ? "1" : $"CASE WHEN {string.Join(" AND ", probes)} THEN 1 ELSE 0 END");
        sql.Append(CultureInfo.InvariantCulture, $""" FROM (SELECT {distinct}"EntityId" FROM "CustomFieldIndex" WHERE "FieldId" = {driver.Field.Id}{FilterCount.Test(cmd, driver.Test, postgres)} LIMIT {limit + 1}) AS d""");
        return sql.ToString();
    }

    /// <summary>
    /// One card's rows of the condition's field. A text probe is one covering seek of the value index
    /// (field, text, …, entity); the others seek the key (kind, entity, field) and compare COALESCEd values, which no value
    /// index matches (SQLite otherwise walked the whole value range for every card).
    /// </summary>
    private static string Probe(DbCommand cmd, FilterCondition c, FieldTarget target, bool postgres)
    {
        var card = string.Create(CultureInfo.InvariantCulture, $"""p."EntityKind" = {(int)target} AND p."EntityId" = d."EntityId" AND p."FieldId" = {c.Field.Id}""");
        return c.Test switch
        {
            TextIn => string.Create(CultureInfo.InvariantCulture, $"""EXISTS (SELECT 1 FROM "CustomFieldIndex" p WHERE p."FieldId" = {c.Field.Id}{FilterCount.Test(cmd, c.Test, postgres)} AND p."EntityId" = d."EntityId")"""),
            NumberRange r => $"""EXISTS (SELECT 1 FROM "CustomFieldIndex" p WHERE {card}{Bounds(cmd, "Number", -(double)Json.NumberLimit, (double)Json.NumberLimit, r.From is { } f ? (double)f : null, r.To is { } t ? (double)t : null)})""",
            DateRange r => $"""EXISTS (SELECT 1 FROM "CustomFieldIndex" p WHERE {card}{Bounds(cmd, "Date", FilterCount.Date(DateOnly.MinValue, postgres)!, FilterCount.Date(DateOnly.MaxValue, postgres)!, FilterCount.Date(r.From, postgres), FilterCount.Date(r.To, postgres))})""",
            Presence { HasValue: false } => $"""NOT EXISTS (SELECT 1 FROM "CustomFieldIndex" p WHERE {card})""",
            _ => $"""EXISTS (SELECT 1 FROM "CustomFieldIndex" p WHERE {card})""",
        };
    }

    private static string Bounds(DbCommand cmd, string column, object below, object above, object? from, object? to) =>
        (from is null ? "" : $""" AND COALESCE(p."{column}", {FilterCount.Parameter(cmd, below)}) >= {FilterCount.Parameter(cmd, from)}""")
        + (to is null ? "" : $""" AND COALESCE(p."{column}", {FilterCount.Parameter(cmd, above)}) <= {FilterCount.Parameter(cmd, to)}""");
}
