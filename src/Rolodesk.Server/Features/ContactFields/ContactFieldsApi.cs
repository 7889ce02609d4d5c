using Microsoft.AspNetCore.Http.HttpResults;
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

        return TypedResults.Ok(await db.AuditPageAsync(entity, entityId, page ?? 1, pageSize ?? Paging.DefaultPageSize, ct));
    }
}
