using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Rolodesk.Data;
using Rolodesk.Data.Access;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.ContactFields.Values;

namespace Rolodesk.Server.Features.Contacts;

/// <summary>
/// The statements of a batch of user creates (<see cref="UserWriterQueue"/>), written by hand like
/// the status path (ADR 0006): EF's change tracking and per-statement cost were most of the single
/// writer's time. The rows are the ones EF wrote (every column of <see cref="Rolodesk.Data.Contacts.User"/>
/// as set by <see cref="UserWriter"/>, instants as Unix milliseconds, index rows as <see cref="CardIndex.Rows"/>
/// gives them). New users get explicit ids, drawn inside the write transaction: on SQLite the
/// transaction holds the write lock from its start (BEGIN IMMEDIATE), so the next AUTOINCREMENT id
/// stays free; on PostgreSQL they come from the identity sequence. SQLite runs each statement as a
/// prepared command reused for the whole batch; PostgreSQL gets the whole batch in one round trip.
/// </summary>
internal static class UserInsertSql
{
    private const string InsertUser = """
        INSERT INTO "Users" ("Id", "Name", "NormalizedName", "Email", "NormalizedEmail", "UserName", "NormalizedUserName",
            "Phone", "NormalizedPhone", "CompanyId", "CustomFields", "PasswordHash", "ConcurrencyStamp", "SecurityStamp",
            "CreatedAt", "UpdatedAt", "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount")
        VALUES (@id, @name, @nname, @email, @nemail, @uname, @nuname, @phone, @nphone, @company, @doc, @hash, @cstamp, @sstamp,
            @created, @updated, @econf, @pconf, @twofa, @lockout, @failed)
        """;

    private const string InsertMember = """INSERT INTO "UserGroupMembers" ("UserGroupId", "UserId") VALUES (@group, @user)""";

    private const string InsertIndex = """
        INSERT INTO "CustomFieldIndex" ("EntityKind", "EntityId", "FieldId", "Seq", "Text", "Number", "Date", "SortKey") VALUES (@kind, @entity, @field, @seq, @text, @number, @date, @sort)
        """;

    private const string SqliteNextId = """
        SELECT max(coalesce((SELECT "seq" FROM sqlite_sequence WHERE "name" = 'Users'), 0), coalesce((SELECT max("Id") FROM "Users"), 0)) + 1
        """;

    private const string PostgresIds = """SELECT nextval(pg_get_serial_sequence('"Users"', 'Id'))::int FROM generate_series(1, @n)""";

    /// <summary>Which of these normalised emails are taken: one statement for the batch (an index seek per email).</summary>
    public static async Task<HashSet<string>> TakenEmailsAsync(RolodeskDbContext db, IReadOnlyList<string> emails, CancellationToken ct)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        if (emails.Count == 0) return taken;
        await using var cmd = Command(db, $"""SELECT "NormalizedEmail" FROM "Users" WHERE "NormalizedEmail" IN ({List("e", emails.Count)})""");
        for (var i = 0; i < emails.Count; i++) Add(cmd, "e" + i.ToString(CultureInfo.InvariantCulture), emails[i]);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) taken.Add(r.GetString(0));
        return taken;
    }

    /// <summary>The groups of these ids as stored now (id → reference as the card shows it).</summary>
    public static async Task<Dictionary<int, GroupRef>> GroupsAsync(RolodeskDbContext db, IReadOnlyList<int> ids, CancellationToken ct)
    {
        var groups = new Dictionary<int, GroupRef>();
        if (ids.Count == 0) return groups;
        await using var cmd = Command(db, $"""SELECT "Id", "Name", "Kind" FROM "UserGroups" WHERE "Id" IN ({List("g", ids.Count)})""");
        for (var i = 0; i < ids.Count; i++) Add(cmd, "g" + i.ToString(CultureInfo.InvariantCulture), ids[i]);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            groups[r.GetInt32(0)] = new GroupRef(r.GetInt32(0), r.GetString(1), r.GetString(2) == nameof(UserGroupKind.Agents) ? "agents" : "clients");
        return groups;
    }

    /// <summary>Inserts the users (ids assigned to <c>User.Id</c>), their memberships and their index rows, in the open transaction.</summary>
    public static async Task InsertAsync(RolodeskDbContext db, IReadOnlyList<PendingCreate> creates, CancellationToken ct)
    {
        var postgres = db.Database.IsNpgsql();
        var ids = await NextIdsAsync(db, postgres, creates.Count, ct);
        var statements = new Statements(db, postgres);
        for (var i = 0; i < creates.Count; i++)
        {
            var c = creates[i];
            var u = c.User;
            u.Id = ids[i];
            statements.Add(InsertUser,
                ("id", u.Id), ("name", u.Name), ("nname", u.NormalizedName), ("email", u.Email), ("nemail", u.NormalizedEmail),
                ("uname", u.UserName), ("nuname", u.NormalizedUserName), ("phone", u.Phone), ("nphone", u.NormalizedPhone),
                ("company", u.CompanyId), ("doc", u.CustomFields), ("hash", u.PasswordHash), ("cstamp", u.ConcurrencyStamp),
                ("sstamp", u.SecurityStamp), ("created", u.CreatedAt.ToUnixTimeMilliseconds()), ("updated", u.UpdatedAt.ToUnixTimeMilliseconds()),
                ("econf", u.EmailConfirmed), ("pconf", u.PhoneNumberConfirmed), ("twofa", u.TwoFactorEnabled), ("lockout", u.LockoutEnabled),
                ("failed", u.AccessFailedCount));
            foreach (var group in c.GroupIds) statements.Add(InsertMember, ("group", group), ("user", u.Id));
            if (c.Values.Changed.Count == 0) continue;
            var values = CardDocument.Parse(c.Values.Document);
            foreach (var field in c.Values.Changed)
            {
                if (!values.TryGetValue(field.Key, out var value)) continue;
                foreach (var row in CardIndex.Rows(field.Id, field.Type.ToIndexed(value, field.ParsedSettings), FieldTarget.Users, u.Id, u.NormalizedName))
                    statements.Add(InsertIndex, ("kind", postgres ? (short)row.EntityKind : (byte)row.EntityKind), ("entity", row.EntityId),
                        ("field", row.FieldId), ("seq", row.Seq), ("text", row.Text), ("number", row.Number is { } n ? (double)n : null),
                        ("date", row.Date is { } d ? postgres ? d : d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null), ("sort", row.SortKey));
            }
        }
        await statements.RunAsync(ct);
    }

    private static async Task<int[]> NextIdsAsync(RolodeskDbContext db, bool postgres, int count, CancellationToken ct)
    {
        var ids = new int[count];
        if (postgres)
        {
            await using var cmd = Command(db, PostgresIds);
            Add(cmd, "n", count);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            for (var i = 0; i < count && await r.ReadAsync(ct); i++) ids[i] = r.GetInt32(0);
            return ids;
        }
        await using (var cmd = Command(db, SqliteNextId))
        {
            var next = Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            for (var i = 0; i < count; i++) ids[i] = next + i;
        }
        return ids;
    }

    private static string List(string prefix, int count) =>
        string.Join(", ", Enumerable.Range(0, count).Select(i => "@" + prefix + i.ToString(CultureInfo.InvariantCulture)));

    private static DbCommand Command(RolodeskDbContext db, string sql)
    {
        var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return cmd;
    }

    private static void Add(DbCommand cmd, string name, object? value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = "@" + name;
        p.Value = value ?? DBNull.Value;
        cmd.Parameters.Add(p);
    }

    /// <summary>
    /// The batch's statements: on PostgreSQL one <see cref="DbBatch"/> (one round trip); on SQLite
    /// one prepared command per distinct statement, rebound and run for each row.
    /// </summary>
    private sealed class Statements(RolodeskDbContext db, bool postgres)
    {
        private readonly List<(string Sql, (string Name, object? Value)[] Values)> _all = [];

        public void Add(string sql, params (string Name, object? Value)[] values) => _all.Add((sql, values));

        public async Task RunAsync(CancellationToken ct)
        {
            var connection = db.Database.GetDbConnection();
            var tx = db.Database.CurrentTransaction?.GetDbTransaction();
            if (postgres)
            {
                await using var batch = connection.CreateBatch();
                batch.Transaction = tx;
                foreach (var (sql, values) in _all)
                {
                    var cmd = batch.CreateBatchCommand();
                    cmd.CommandText = sql;
                    foreach (var (name, value) in values)
                    {
                        var p = cmd.CreateParameter();
                        p.ParameterName = name;
                        p.Value = value ?? DBNull.Value;
                        cmd.Parameters.Add(p);
                    }
                    batch.BatchCommands.Add(cmd);
                }
                await batch.ExecuteNonQueryAsync(ct);
                return;
            }
            var prepared = new Dictionary<string, DbCommand>(ReferenceEqualityComparer.Instance);
            try
            {
                foreach (var (sql, values) in _all)
                {
                    if (!prepared.TryGetValue(sql, out var cmd))
                    {
                        cmd = connection.CreateCommand();
                        cmd.CommandText = sql;
                        cmd.Transaction = tx;
                        foreach (var (name, _) in values)
                        {
                            var p = cmd.CreateParameter();
                            p.ParameterName = "@" + name;
                            cmd.Parameters.Add(p);
                        }
                        cmd.Prepare();
                        prepared[sql] = cmd;
                    }
                    for (var i = 0; i < values.Length; i++) cmd.Parameters[i].Value = values[i].Value ?? DBNull.Value;
                    cmd.ExecuteNonQuery();
                }
            }
            finally
            {
                foreach (var cmd in prepared.Values) await cmd.DisposeAsync();
            }
        }
    }
}
