using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.ContactFields;

/// <summary>The field type catalogue and the audit log of definition changes.</summary>
public static class ContactFieldsApi
{
    public static RouteGroupBuilder MapContactFieldsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/field-types", (FieldTypeRegistry types) => TypedResults.Ok(types.All.OrderBy(t => t.Key, StringComparer.Ordinal)
                .Select(t => new FieldTypeResponse(t.Key, t.DisplayName, t.SupportsDefault, t.FilterOperators)).ToList()))
            .RequireAnyPermission(Permissions.ContactFieldsManage, Permissions.ContactsView)
            .WithTags("Custom fields").WithSummary("The field types a custom field can have");
        api.MapGet("/contact-fields/audit", Audit).RequirePermission(Permissions.ContactFieldsManage)
            .WithTags("Custom fields").WithSummary("Every change to field groups and fields, newest first: who, when, before and after");
        return api;
    }

    private static async Task<Results<Ok<Page<ContactFieldAuditResponse>>, ValidationProblem>> Audit(
        RolodeskDbContext db, string? entity, int? entityId, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        Paging.Validate(page, pageSize, errors);
        if (entity is not null and not FieldAudit.Field and not FieldAudit.FieldGroup)
            errors.Add("entity", $"Must be '{FieldAudit.FieldGroup}' or '{FieldAudit.Field}'.");
        if (errors.Any) return errors.ToProblem();

        var q = db.ContactFieldAudit.AsNoTracking();
        if (entity is not null) q = q.Where(a => a.Entity == entity);
        if (entityId is { } id) q = q.Where(a => a.EntityId == id);
        var (p, size) = (page ?? 1, pageSize ?? Paging.DefaultPageSize);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(a => a.Id).Skip((p - 1) * size).Take(size)
            .Select(a => new { a, ActorName = db.Users.Where(u => u.Id == a.ActorUserId).Select(u => u.Name).FirstOrDefault() })
            .ToListAsync(ct);
        var items = rows.Select(r => new ContactFieldAuditResponse(r.a.Id, r.a.At, r.a.ActorUserId, r.ActorName, r.a.Entity, r.a.EntityId,
            r.a.Action, Parse(r.a.Before), Parse(r.a.After))).ToList();
        return TypedResults.Ok(new Page<ContactFieldAuditResponse>(items, p, size, total));
    }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonSerializer.Deserialize<JsonElement>(json);
}
