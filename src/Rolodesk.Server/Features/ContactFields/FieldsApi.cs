using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.ContactFields;

/// <summary>/api/v1/fields: custom field definitions. Reads as for field groups; writes through <see cref="FieldWriter"/>.</summary>
public static class FieldsApi
{
    public static RouteGroupBuilder MapFieldsApi(this RouteGroupBuilder api)
    {
        var fields = api.MapGroup("/fields").WithTags("Custom fields");
        fields.MapGet("/", List).RequireAnyPermission(Permissions.ContactFieldsManage, Permissions.ContactsView)
            .WithSummary("Custom fields in card order (group, then field); archived ones only when asked");
        fields.MapGet("/{id:int}", Get).RequireAnyPermission(Permissions.ContactFieldsManage, Permissions.ContactsView);
        fields.MapGet("/key-proposal", ProposeKey).RequirePermission(Permissions.ContactFieldsManage)
            .WithSummary("The key a new field with this name would get (?name=&target=)");
        fields.MapPost("/", Create).RequirePermission(Permissions.ContactFieldsManage)
            .WithSummary("Creates a field; without a key, one is proposed from the name");
        fields.MapPut("/order", Reorder).RequirePermission(Permissions.ContactFieldsManage)
            .WithSummary("Reorders a field group's live fields: ids must list each of them once");
        fields.MapPut("/{id:int}", Update).RequirePermission(Permissions.ContactFieldsManage)
            .WithSummary("Changes a field; absent properties stay as they are, the key is immutable, a new fieldGroupId moves it");
        fields.MapPost("/{id:int}/archive", Archive).RequirePermission(Permissions.ContactFieldsManage);
        fields.MapPost("/{id:int}/restore", Restore).RequirePermission(Permissions.ContactFieldsManage);
        fields.MapDelete("/{id:int}", Purge).RequirePermission(Permissions.ContactFieldsManage)
            .WithSummary("Purges an archived field and its values; ?confirm= must repeat the field's key");
        return api;
    }

    private static async Task<Results<Ok<List<FieldResponse>>, ValidationProblem>> List(
        RolodeskDbContext db, UserAccess actor, string? target, int? fieldGroupId, bool? includeArchived, CancellationToken ct)
    {
        var q = db.FieldsWithAccess().AsNoTracking().VisibleTo(actor);
        if (target is not null)
        {
            if (FieldRules.ParseTarget(target) is not { } t) return new ValidationErrors().Add("target", FieldRules.TargetMessage).ToProblem();
            q = q.Where(f => f.Target == t);
        }
        if (fieldGroupId is { } g) q = q.Where(f => f.FieldGroupId == g);
        if (includeArchived != true) q = q.Live();
        var fields = await q.InOrder().ToListAsync(ct);
        return TypedResults.Ok(fields.Select(f => f.ToResponse()).ToList());
    }

    private static async Task<Results<Ok<FieldResponse>, ProblemHttpResult>> Get(int id, RolodeskDbContext db, UserAccess actor, CancellationToken ct) =>
        await db.FieldsWithAccess().AsNoTracking().VisibleTo(actor).SingleOrDefaultAsync(f => f.Id == id, ct) is { } f
            ? TypedResults.Ok(f.ToResponse())
            : Problems.NotFound("Custom field", id);

    private static async Task<Results<Ok<KeyProposal>, ValidationProblem>> ProposeKey(string? name, string? target, FieldWriter writer, CancellationToken ct)
    {
        if (FieldRules.ParseTarget(target) is not { } t) return new ValidationErrors().Add("target", FieldRules.TargetMessage).ToProblem();
        return TypedResults.Ok(new KeyProposal(await writer.ProposeKeyAsync(name, t, ct)));
    }

    private static async Task<Results<Created<FieldResponse>, ValidationProblem, ProblemHttpResult>> Create(
        FieldRequest body, FieldWriter writer, UserAccess actor, CancellationToken ct) =>
        ApiResults.Created(await writer.CreateAsync(body, actor, ct), f => $"/api/v1/fields/{f.Id}");

    private static async Task<Results<Ok<FieldResponse>, ValidationProblem, ProblemHttpResult>> Update(
        int id, FieldRequest body, FieldWriter writer, UserAccess actor, CancellationToken ct) =>
        ApiResults.Ok(await writer.UpdateAsync(id, body, actor, ct));

    private static async Task<Results<Ok<FieldResponse>, ValidationProblem, ProblemHttpResult>> Archive(
        int id, FieldWriter writer, UserAccess actor, CancellationToken ct) =>
        ApiResults.Ok(await writer.ArchiveAsync(id, actor, ct));

    private static async Task<Results<Ok<FieldResponse>, ValidationProblem, ProblemHttpResult>> Restore(
        int id, FieldWriter writer, UserAccess actor, CancellationToken ct) =>
        ApiResults.Ok(await writer.RestoreAsync(id, actor, ct));

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Purge(
        int id, string? confirm, FieldWriter writer, UserAccess actor, CancellationToken ct) =>
        ApiResults.NoContent(await writer.PurgeAsync(id, confirm, actor, ct));

    private static async Task<Results<Ok<List<FieldResponse>>, ValidationProblem, ProblemHttpResult>> Reorder(
        FieldOrderRequest body, FieldWriter writer, UserAccess actor, CancellationToken ct) =>
        ApiResults.Ok(await writer.ReorderAsync(body, actor, ct));
}
