using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;

namespace Rolodesk.Server.Features.ContactFields.Values;

/// <summary>
/// Keeps <c>HiddenFieldValues</c> (ADR 0012): every change that can leave a user's index rows for a
/// field that is no longer on their card marks the field, in the same transaction, so that filters
/// probe group membership only for marked fields. Membership changes mark exactly (the fields of
/// which the changed users now hold such rows); audience changes, moves and deleted user groups mark
/// every field they touch, without looking at rows (administrators' changes: cheap, and rare).
/// </summary>
public static class HiddenValues
{
    /// <summary>
    /// Marks the fields of which a user in <paramref name="userIds"/> (an SQL list or subquery) holds an index row
    /// although the field's group is tied to none of the user's groups. Run after their memberships changed.
    /// </summary>
    public static string MarkUsersSql(string userIds) => $"""
        INSERT INTO "HiddenFieldValues" ("FieldId")
        SELECT DISTINCT i."FieldId" FROM "CustomFieldIndex" i
        WHERE i."EntityKind" = 0 AND i."EntityId" IN ({userIds})
          AND NOT EXISTS (
            SELECT 1 FROM "CustomFields" f
            JOIN "FieldGroupUserGroups" a ON a."FieldGroupId" = f."FieldGroupId"
            JOIN "UserGroupMembers" m ON m."UserGroupId" = a."UserGroupId" AND m."UserId" = i."EntityId"
            WHERE f."Id" = i."FieldId")
        ON CONFLICT DO NOTHING
        """;

    /// <summary>After a user left one of their groups: marks exactly (the fields of which they now hold a row off their card).</summary>
    public static Task UserLeftAsync(RolodeskDbContext db, int userId, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync(MarkUsersSql("{0}"), [userId], ct);

    /// <summary>Before a users field group's audience loses a group: marks all its fields.</summary>
    public static Task AudienceShrinksAsync(RolodeskDbContext db, int fieldGroupId, CancellationToken ct) =>
        MarkFieldsAsync(db, """f."FieldGroupId" = {0}""", fieldGroupId, ct);

    /// <summary>Before a user group is deleted: marks every field of the field groups tied to it.</summary>
    public static Task UserGroupGoesAsync(RolodeskDbContext db, int userGroupId, CancellationToken ct) =>
        MarkFieldsAsync(db, """f."FieldGroupId" IN (SELECT a."FieldGroupId" FROM "FieldGroupUserGroups" a WHERE a."UserGroupId" = {0})""", userGroupId, ct);

    /// <summary>A field moved to another group: marks it (its values stay; the new group may be tied to other user groups).</summary>
    public static Task FieldMovesAsync(RolodeskDbContext db, int fieldId, CancellationToken ct) =>
        MarkFieldsAsync(db, """f."Id" = {0}""", fieldId, ct);

    /// <summary>
    /// Marks the fields <paramref name="where"/> selects (a constant condition over <c>CustomFields f</c>; the id goes in
    /// as the parameter <c>{0}</c>), without looking at rows.
    /// </summary>
    private static Task MarkFieldsAsync(RolodeskDbContext db, string where, int id, CancellationToken ct)
    {
        var sql = """INSERT INTO "HiddenFieldValues" ("FieldId") SELECT f."Id" FROM "CustomFields" f WHERE """ + where + " ON CONFLICT DO NOTHING";
        return db.Database.ExecuteSqlRawAsync(sql, [id], ct);
    }
}
