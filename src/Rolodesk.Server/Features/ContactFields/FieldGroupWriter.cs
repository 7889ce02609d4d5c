using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Access;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.ContactFields;

/// <summary>
/// Every write to a field group, for the API and the Contact fields page alike. Each change is
/// saved together with its audit row. Deleting is two steps: archive (restorable), then a purge
/// confirmed by the group's name, which removes its fields as well.
/// </summary>
public sealed class FieldGroupWriter(RolodeskDbContext db, TimeProvider time)
{
    public async Task<WriteResult<FieldGroupResponse>> CreateAsync(FieldGroupRequest body, UserAccess actor, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var target = FieldRules.ParseTarget(body.Target);
        if (target is null) errors.Add("target", FieldRules.TargetMessage);
        var name = await NameAsync(body.Name, target, null, errors, ct);
        var audience = await AudienceAsync(body.UserGroupIds, target, errors, ct);
        if (errors.Any) return errors;

        var now = time.GetUtcNow();
        var position = await db.FieldGroups.Where(g => g.Target == target).MaxAsync(g => (int?)g.Position, ct) ?? -1;
        var group = new FieldGroup { Name = name!, Target = target!.Value, Position = position + 1, UserGroups = audience ?? [], CreatedAt = now, UpdatedAt = now };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.FieldGroups.Add(group);
        await db.SaveChangesAsync(ct);
        FieldAudit.Add(db, actor.UserId, now, FieldAudit.FieldGroup, group.Id, "created", null, group.ToResponse());
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(group.ToResponse());
    }

    /// <summary>Renames and changes the audience; the target is fixed (a body may repeat it, not change it).</summary>
    public async Task<WriteResult<FieldGroupResponse>> UpdateAsync(int id, FieldGroupRequest body, UserAccess actor, CancellationToken ct)
    {
        var group = await db.GroupsWithAudience().SingleOrDefaultAsync(g => g.Id == id, ct);
        if (group is null) return Problems.NotFound("Field group", id);
        var errors = new ValidationErrors();
        if (body.Target is not null && FieldRules.ParseTarget(body.Target) != group.Target)
            errors.Add("target", $"The target of a field group is immutable; this one is '{FieldRules.TargetName(group.Target)}'.");
        var name = await NameAsync(body.Name, group.Target, id, errors, ct);
        var audience = await AudienceAsync(body.UserGroupIds, group.Target, errors, ct);
        if (errors.Any) return errors;

        var before = group.ToResponse();
        group.Name = name!;
        // Before the smaller audience is saved: its fields' index rows may now lie outside it (ADR 0012).
        if (audience is not null && group.Target == FieldTarget.Users && group.UserGroups.Any(g => !audience.Any(a => a.Id == g.Id)))
            await Values.HiddenValues.AudienceShrinksAsync(db, group.Id, ct);
        if (audience is not null) group.UserGroups = audience;
        return await SaveAsync(group, "updated", before, actor, ct);
    }

    public async Task<WriteResult<FieldGroupResponse>> ArchiveAsync(int id, UserAccess actor, CancellationToken ct)
    {
        var group = await db.GroupsWithAudience().SingleOrDefaultAsync(g => g.Id == id, ct);
        if (group is null) return Problems.NotFound("Field group", id);
        if (group.ArchivedAt is not null) return new(group.ToResponse());
        var before = group.ToResponse();
        // Its fields keep their own archived state, so a restore brings back exactly what was live.
        group.ArchivedAt = time.GetUtcNow();
        return await SaveAsync(group, "archived", before, actor, ct);
    }

    public async Task<WriteResult<FieldGroupResponse>> RestoreAsync(int id, UserAccess actor, CancellationToken ct)
    {
        var group = await db.GroupsWithAudience().SingleOrDefaultAsync(g => g.Id == id, ct);
        if (group is null) return Problems.NotFound("Field group", id);
        if (group.ArchivedAt is null) return new(group.ToResponse());
        var before = group.ToResponse();
        group.ArchivedAt = null;
        group.Position = (await db.FieldGroups.Where(g => g.Target == group.Target && g.ArchivedAt == null).MaxAsync(g => (int?)g.Position, ct) ?? -1) + 1;
        return await SaveAsync(group, "restored", before, actor, ct);
    }

    /// <summary>Removes an archived group and its fields for good; <paramref name="confirm"/> must repeat its name.</summary>
    public async Task<WriteResult<bool>> PurgeAsync(int id, string? confirm, UserAccess actor, CancellationToken ct)
    {
        var group = await db.GroupsWithAudience().SingleOrDefaultAsync(g => g.Id == id, ct);
        if (group is null) return Problems.NotFound("Field group", id);
        if (group.ArchivedAt is null)
            return Problems.Conflict("Only an archived field group can be purged.", "Archive it first; archiving is reversible, purging is not.");
        if (!string.Equals(confirm, group.Name, StringComparison.Ordinal))
            return new ValidationErrors().Add("confirm", $"Repeat the group's name ('{group.Name}') to confirm the purge of the group and all its fields.");

        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var fields = await db.FieldsWithAccess().Where(f => f.FieldGroupId == id).ToListAsync(ct);
        foreach (var field in fields)
        {
            // The values go with their field: a key reused later must start empty.
            await Values.FieldValues.PurgeAsync(db, field, ct);
            FieldAudit.Add(db, actor.UserId, now, FieldAudit.Field, field.Id, "purged", field.ToResponse(), null);
        }
        FieldAudit.Add(db, actor.UserId, now, FieldAudit.FieldGroup, id, "purged", group.ToResponse(), null);
        db.CustomFields.RemoveRange(fields);
        db.FieldGroups.Remove(group);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(true);
    }

    public async Task<WriteResult<List<FieldGroupResponse>>> ReorderAsync(GroupOrderRequest body, UserAccess actor, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var target = FieldRules.ParseTarget(body.Target);
        if (target is null) errors.Add("target", FieldRules.TargetMessage);
        if (body.Ids is null) errors.Add("ids", "Required: the ids of the target's live field groups in their new order.");
        if (errors.Any) return errors;

        var groups = await db.GroupsWithAudience().Where(g => g.Target == target && g.ArchivedAt == null).ToListAsync(ct);
        if (!Ordering.IsPermutation(body.Ids!, groups.Select(g => g.Id)))
            return errors.Add("ids", $"Must list each live {FieldRules.TargetName(target!.Value)} field group exactly once: {string.Join(", ", groups.Select(g => g.Id).Order())}.");

        var before = groups.OrderBy(g => g.Position).ThenBy(g => g.Id).Select(g => g.Id).ToList();
        var byId = groups.ToDictionary(g => g.Id);
        for (var i = 0; i < body.Ids!.Count; i++)
        {
            var g = byId[body.Ids[i]];
            if (g.Position == i) continue;
            g.Position = i;
            g.Version = Guid.NewGuid();
        }
        var now = time.GetUtcNow();
        FieldAudit.Add(db, actor.UserId, now, FieldAudit.FieldGroup, null, "reordered",
            new { target = body.Target!.ToLowerInvariant(), ids = before }, new { target = body.Target.ToLowerInvariant(), ids = body.Ids });
        await db.SaveChangesAsync(ct);
        return new(groups.OrderBy(g => g.Position).Select(g => g.ToResponse()).ToList());
    }

    private async Task<WriteResult<FieldGroupResponse>> SaveAsync(FieldGroup group, string action, FieldGroupResponse before, UserAccess actor, CancellationToken ct)
    {
        group.UpdatedAt = time.GetUtcNow();
        group.Version = Guid.NewGuid();
        var after = group.ToResponse();
        FieldAudit.Add(db, actor.UserId, group.UpdatedAt, FieldAudit.FieldGroup, group.Id, action, before, after);
        await db.SaveChangesAsync(ct);
        return new(after);
    }

    /// <summary>Group names are unique per target (archived ones included, so a restore never clashes).</summary>
    private async Task<string?> NameAsync(string? raw, FieldTarget? target, int? exceptId, ValidationErrors errors, CancellationToken ct)
    {
        var name = FieldRules.Name(raw, errors);
        if (name is null || target is null) return name;
        var upper = name.ToUpperInvariant();
        if (await db.FieldGroups.AnyAsync(g => g.Target == target && g.Name.ToUpper() == upper && g.Id != exceptId, ct))
        {
            errors.Add("name", $"Another {FieldRules.TargetName(target.Value)} field group has this name.");
            return null;
        }
        return name;
    }

    private async Task<List<UserGroup>?> AudienceAsync(List<int>? ids, FieldTarget? target, ValidationErrors errors, CancellationToken ct)
    {
        if (ids is null) return null;
        if (target == FieldTarget.Companies && ids.Count > 0)
        {
            errors.Add("userGroupIds", "A companies field group applies to every company; only a users group names user groups.");
            return null;
        }
        var distinct = ids.Distinct().ToList();
        var found = await db.UserGroups.Where(g => distinct.Contains(g.Id)).ToListAsync(ct);
        for (var i = 0; i < ids.Count; i++)
            if (found.All(g => g.Id != ids[i])) errors.Add($"userGroupIds[{i}]", $"There is no user group with id {ids[i]}.");
        return found;
    }
}
