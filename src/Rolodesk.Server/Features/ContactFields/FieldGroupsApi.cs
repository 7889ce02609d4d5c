using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.ContactFields;

/// <summary>
/// /api/v1/field-groups. Definitions are read by whoever sees contacts (agents render cards with
/// them) or manages fields; every write needs contact-fields.manage and goes through <see cref="FieldGroupWriter"/>.
/// </summary>
public static class FieldGroupsApi
{
    public static RouteGroupBuilder MapFieldGroupsApi(this RouteGroupBuilder api)
    {
        var groups = api.MapGroup("/field-groups").WithTags("Field groups");
        groups.MapGet("/", List).RequireAnyPermission(Permissions.ContactFieldsManage, Permissions.ContactsView)
            .WithSummary("Field groups in order, by target; archived ones only when asked");
        groups.MapGet("/{id:int}", Get).RequireAnyPermission(Permissions.ContactFieldsManage, Permissions.ContactsView)
            .WithSummary("A field group with its fields in order");
        groups.MapPost("/", Create).RequirePermission(Permissions.ContactFieldsManage);
        groups.MapPut("/order", Reorder).RequirePermission(Permissions.ContactFieldsManage)
            .WithSummary("Reorders a target's live field groups: ids must list each of them once");
        groups.MapPut("/{id:int}", Update).RequirePermission(Permissions.ContactFieldsManage)
            .WithSummary("Renames a group and sets the user groups it applies to; the target is immutable");
        groups.MapPost("/{id:int}/archive", Archive).RequirePermission(Permissions.ContactFieldsManage)
            .WithSummary("Deletes a group reversibly: it and its fields leave the cards until restored");
        groups.MapPost("/{id:int}/restore", Restore).RequirePermission(Permissions.ContactFieldsManage);
        groups.MapDelete("/{id:int}", Purge).RequirePermission(Permissions.ContactFieldsManage)
            .WithSummary("Purges an archived group and its fields for good; ?confirm= must repeat the group's name");
        return api;
    }

    private static async Task<Results<Ok<List<FieldGroupResponse>>, ValidationProblem>> List(
        RolodeskDbContext db, string? target, bool? includeArchived, CancellationToken ct)
    {
        var q = db.GroupsWithAudience().AsNoTracking();
        if (target is not null)
        {
            if (FieldRules.ParseTarget(target) is not { } t) return new ValidationErrors().Add("target", FieldRules.TargetMessage).ToProblem();
            q = q.Where(g => g.Target == t);
        }
        if (includeArchived != true) q = q.Where(g => g.ArchivedAt == null);
        var groups = await q.InOrder().ToListAsync(ct);
        return TypedResults.Ok(groups.Select(g => g.ToResponse()).ToList());
    }

    private static async Task<Results<Ok<FieldGroupDetail>, ProblemHttpResult>> Get(
        int id, bool? includeArchived, RolodeskDbContext db, UserAccess actor, CancellationToken ct) =>
        await db.GetGroupDetailAsync(id, includeArchived == true, actor, ct) is { } g ? TypedResults.Ok(g) : Problems.NotFound("Field group", id);

    private static async Task<Results<Created<FieldGroupResponse>, ValidationProblem, ProblemHttpResult>> Create(
        FieldGroupRequest body, FieldGroupWriter writer, UserAccess actor, CancellationToken ct) =>
        ApiResults.Created(await writer.CreateAsync(body, actor, ct), g => $"/api/v1/field-groups/{g.Id}");

    private static async Task<Results<Ok<FieldGroupResponse>, ValidationProblem, ProblemHttpResult>> Update(
        int id, FieldGroupRequest body, FieldGroupWriter writer, UserAccess actor, CancellationToken ct) =>
        ApiResults.Ok(await writer.UpdateAsync(id, body, actor, ct));

    private static async Task<Results<Ok<FieldGroupResponse>, ValidationProblem, ProblemHttpResult>> Archive(
        int id, FieldGroupWriter writer, UserAccess actor, CancellationToken ct) =>
        ApiResults.Ok(await writer.ArchiveAsync(id, actor, ct));

    private static async Task<Results<Ok<FieldGroupResponse>, ValidationProblem, ProblemHttpResult>> Restore(
        int id, FieldGroupWriter writer, UserAccess actor, CancellationToken ct) =>
        ApiResults.Ok(await writer.RestoreAsync(id, actor, ct));

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Purge(
        int id, string? confirm, FieldGroupWriter writer, UserAccess actor, CancellationToken ct) =>
        ApiResults.NoContent(await writer.PurgeAsync(id, confirm, actor, ct));

    private static async Task<Results<Ok<List<FieldGroupResponse>>, ValidationProblem, ProblemHttpResult>> Reorder(
        GroupOrderRequest body, FieldGroupWriter writer, UserAccess actor, CancellationToken ct) =>
        ApiResults.Ok(await writer.ReorderAsync(body, actor, ct));
}
