using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.ContactFields;

// The pieces of a definition: its field group, its access list, and applying a validated definition.
public sealed partial class FieldWriter
{
    private async Task<FieldGroup?> GroupAsync(int? id, CustomField? existing, ValidationErrors errors, CancellationToken ct)
    {
        if (id is null)
        {
            errors.Add("fieldGroupId", "Required.");
            return null;
        }
        var group = await db.FieldGroups.SingleOrDefaultAsync(g => g.Id == id, ct);
        if (group is null) errors.Add("fieldGroupId", $"There is no field group with id {id}.");
        else if (existing is not null && group.Target != existing.Target)
            errors.Add("fieldGroupId", $"A field moves only between {FieldRules.TargetName(existing.Target)} field groups: its key is unique per target.");
        else if (group.ArchivedAt is not null && group.Id != existing?.FieldGroupId)
            errors.Add("fieldGroupId", $"The field group '{group.Name}' is archived; restore it first.");
        else return group;
        return null;
    }

    private async Task<List<CustomFieldAccess>?> AccessAsync(List<FieldAccessEntry>? entries, ValidationErrors errors, CancellationToken ct)
    {
        if (entries is null) return null;
        var ids = entries.Select(e => e?.UserGroupId).OfType<int>().Distinct().ToList();
        var known = (await db.UserGroups.Where(g => ids.Contains(g.Id)).Select(g => g.Id).ToListAsync(ct)).ToHashSet();
        var seen = new HashSet<int>();
        var result = new List<CustomFieldAccess>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry?.UserGroupId is not { } groupId) errors.Add($"access[{i}].userGroupId", "Required.");
            else if (!known.Contains(groupId)) errors.Add($"access[{i}].userGroupId", $"There is no user group with id {groupId}.");
            else if (!seen.Add(groupId))
                errors.Add($"access[{i}].userGroupId", "Listed twice: give each user group one level (edit implies display, mandatory implies edit).");
            var level = FieldRules.ParseLevel(entry?.Level);
            if (level is null) errors.Add($"access[{i}].level", "Must be 'display', 'edit' or 'mandatory'.");
            if (entry?.UserGroupId is { } g && level is { } l) result.Add(new CustomFieldAccess { UserGroupId = g, Level = l });
        }
        return result;
    }

    /// <summary>Puts the field last in <paramref name="group"/>.</summary>
    private async Task PlaceAsync(CustomField field, FieldGroup group, CancellationToken ct)
    {
        var last = await db.CustomFields.Where(f => f.FieldGroupId == group.Id && f.ArchivedAt == null).MaxAsync(f => (int?)f.Position, ct);
        field.FieldGroupId = group.Id;
        field.FieldGroup = group;
        field.Target = group.Target;
        field.Position = (last ?? -1) + 1;
    }

    private static void Apply(CustomField field, Definition d, DateTimeOffset now)
    {
        field.Name = d.Name;
        field.Type = d.Type;
        field.Settings = d.Settings;
        field.DefaultValue = d.DefaultValue;
        field.UpdatedAt = now;
        if (d.Access is null) return;
        // Updated in place: removing and re-adding a row with the same key in one save is a conflict for the change tracker.
        field.Access.RemoveAll(a => d.Access.All(n => n.UserGroupId != a.UserGroupId));
        foreach (var entry in d.Access)
        {
            if (field.Access.Find(a => a.UserGroupId == entry.UserGroupId) is { } current) current.Level = entry.Level;
            else field.Access.Add(entry);
        }
    }

    private async Task<WriteResult<FieldResponse>> SaveAsync(CustomField field, string action, FieldResponse before, UserAccess actor, CancellationToken ct)
    {
        field.UpdatedAt = time.GetUtcNow();
        field.Version = Guid.NewGuid();
        var after = field.ToResponse();
        FieldAudit.Add(db, actor.UserId, field.UpdatedAt, FieldAudit.Field, field.Id, action, before, after);
        await db.SaveChangesAsync(ct);
        return new(after);
    }

    private static JsonElement Parse(string json) => JsonSerializer.Deserialize<JsonElement>(json);
}
