namespace Rolodesk.Server.Features.Contacts.Transfer;

/// <summary>
/// The statements of <see cref="SqliteImportWriter"/> and their positional values ($p0, $p1, …).
/// New cards get explicit ids (drawn under the write lock, as AUTOINCREMENT would give them), so
/// memberships and index rows can be bound without reading anything back.
/// </summary>
internal static class SqliteImportSql
{
    /// <summary>A single-row insert with numbered placeholders, the binding of one new card (id, row, now), and the update of a known one.</summary>
    public sealed record Statements(string Insert, Action<SqliteRawInsert, ImportRow, int, long> Bind, string Update);

    // The columns Identity and UserWriter fill: normalised email/user name (Identity's upper-invariant
    // normaliser), stamps, lockout on (as AllowedForNewUsers), instants as unix milliseconds.
    public static readonly Statements Users = new("""
        INSERT INTO "Users" ("Id", "Name", "NormalizedName", "Email", "NormalizedEmail", "UserName", "NormalizedUserName",
            "Phone", "NormalizedPhone", "CompanyId", "CustomFields", "ConcurrencyStamp", "CreatedAt", "UpdatedAt",
            "SecurityStamp", "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount")
        VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12, 0, 0, 0, 1, 0)
        """,
        (insert, row, id, now) => insert.Int(id).Text(row.Name).Text(row.NormalizedName).Text(row.Email).Text(row.NormalizedEmail)
            .Text(row.Phone).Text(row.NormalizedPhone).Int(row.CompanyId).Text(row.Document).Text(Guid.NewGuid().ToString()).Int(now)
            .Text(Guid.NewGuid().ToString("N")).Step(), """
        UPDATE "Users" SET "Name" = $p1, "NormalizedName" = $p2, "Phone" = $p3, "NormalizedPhone" = $p4,
            "CompanyId" = $p5, "CustomFields" = $p6, "ConcurrencyStamp" = $p7, "UpdatedAt" = $p8
        WHERE "Id" = $p0
        """);

    public static readonly Statements Companies = new("""
        INSERT INTO "Companies" ("Id", "Name", "NormalizedName", "CustomFields", "CreatedAt", "UpdatedAt") VALUES (?1, ?2, ?3, ?4, ?5, ?5)
        """,
        (insert, row, id, now) => insert.Int(id).Text(row.Name).Text(row.NormalizedName).Text(row.Document).Int(now).Step(), """
        UPDATE "Companies" SET "Name" = $p1, "NormalizedName" = $p2, "CustomFields" = $p3, "UpdatedAt" = $p4
        WHERE "Id" = $p0
        """);

    /// <summary>The id AUTOINCREMENT would give next: above every id ever used (sqlite_sequence) and every id present.</summary>
    public static string NextId(string table) => $"""
        SELECT max(coalesce((SELECT "seq" FROM sqlite_sequence WHERE "name" = '{table}'), 0), coalesce((SELECT max("Id") FROM "{table}"), 0)) + 1
        """;

    public const string AddMembers = """INSERT INTO "UserGroupMembers" ("UserGroupId", "UserId") VALUES (?1, ?2)""";
    public const string ClearMembers = """DELETE FROM "UserGroupMembers" WHERE "UserId" = $p0""";
    public const string AddIndex = """INSERT INTO "CustomFieldIndex" ("EntityKind", "EntityId", "FieldId", "Seq", "Text", "Number", "Date", "SortKey") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)""";
    public const string ClearIndex = """DELETE FROM "CustomFieldIndex" WHERE "EntityKind" = $p0 AND "EntityId" = $p1 AND "FieldId" = $p2""";

    /// <summary>An updated card's other text rows take its (maybe new) sort name (ADR 0010); a seek of the key, no write if it is unchanged.</summary>
    public const string SortIndex = """
        UPDATE "CustomFieldIndex" SET "SortKey" = $p2 WHERE "EntityKind" = $p0 AND "EntityId" = $p1 AND "Text" IS NOT NULL AND "SortKey" IS NOT $p2
        """;

    // The default page cache (2 MiB) is far smaller than the index B-trees a large import touches at
    // random places; a bigger cache for this connection's transaction saves most of the page reads.
    public const string BigCache = "PRAGMA cache_size = -262144";
    public const string DefaultCache = "PRAGMA cache_size = -2000";

    // The commit only appends the import's pages to the WAL; the checkpoint that copies them into
    // the database file runs after the job shows as completed (SqliteImportWriter.AfterCommitAsync).
    public const string NoAutoCheckpoint = "PRAGMA wal_autocheckpoint = 0";
    public const string Checkpoint = "PRAGMA wal_checkpoint(PASSIVE)";
    public const string DefaultAutoCheckpoint = "PRAGMA wal_autocheckpoint = 1000";

    public static object?[] UserUpdateValues(ImportRow row, long nowMs) =>
        [row.ExistingId, row.Name, row.NormalizedName, row.Phone, row.NormalizedPhone, row.CompanyId, row.Document, Guid.NewGuid().ToString(), nowMs];

    public static object?[] CompanyUpdateValues(ImportRow row, long nowMs) =>
        [row.ExistingId, row.Name, row.NormalizedName, row.Document, nowMs];
}
