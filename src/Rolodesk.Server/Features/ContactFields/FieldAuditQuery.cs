using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.ContactFields;

/// <summary>The audit log of definition changes, newest first; read by the API and the Contact fields page alike.</summary>
public static class FieldAuditQuery
{
    /// <summary>One page; <paramref name="entity"/> and <paramref name="page"/> are assumed valid (see the API's checks).</summary>
    public static async Task<Page<ContactFieldAuditResponse>> AuditPageAsync(
        this RolodeskDbContext db, string? entity, int? entityId, int page, int pageSize, CancellationToken ct)
    {
        var q = db.ContactFieldAudit.AsNoTracking();
        if (entity is not null) q = q.Where(a => a.Entity == entity);
        if (entityId is { } id) q = q.Where(a => a.EntityId == id);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(a => a.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(a => new { a, ActorName = db.Users.Where(u => u.Id == a.ActorUserId).Select(u => u.Name).FirstOrDefault() })
            .ToListAsync(ct);
        var items = rows.Select(r => new ContactFieldAuditResponse(r.a.Id, r.a.At, r.a.ActorUserId, r.ActorName, r.a.Entity, r.a.EntityId,
            r.a.Action, Parse(r.a.Before), Parse(r.a.After))).ToList();
        return new Page<ContactFieldAuditResponse>(items, page, pageSize, total);
    }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonSerializer.Deserialize<JsonElement>(json);
}
