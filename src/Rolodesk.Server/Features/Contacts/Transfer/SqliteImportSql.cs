namespace Rolodesk.Server.Features.Contacts.Transfer;

/// <summary>
/// The statements of <see cref="SqliteImportWriter"/> and their positional values ($p0, $p1, …).
/// New cards get explicit ids (drawn under the write lock, as AUTOINCREMENT would give them), so
/// they can go many to a statement: RETURNING does not promise the order of several rows.
/// </summary>
internal static class SqliteImportSql
{
    /// <summary>A multi-row insert: its head, parameters per row, one row's tuple from its first parameter, and the row's values.</summary>
    public sealed record Insert(string Into, int Width, Func<int, long, string> Row, Action<ImportRow, int, Span<object?>> Values);

    public sealed record Statements(Insert Insert, string Update);

    // The columns Identity and UserWriter fill: normalised email/user name (Identity's upper-invariant
    // normaliser), stamps, lockout on (as AllowedForNewUsers), instants as unix milliseconds.
    public static readonly Statements Users = new(new("""
        INSERT INTO "Users" ("Id", "Name", "NormalizedName", "Email", "NormalizedEmail", "UserName", "NormalizedUserName",
            "Phone", "NormalizedPhone", "CompanyId", "CustomFields", "ConcurrencyStamp", "CreatedAt", "UpdatedAt",
            "SecurityStamp", "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount")
        """, 11,
        (p, now) => $"($p{p}, $p{p + 1}, $p{p + 2}, $p{p + 3}, $p{p + 4}, $p{p + 3}, $p{p + 4}, $p{p + 5}, $p{p + 6}, $p{p + 7}, $p{p + 8}, $p{p + 9}, {now}, {now}, $p{p + 10}, 0, 0, 0, 1, 0)",
        (row, id, v) =>
        {
            v[0] = id; v[1] = row.Name; v[2] = row.Name.ToUpperInvariant(); v[3] = row.Email; v[4] = row.NormalizedEmail;
            v[5] = row.Phone; v[6] = row.NormalizedPhone; v[7] = row.CompanyId; v[8] = row.Document;
            v[9] = Guid.NewGuid().ToString(); v[10] = Guid.NewGuid().ToString("N");
        }), """
        UPDATE "Users" SET "Name" = $p1, "NormalizedName" = $p2, "Phone" = $p3, "NormalizedPhone" = $p4,
            "CompanyId" = $p5, "CustomFields" = $p6, "ConcurrencyStamp" = $p7, "UpdatedAt" = $p8
        WHERE "Id" = $p0
        """);

    public static readonly Statements Companies = new(new("""
        INSERT INTO "Companies" ("Id", "Name", "NormalizedName", "CustomFields", "CreatedAt", "UpdatedAt")
        """, 4,
        (p, now) => $"($p{p}, $p{p + 1}, $p{p + 2}, $p{p + 3}, {now}, {now})",
        (row, id, v) => { v[0] = id; v[1] = row.Name; v[2] = row.Name.ToUpperInvariant(); v[3] = row.Document; }), """
        UPDATE "Companies" SET "Name" = $p1, "NormalizedName" = $p2, "CustomFields" = $p3, "UpdatedAt" = $p4
        WHERE "Id" = $p0
        """);

    /// <summary>The id AUTOINCREMENT would give next: above every id ever used (sqlite_sequence) and every id present.</summary>
    public static string NextId(string table) => $"""
        SELECT max(coalesce((SELECT "seq" FROM sqlite_sequence WHERE "name" = '{table}'), 0), coalesce((SELECT max("Id") FROM "{table}"), 0)) + 1
        """;

    public const string AddMembers = """INSERT INTO "UserGroupMembers" ("UserGroupId", "UserId")""";
    public const string ClearMembers = """DELETE FROM "UserGroupMembers" WHERE "UserId" = $p0""";
    public const string AddIndex = """INSERT INTO "CustomFieldIndex" ("EntityKind", "EntityId", "FieldId", "Text", "Number", "Date")""";
    public const string ClearIndex = """DELETE FROM "CustomFieldIndex" WHERE "EntityKind" = $p0 AND "EntityId" = $p1 AND "FieldId" = $p2""";

    // The default page cache (2 MiB) is far smaller than the index B-trees a large import touches at
    // random places; a bigger cache for this connection's transaction saves most of the page reads.
    public const string BigCache = "PRAGMA cache_size = -262144";
    public const string DefaultCache = "PRAGMA cache_size = -2000";

    public static object?[] UserUpdateValues(ImportRow row, long nowMs) =>
        [row.ExistingId, row.Name, row.Name.ToUpperInvariant(), row.Phone, row.NormalizedPhone, row.CompanyId, row.Document, Guid.NewGuid().ToString(), nowMs];

    public static object?[] CompanyUpdateValues(ImportRow row, long nowMs) =>
        [row.ExistingId, row.Name, row.Name.ToUpperInvariant(), row.Document, nowMs];
}
