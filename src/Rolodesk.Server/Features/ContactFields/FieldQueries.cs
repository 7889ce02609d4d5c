using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.Access;

namespace Rolodesk.Server.Features.ContactFields;

/// <summary>Reads of definitions and their API shapes. Definitions are few, so they are shaped in memory.</summary>
public static class FieldQueries
{
    public static IQueryable<FieldGroup> GroupsWithAudience(this RolodeskDbContext db) =>
        db.FieldGroups.Include(g => g.UserGroups);

    public static IQueryable<CustomField> FieldsWithAccess(this RolodeskDbContext db) =>
        db.CustomFields.Include(f => f.Access);

    /// <summary>Fields that can appear on cards: neither they nor their group are archived.</summary>
    public static IQueryable<CustomField> Live(this IQueryable<CustomField> q) =>
        q.Where(f => f.ArchivedAt == null && f.FieldGroup.ArchivedAt == null);

    /// <summary>
    /// Definitions the actor may read: every one for those who manage fields, otherwise only fields
    /// one of their groups may at least display (a hidden field's name and default stay hidden too).
    /// </summary>
    public static IQueryable<CustomField> VisibleTo(this IQueryable<CustomField> q, UserAccess? actor)
    {
        if (actor is null || actor.Has(Permissions.ContactFieldsManage)) return q;
        var groups = actor.GroupIds.ToList();
        return q.Where(f => f.Access.Any(a => groups.Contains(a.UserGroupId)));
    }

    public static IOrderedQueryable<FieldGroup> InOrder(this IQueryable<FieldGroup> q) =>
        q.OrderBy(g => g.Target).ThenBy(g => g.Position).ThenBy(g => g.Id);

    public static IOrderedQueryable<CustomField> InOrder(this IQueryable<CustomField> q) =>
        q.OrderBy(f => f.FieldGroup.Target).ThenBy(f => f.FieldGroup.Position).ThenBy(f => f.FieldGroupId)
            .ThenBy(f => f.Position).ThenBy(f => f.Id);

    public static FieldGroupResponse ToResponse(this FieldGroup g) =>
        new(g.Id, g.Name, FieldRules.TargetName(g.Target), g.Position, [.. g.UserGroups.Select(u => u.Id).Order()],
            g.ArchivedAt, g.CreatedAt, g.UpdatedAt);

    public static FieldGroupDetail ToDetail(this FieldGroup g, IEnumerable<CustomField> fields) =>
        new(g.Id, g.Name, FieldRules.TargetName(g.Target), g.Position, [.. g.UserGroups.Select(u => u.Id).Order()],
            g.ArchivedAt, g.CreatedAt, g.UpdatedAt, [.. fields.Select(f => f.ToResponse())]);

    public static FieldResponse ToResponse(this CustomField f) =>
        new(f.Id, f.Key, f.Name, FieldRules.TargetName(f.Target), f.FieldGroupId, f.Position, f.Type,
            Parse(f.Settings), f.DefaultValue is null ? null : Parse(f.DefaultValue),
            [.. f.Access.OrderBy(a => a.UserGroupId).Select(a => new FieldAccessResponse(a.UserGroupId, FieldRules.LevelName(a.Level)))],
            f.ArchivedAt, f.CreatedAt, f.UpdatedAt);

    /// <summary>A group with its fields; with <paramref name="actor"/>, only the fields they may read (<see cref="VisibleTo"/>).</summary>
    public static async Task<FieldGroupDetail?> GetGroupDetailAsync(
        this RolodeskDbContext db, int id, bool includeArchived, UserAccess? actor, CancellationToken ct)
    {
        var group = await db.GroupsWithAudience().AsNoTracking().SingleOrDefaultAsync(g => g.Id == id, ct);
        if (group is null) return null;
        var fields = await db.FieldsWithAccess().AsNoTracking().VisibleTo(actor)
            .Where(f => f.FieldGroupId == id && (includeArchived || f.ArchivedAt == null))
            .OrderBy(f => f.Position).ThenBy(f => f.Id).ToListAsync(ct);
        return group.ToDetail(fields);
    }

    private static JsonElement Parse(string json) => JsonSerializer.Deserialize<JsonElement>(json);
}
