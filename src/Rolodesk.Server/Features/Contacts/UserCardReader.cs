using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Rolodesk.Data;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Values;

namespace Rolodesk.Server.Features.Contacts;

/// <summary>
/// A user card as stored: the row, its company's name, its group ids (named and ordered by the
/// catalog: <see cref="FieldCatalog.GroupsOf"/>), the raw values document.
/// </summary>
public sealed record UserCardRow(
    int Id, string Name, string? Email, string? Phone, CompanyRef? Company, int[] GroupIds,
    bool CanSignIn, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Document)
{
    public UserResponse ToResponse(FieldCatalog catalog, UserAccess actor)
    {
        var groups = catalog.GroupsOf(GroupIds);
        return new(Id, Name, Email, Phone, Company, groups, groups.Any(g => g.Kind == "agents"), CanSignIn, CreatedAt, UpdatedAt,
            CardFields.Visible(catalog, actor, GroupIds, Document));
    }
}

/// <summary>
/// Reads one card (or a list page's cards) in ONE statement on the context's connection (the group
/// ids aggregated in the same row; their names and order come from the cached catalog, so the
/// statement neither joins the groups nor sorts them). The LINQ projection (<see cref="UserQueries"/>) costs two statements
/// (split query) plus EF's fixed cost per query; the card read is the hottest path, so it has
/// this hand-written twin. Same data, same group order (by name), same meaning of every column.
/// </summary>
public static class UserCardReader
{
    private const string SqliteColumns = """
        SELECT u.Name, u.Email, u.Phone, u.CompanyId, c.Name, u.PasswordHash IS NOT NULL, u.CreatedAt, u.UpdatedAt, u.CustomFields,
          (SELECT group_concat(m.UserGroupId) FROM UserGroupMembers m WHERE m.UserId = u.Id), u.Id
        FROM Users u LEFT JOIN Companies c ON c.Id = u.CompanyId
        """;

    private const string PostgresColumns = """
        SELECT u."Name", u."Email", u."Phone", u."CompanyId", c."Name", u."PasswordHash" IS NOT NULL, u."CreatedAt", u."UpdatedAt", u."CustomFields",
          ARRAY(SELECT m."UserGroupId" FROM "UserGroupMembers" m WHERE m."UserId" = u."Id"), u."Id"
        FROM "Users" u LEFT JOIN "Companies" c ON c."Id" = u."CompanyId"
        """;

    private const string SqliteSql = SqliteColumns + " WHERE u.Id = @id";
    private const string PostgresSql = PostgresColumns + """ WHERE u."Id" = @id""";

    // The page's ids as one parameter: a JSON array on SQLite, an int[] on PostgreSQL.
    private const string SqliteManySql = SqliteColumns + " WHERE u.Id IN (SELECT value FROM json_each(@ids))";
    private const string PostgresManySql = PostgresColumns + """ WHERE u."Id" = ANY(@ids)""";

    /// <summary>The statement (parameter <c>@id</c>), for the benchmarks that time it alone.</summary>
    public static string Sql(bool postgres) => postgres ? PostgresSql : SqliteSql;

    /// <summary>The statement of <see cref="ReadManyAsync"/> (parameter <c>@ids</c>), for the benchmarks' plans.</summary>
    public static string ManySql(bool postgres) => postgres ? PostgresManySql : SqliteManySql;

    public static async Task<UserCardRow?> ReadAsync(RolodeskDbContext db, int id, CancellationToken ct)
    {
        var postgres = IsPostgres(db);
        // Opened through EF so its interceptors (SQLite's pragmas) run and a pooled context gets it back closed.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = db.Database.GetDbConnection().CreateCommand();
            cmd.CommandText = postgres ? PostgresSql : SqliteSql;
            cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var p = cmd.CreateParameter();
            p.ParameterName = "@id";
            p.Value = id;
            cmd.Parameters.Add(p);
            await using var r = await cmd.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow, ct);
            return await r.ReadAsync(ct) ? Row(r, postgres) : null;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The cards of <paramref name="ids"/> in the order of the list (ids without a card are left out), in
    /// ONE statement: a list page's rows without EF's projection and its split query for the groups.
    /// </summary>
    public static async Task<List<UserCardRow>> ReadManyAsync(RolodeskDbContext db, IReadOnlyList<int> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var postgres = IsPostgres(db);
        var rows = new Dictionary<int, UserCardRow>(ids.Count);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = db.Database.GetDbConnection().CreateCommand();
            cmd.CommandText = postgres ? PostgresManySql : SqliteManySql;
            cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var p = cmd.CreateParameter();
            p.ParameterName = "@ids";
            p.Value = postgres ? ids.ToArray() : "[" + string.Join(',', ids) + "]";
            cmd.Parameters.Add(p);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var row = Row(r, postgres);
                rows[row.Id] = row;
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        var ordered = new List<UserCardRow>(rows.Count);
        foreach (var id in ids)
            if (rows.TryGetValue(id, out var row)) ordered.Add(row);
        return ordered;
    }

    private static bool IsPostgres(RolodeskDbContext db) => db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;

    private static UserCardRow Row(DbDataReader r, bool postgres) => new(
        r.GetInt32(10), r.GetString(0), Text(r, 1), Text(r, 2),
        r.IsDBNull(3) ? null : new CompanyRef(r.GetInt32(3), r.GetString(4)),
        postgres ? r.GetFieldValue<int[]>(9) : GroupIds(Text(r, 9)), r.GetBoolean(5),
        // Stored as Unix milliseconds on both providers (DateTimeOffsetToUnixMsConverter).
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)),
        Text(r, 8));

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    /// <summary>SQLite's <c>group_concat</c> of the ids: "3,5", or null for none.</summary>
    private static int[] GroupIds(string? list)
    {
        if (list is null) return [];
        var span = list.AsSpan();
        var ids = new int[span.Count(',') + 1];
        var i = 0;
        foreach (var part in span.Split(','))
            ids[i++] = int.Parse(span[part], System.Globalization.CultureInfo.InvariantCulture);
        return ids;
    }
}
