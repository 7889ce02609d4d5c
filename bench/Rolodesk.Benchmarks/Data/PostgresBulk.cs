using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Rolodesk.Data;

namespace Rolodesk.Benchmarks.Data;

/// <summary>PostgreSQL's bulk path: binary COPY, then move the identity sequences past the explicit ids.</summary>
internal static class PostgresBulk
{
    private const string CopyUsers = """
        COPY "Users" ("Id", "Name", "NormalizedName", "Phone", "NormalizedPhone", "CompanyId",
            "CreatedAt", "UpdatedAt", "UserName", "NormalizedUserName", "Email", "NormalizedEmail",
            "EmailConfirmed", "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed",
            "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "CustomFields") FROM STDIN (FORMAT BINARY)
        """;

    public static async Task InsertAsync(RolodeskDbContext db, IReadOnlyList<FakeUser> users, int groupId, BenchBatch values, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var tx = await connection.BeginTransactionAsync(ct);
            await using (var w = await connection.BeginBinaryImportAsync(CopyUsers, ct))
            {
                foreach (var u in users)
                {
                    await w.StartRowAsync(ct);
                    await w.WriteAsync(u.Id, NpgsqlDbType.Integer, ct);
                    await w.WriteAsync(u.Name, NpgsqlDbType.Varchar, ct);
                    await w.WriteAsync(u.NormalizedName, NpgsqlDbType.Varchar, ct);
                    await w.WriteAsync(u.Phone, NpgsqlDbType.Varchar, ct);
                    await w.WriteAsync(u.NormalizedPhone, NpgsqlDbType.Varchar, ct);
                    if (u.CompanyId is { } c) await w.WriteAsync(c, NpgsqlDbType.Integer, ct);
                    else await w.WriteNullAsync(ct);
                    await w.WriteAsync(u.CreatedAtMs, NpgsqlDbType.Bigint, ct);
                    await w.WriteAsync(u.UpdatedAtMs, NpgsqlDbType.Bigint, ct);
                    await w.WriteAsync(u.Email, NpgsqlDbType.Varchar, ct);
                    await w.WriteAsync(u.NormalizedEmail, NpgsqlDbType.Varchar, ct);
                    await w.WriteAsync(u.Email, NpgsqlDbType.Varchar, ct);
                    await w.WriteAsync(u.NormalizedEmail, NpgsqlDbType.Varchar, ct);
                    await w.WriteAsync(false, NpgsqlDbType.Boolean, ct);
                    await w.WriteAsync(u.SecurityStamp, NpgsqlDbType.Text, ct);
                    await w.WriteAsync(u.ConcurrencyStamp, NpgsqlDbType.Text, ct);
                    await w.WriteAsync(false, NpgsqlDbType.Boolean, ct);
                    await w.WriteAsync(false, NpgsqlDbType.Boolean, ct);
                    await w.WriteAsync(true, NpgsqlDbType.Boolean, ct);
                    await w.WriteAsync(0, NpgsqlDbType.Integer, ct);
                    if (values.Documents.GetValueOrDefault(u.Id) is { } document) await w.WriteAsync(document, NpgsqlDbType.Text, ct);
                    else await w.WriteNullAsync(ct);
                }
                await w.CompleteAsync(ct);
            }
            await using (var w = await connection.BeginBinaryImportAsync("""COPY "UserGroupMembers" ("UserGroupId", "UserId") FROM STDIN (FORMAT BINARY)""", ct))
            {
                foreach (var u in users)
                {
                    await w.StartRowAsync(ct);
                    await w.WriteAsync(groupId, NpgsqlDbType.Integer, ct);
                    await w.WriteAsync(u.Id, NpgsqlDbType.Integer, ct);
                }
                await w.CompleteAsync(ct);
            }
            if (values.IndexRows.Count > 0) await CopyIndexAsync(connection, values.IndexRows, ct);
            // Explicit ids do not advance an identity column; without this the app's next insert collides.
            await using (var cmd = new NpgsqlCommand("""SELECT setval(pg_get_serial_sequence('"Users"', 'Id'), (SELECT MAX("Id") FROM "Users"))""", connection, tx))
                await cmd.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
            // Fresh statistics so the planner sees 100k rows now rather than after autovacuum's next pass.
            await using (var analyze = new NpgsqlCommand("""ANALYZE "Users", "UserGroupMembers", "Companies", "CustomFieldIndex" """, connection))
                await analyze.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task CopyIndexAsync(NpgsqlConnection connection, List<Rolodesk.Data.ContactFields.CustomFieldIndex> rows, CancellationToken ct)
    {
        const string copy = """COPY "CustomFieldIndex" ("EntityKind", "EntityId", "FieldId", "Seq", "Text", "Number", "Date", "SortKey") FROM STDIN (FORMAT BINARY)""";
        await using var w = await connection.BeginBinaryImportAsync(copy, ct);
        foreach (var r in rows)
        {
            await w.StartRowAsync(ct);
            await w.WriteAsync((short)r.EntityKind, NpgsqlDbType.Smallint, ct);
            await w.WriteAsync(r.EntityId, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(r.FieldId, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(r.Seq, NpgsqlDbType.Smallint, ct);
            if (r.Text is { } t) await w.WriteAsync(t, NpgsqlDbType.Varchar, ct); else await w.WriteNullAsync(ct);
            if (r.Number is { } n) await w.WriteAsync((double)n, NpgsqlDbType.Double, ct); else await w.WriteNullAsync(ct);
            if (r.Date is { } d) await w.WriteAsync(d, NpgsqlDbType.Date, ct); else await w.WriteNullAsync(ct);
            if (r.SortKey is { } k) await w.WriteAsync(k, NpgsqlDbType.Varchar, ct); else await w.WriteNullAsync(ct);
        }
        await w.CompleteAsync(ct);
    }
}
