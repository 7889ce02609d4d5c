using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;

namespace Rolodesk.Benchmarks.Data;

/// <summary>
/// SQLite's fastest safe path: one transaction and two prepared commands re-executed per row
/// (EF's SaveChanges would track and batch 100k entities, an order of magnitude slower).
/// </summary>
internal static class SqliteBulk
{
    private const string InsertUser = """
        INSERT INTO "Users" ("Id", "Name", "NormalizedName", "Phone", "NormalizedPhone", "CompanyId",
            "CreatedAt", "UpdatedAt", "UserName", "NormalizedUserName", "Email", "NormalizedEmail",
            "EmailConfirmed", "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed",
            "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "CustomFields")
        VALUES ($id, $name, $nname, $phone, $nphone, $company, $created, $updated, $email, $nemail,
            $email, $nemail, 0, $stamp, $cstamp, 0, 0, 1, 0, $fields)
        """;

    private const string InsertIndex = """
        INSERT INTO "CustomFieldIndex" ("EntityKind", "EntityId", "FieldId", "Seq", "Text", "Number", "Date", "SortKey")
        VALUES ($kind, $entity, $field, $seq, $text, $number, $date, $sort)
        """;

    private const string InsertMember = """INSERT INTO "UserGroupMembers" ("UserGroupId", "UserId") VALUES ($group, $id)""";

    public static async Task InsertAsync(RolodeskDbContext db, IEnumerable<FakeUser> users, int groupId, BenchBatch cards, CancellationToken ct)
    {
        // Opening through EF runs the server's connection interceptor (WAL, foreign keys on).
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            // Millions of index rows land in two B-trees at random places: a big page cache keeps that off the disk.
            await using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA cache_size=-262144";
                await pragma.ExecuteNonQueryAsync(ct);
            }
            await using var tx = await connection.BeginTransactionAsync(ct);
            await using var user = Command(connection, tx, InsertUser, "id", "name", "nname", "phone", "nphone", "company", "created", "updated", "email", "nemail", "stamp", "cstamp", "fields");
            await using var member = Command(connection, tx, InsertMember, "group", "id");
            member.Parameters["$group"].Value = groupId;
            foreach (var u in users)
            {
                object?[] values = [u.Id, u.Name, u.NormalizedName, u.Phone, u.NormalizedPhone, (object?)u.CompanyId ?? DBNull.Value,
                    u.CreatedAtMs, u.UpdatedAtMs, u.Email, u.NormalizedEmail, u.SecurityStamp, u.ConcurrencyStamp,
                    (object?)cards.Documents.GetValueOrDefault(u.Id) ?? DBNull.Value];
                for (var i = 0; i < values.Length; i++) user.Parameters[i].Value = values[i];
                await user.ExecuteNonQueryAsync(ct);
                member.Parameters["$id"].Value = u.Id;
                await member.ExecuteNonQueryAsync(ct);
            }
            await using var index = Command(connection, tx, InsertIndex, "kind", "entity", "field", "seq", "text", "number", "date", "sort");
            foreach (var r in cards.IndexRows)
            {
                object?[] row = [(byte)r.EntityKind, r.EntityId, r.FieldId, r.Seq, r.Text, r.Number is { } n ? (double)n : null, r.Date?.ToString("yyyy-MM-dd"), r.SortKey];
                for (var i = 0; i < row.Length; i++) index.Parameters[i].Value = row[i] ?? DBNull.Value;
                await index.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static DbCommand Command(DbConnection connection, DbTransaction tx, string sql, params string[] names)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var name in names)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "$" + name;
            cmd.Parameters.Add(p);
        }
        cmd.Prepare();
        return cmd;
    }
}
