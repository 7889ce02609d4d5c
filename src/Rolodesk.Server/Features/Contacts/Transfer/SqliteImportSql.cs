namespace Rolodesk.Server.Features.Contacts.Transfer;

/// <summary>
/// The statements of <see cref="SqliteImportWriter"/> and their positional values ($p0, $p1, …).
/// </summary>
internal static class SqliteImportSql
{
    public sealed record Statements(string Insert, string Update);

    // The columns Identity and UserWriter fill: normalised email/user name (Identity's upper-invariant
    // normaliser), stamps, lockout on (as AllowedForNewUsers), instants as unix milliseconds.
    public static readonly Statements Users = new("""
        INSERT INTO "Users" ("Name", "NormalizedName", "Email", "NormalizedEmail", "UserName", "NormalizedUserName",
            "Phone", "NormalizedPhone", "CompanyId", "CustomFields", "ConcurrencyStamp", "CreatedAt", "UpdatedAt",
            "SecurityStamp", "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount")
        VALUES ($p0, $p1, $p2, $p3, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p9, $p10, 0, 0, 0, 1, 0)
        RETURNING "Id"
        """, """
        UPDATE "Users" SET "Name" = $p1, "NormalizedName" = $p2, "Phone" = $p3, "NormalizedPhone" = $p4,
            "CompanyId" = $p5, "CustomFields" = $p6, "ConcurrencyStamp" = $p7, "UpdatedAt" = $p8
        WHERE "Id" = $p0
        """);

    public static readonly Statements Companies = new("""
        INSERT INTO "Companies" ("Name", "NormalizedName", "CustomFields", "CreatedAt", "UpdatedAt")
        VALUES ($p0, $p1, $p2, $p3, $p3)
        RETURNING "Id"
        """, """
        UPDATE "Companies" SET "Name" = $p1, "NormalizedName" = $p2, "CustomFields" = $p3, "UpdatedAt" = $p4
        WHERE "Id" = $p0
        """);

    public const string AddMember = """INSERT INTO "UserGroupMembers" ("UserGroupId", "UserId") VALUES ($p0, $p1)""";
    public const string ClearMembers = """DELETE FROM "UserGroupMembers" WHERE "UserId" = $p0""";
    public const string AddIndex = """
        INSERT INTO "CustomFieldIndex" ("EntityKind", "EntityId", "FieldId", "Text", "Number", "Date")
        VALUES ($p0, $p1, $p2, $p3, $p4, $p5)
        """;
    public const string ClearIndex = """DELETE FROM "CustomFieldIndex" WHERE "EntityKind" = $p0 AND "EntityId" = $p1 AND "FieldId" = $p2""";

    // The default page cache (2 MiB) is far smaller than the index B-trees a large import touches at
    // random places; a bigger cache for this connection's transaction saves most of the page reads.
    public const string BigCache = "PRAGMA cache_size = -262144";
    public const string DefaultCache = "PRAGMA cache_size = -2000";

    public static object?[] UserValues(ImportRow row, long nowMs) =>
        [row.Name, row.Name.ToUpperInvariant(), row.Email, row.NormalizedEmail, row.Phone, row.NormalizedPhone,
            row.CompanyId, row.Document, Guid.NewGuid().ToString(), nowMs, Guid.NewGuid().ToString("N")];

    public static object?[] UserUpdateValues(ImportRow row, long nowMs) =>
        [row.ExistingId, row.Name, row.Name.ToUpperInvariant(), row.Phone, row.NormalizedPhone, row.CompanyId, row.Document, Guid.NewGuid().ToString(), nowMs];

    public static object?[] CompanyValues(ImportRow row, long nowMs) =>
        [row.Name, row.Name.ToUpperInvariant(), row.Document, nowMs];

    public static object?[] CompanyUpdateValues(ImportRow row, long nowMs) =>
        [row.ExistingId, row.Name, row.Name.ToUpperInvariant(), row.Document, nowMs];
}
