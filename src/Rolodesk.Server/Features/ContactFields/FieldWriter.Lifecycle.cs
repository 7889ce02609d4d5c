using Microsoft.EntityFrameworkCore;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.ContactFields;

// Archive, restore, purge and reorder: deleting a field is reversible until a confirmed purge.
public sealed partial class FieldWriter
{
    public async Task<WriteResult<FieldResponse>> ArchiveAsync(int id, UserAccess actor, CancellationToken ct)
    {
        var field = await db.FieldsWithAccess().SingleOrDefaultAsync(f => f.Id == id, ct);
        if (field is null) return Problems.NotFound("Custom field", id);
        if (field.ArchivedAt is not null) return new(field.ToResponse());
        var before = field.ToResponse();
        field.ArchivedAt = time.GetUtcNow();
        return await SaveAsync(field, "archived", before, actor, ct);
    }

    public async Task<WriteResult<FieldResponse>> RestoreAsync(int id, UserAccess actor, CancellationToken ct)
    {
        var field = await db.FieldsWithAccess().Include(f => f.FieldGroup).SingleOrDefaultAsync(f => f.Id == id, ct);
        if (field is null) return Problems.NotFound("Custom field", id);
        if (field.ArchivedAt is null) return new(field.ToResponse());
        if (field.FieldGroup.ArchivedAt is not null)
            return Problems.Conflict("The field's group is archived.", $"Restore the field group '{field.FieldGroup.Name}' first, or move the field to a live group.");
        var before = field.ToResponse();
        field.ArchivedAt = null;
        await PlaceAsync(field, field.FieldGroup, ct);
        return await SaveAsync(field, "restored", before, actor, ct);
    }

    /// <summary>Removes an archived field for good; <paramref name="confirm"/> must repeat its key.</summary>
    public async Task<WriteResult<bool>> PurgeAsync(int id, string? confirm, UserAccess actor, CancellationToken ct)
    {
        var field = await db.FieldsWithAccess().SingleOrDefaultAsync(f => f.Id == id, ct);
        if (field is null) return Problems.NotFound("Custom field", id);
        if (field.ArchivedAt is null)
            return Problems.Conflict("Only an archived field can be purged.", "Archive it first; archiving is reversible, purging is not.");
        if (!string.Equals(confirm, field.Key, StringComparison.Ordinal))
            return new ValidationErrors().Add("confirm", $"Repeat the field's key ('{field.Key}') to confirm the purge of the field and all its values.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await Values.FieldValues.PurgeAsync(db, field, ct);
        FieldAudit.Add(db, actor.UserId, time.GetUtcNow(), FieldAudit.Field, id, "purged", field.ToResponse(), null);
        db.CustomFields.Remove(field);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(true);
    }

    public async Task<WriteResult<List<FieldResponse>>> ReorderAsync(FieldOrderRequest body, UserAccess actor, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (body.FieldGroupId is null) errors.Add("fieldGroupId", "Required.");
        else if (!await db.FieldGroups.AnyAsync(g => g.Id == body.FieldGroupId, ct))
            errors.Add("fieldGroupId", $"There is no field group with id {body.FieldGroupId}.");
        if (body.Ids is null) errors.Add("ids", "Required: the ids of the group's live fields in their new order.");
        if (errors.Any) return errors;

        var fields = await db.FieldsWithAccess().Where(f => f.FieldGroupId == body.FieldGroupId && f.ArchivedAt == null).ToListAsync(ct);
        if (!Ordering.IsPermutation(body.Ids!, fields.Select(f => f.Id)))
            return errors.Add("ids", $"Must list each live field of the group exactly once: {string.Join(", ", fields.Select(f => f.Id).Order())}.");

        var before = fields.OrderBy(f => f.Position).ThenBy(f => f.Id).Select(f => f.Id).ToList();
        var byId = fields.ToDictionary(f => f.Id);
        for (var i = 0; i < body.Ids!.Count; i++)
        {
            var f = byId[body.Ids[i]];
            if (f.Position == i) continue;
            f.Position = i;
            f.Version = Guid.NewGuid();
        }
        FieldAudit.Add(db, actor.UserId, time.GetUtcNow(), FieldAudit.Field, null, "reordered",
            new { fieldGroupId = body.FieldGroupId, ids = before }, new { fieldGroupId = body.FieldGroupId, ids = body.Ids });
        await db.SaveChangesAsync(ct);
        return new(fields.OrderBy(f => f.Position).Select(f => f.ToResponse()).ToList());
    }
}
