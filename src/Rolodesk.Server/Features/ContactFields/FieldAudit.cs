using System.Text.Json;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;

namespace Rolodesk.Server.Features.ContactFields;

/// <summary>
/// Adds audit rows to the context, to be saved with the change they describe (same
/// SaveChanges, or the same transaction), so a definition never changes without its row.
/// </summary>
public static class FieldAudit
{
    public const string FieldGroup = "field-group";
    public const string Field = "field";

    public static void Add(RolodeskDbContext db, int actorUserId, DateTimeOffset at, string entity, int? entityId, string action,
        object? before, object? after) =>
        db.ContactFieldAudit.Add(new ContactFieldAudit
        {
            At = at,
            ActorUserId = actorUserId,
            Entity = entity,
            EntityId = entityId,
            Action = action,
            Before = before is null ? null : JsonSerializer.Serialize(before, JsonSerializerOptions.Web),
            After = after is null ? null : JsonSerializer.Serialize(after, JsonSerializerOptions.Web),
        });
}
