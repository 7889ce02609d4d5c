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
        if (audiences.Any(a => a.Groups.Count == 0)) return [];
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

    private static string Sql(DbCommand cmd, CardFilter filter, FilterCondition driver, List<Audience> audiences, int limit, bool postgres)
    {
        // A card has one row per value of a number, date or single drop-down value; several for "in", nested paths or "has a value".
        var distinct = driver.Test is TextIn { Values.Count: 1 } or NumberRange or DateRange ? "" : "DISTINCT ";
        // A text driver's rows carry the card's sort name, which the text probes seek with (ADR 0010).
        var sortKey = driver.Test is TextIn ? """, "SortKey" """ : "";
        var sql = new StringBuilder("SELECT d.\"EntityId\", ");
        sql.Append(Flag(cmd, filter, driver, audiences, sortKey != "", postgres));
        sql.Append(CultureInfo.InvariantCulture, $""" FROM (SELECT {distinct}"EntityId"{sortKey} FROM "CustomFieldIndex" WHERE "FieldId" = {driver.Field.Id}{FilterCount.Test(cmd, driver.Test, postgres)} LIMIT {limit + 1}) AS d""");
        return sql.ToString();
    }

    /// <summary>"1" when the card <c>d</c> meets every condition but <paramref name="driver"/> and is in each audience, else "0".</summary>
    private static string Flag(DbCommand cmd, CardFilter filter, FilterCondition driver, List<Audience> audiences, bool sortKey, bool postgres)
    {
        var probes = new List<string>();
        foreach (var c in filter.Conditions.Where(c => c != driver).OrderBy(c => c.Test is TextIn ? 0 : 1))
            probes.Add(Probe(cmd, c, filter.Target, sortKey, postgres));
        foreach (var groups in audiences)
            probes.Add(FilterCount.Membership(groups, "d.\"EntityId\""));
        return probes.Count == 0 ? "1" : $"CASE WHEN {string.Join(" AND ", probes)} THEN 1 ELSE 0 END";
    }

    /// <summary>
    /// One page of the filter's cards in name order (ADR 0010): <paramref name="walk"/>'s index entries, which the
    /// value index (field, text, number, date, sort key, entity) holds in the list's order (<c>NormalizedName, Id</c>;
    /// all descending for "-name": a backward walk), each probed for the other conditions and the audiences, until
    /// <paramref name="skip"/> + <paramref name="take"/> cards matched. The ORDER BY names the columns the test fixes
    /// (number and date are NULL on a text row) so both providers see the index's order.
    /// </summary>
    public static async Task<List<int>> NamePageAsync(
        RolodeskDbContext db, CardFilter filter, FilterCondition walk, bool descending, int skip, int take, CancellationToken ct)
    {
        var ids = new List<int>(take);
        var audiences = filter.Target == FieldTarget.Users ? FilterCount.Audiences(filter).ToList() : [];
        if (audiences.Any(a => a.Groups.Count == 0) || take <= 0) return ids;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = db.Database.GetDbConnection().CreateCommand();
            cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            cmd.CommandText = NamePageSql(cmd, filter, walk, audiences, descending, skip, take, db.Database.IsNpgsql());
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) ids.Add(reader.GetInt32(0));
            return ids;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The statement of <see cref="NamePageAsync"/>, its parameters added to <paramref name="cmd"/> (the bench's <c>filter --explain</c> shows its plan).</summary>
    internal static string NamePageSql(
        DbCommand cmd, CardFilter filter, FilterCondition walk, List<Audience> audiences, bool descending, int skip, int take, bool postgres)
    {
        var flag = Flag(cmd, filter, walk, audiences, sortKey: true, postgres);
        var order = descending ? " DESC" : "";
        var sql = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"""SELECT d."EntityId" FROM "CustomFieldIndex" d WHERE d."FieldId" = {walk.Field.Id}"""));
        sql.Append(FilterCount.Test(cmd, walk.Test, postgres, "d"));
        if (flag != "1") sql.Append(" AND ").Append(flag).Append(" = 1");
        sql.Append(CultureInfo.InvariantCulture, $""" ORDER BY d."Number"{order}, d."Date"{order}, d."SortKey"{order}, d."EntityId"{order} LIMIT {take}""");
        if (skip > 0) sql.Append(CultureInfo.InvariantCulture, $" OFFSET {skip}");
        return sql.ToString();
    }

    /// <summary>
    /// One card's rows of the condition's field. A text probe is one covering seek of the value index
    /// (field, text, …, sort key, entity) when the outer row <c>d</c> has the card's sort name (a text row), else a
    /// seek of the key (kind, entity, field) with the text checked on the row; the others seek the key and compare
    /// COALESCEd values, which no value index matches (SQLite otherwise walked the whole value range for every card).
    /// </summary>
    private static string Probe(DbCommand cmd, FilterCondition c, FieldTarget target, bool sortKey, bool postgres)
    {
        var card = string.Create(CultureInfo.InvariantCulture, $"""p."EntityKind" = {(int)target} AND p."EntityId" = d."EntityId" AND p."FieldId" = {c.Field.Id}""");
        return c.Test switch
        {
            TextIn when sortKey => string.Create(CultureInfo.InvariantCulture, $"""EXISTS (SELECT 1 FROM "CustomFieldIndex" p WHERE p."FieldId" = {c.Field.Id}{FilterCount.Test(cmd, c.Test, postgres, "p")} AND p."SortKey" = d."SortKey" AND p."EntityId" = d."EntityId")"""),
            TextIn => $"""EXISTS (SELECT 1 FROM "CustomFieldIndex" p WHERE {card}{FilterCount.Test(cmd, c.Test, postgres, "p")})""",
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
