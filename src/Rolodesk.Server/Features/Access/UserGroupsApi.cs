using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Access;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Access;

public sealed record UserGroupResponse(int Id, string Name, string Kind, IReadOnlyList<string> Permissions, bool IsSystem, int MemberCount);
public sealed record UserGroupRequest(string? Name, string? Kind, List<string>? Permissions);

/// <summary>The user groups endpoints; every write goes through <see cref="UserGroupWriter"/>.</summary>
public static class UserGroupsApi
{
    public static RouteGroupBuilder MapUserGroupsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/permissions", () => TypedResults.Ok(Permissions.All))
            .RequireAuthorization().WithTags("User groups").WithSummary("The catalogue of access rights");

        var groups = api.MapGroup("/user-groups").WithTags("User groups");
        // Group names are staff knowledge: whoever sees contacts (their groups) or manages groups.
        groups.MapGet("/", List).RequireAnyPermission(Permissions.ContactsView, Permissions.UserGroupsManage);
        groups.MapGet("/{id:int}", Get).RequireAnyPermission(Permissions.ContactsView, Permissions.UserGroupsManage);
        groups.MapPost("/", Create).RequirePermission(Permissions.UserGroupsManage);
        groups.MapPut("/{id:int}", Update).RequirePermission(Permissions.UserGroupsManage);
        groups.MapDelete("/{id:int}", Delete).RequirePermission(Permissions.UserGroupsManage);
        return api;
    }

    private static async Task<Ok<List<UserGroupResponse>>> List(RolodeskDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await UserGroupWriter.Project(db.UserGroups.AsNoTracking()).ToListAsync(ct));

    private static async Task<Results<Ok<UserGroupResponse>, ProblemHttpResult>> Get(int id, RolodeskDbContext db, CancellationToken ct) =>
        await UserGroupWriter.Project(db.UserGroups.AsNoTracking().Where(g => g.Id == id)).SingleOrDefaultAsync(ct) is { } g
            ? TypedResults.Ok(g)
            : Problems.NotFound("User group", id);

    private static async Task<Results<Created<UserGroupResponse>, ValidationProblem, ProblemHttpResult>> Create(
        UserGroupRequest body, UserGroupWriter writer, CancellationToken ct)
    {
        var outcome = await writer.CreateAsync(body, ct);
        if (outcome.Errors is { } e) return e.ToProblem();
        if (outcome.Problem is { } p) return p;
        return TypedResults.Created($"/api/v1/user-groups/{outcome.Value!.Id}", outcome.Value);
    }

    private static async Task<Results<Ok<UserGroupResponse>, ValidationProblem, ProblemHttpResult>> Update(
        int id, UserGroupRequest body, UserGroupWriter writer, CancellationToken ct)
    {
        var outcome = await writer.UpdateAsync(id, body, ct);
        if (outcome.Errors is { } e) return e.ToProblem();
        if (outcome.Problem is { } p) return p;
        return TypedResults.Ok(outcome.Value!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(int id, UserGroupWriter writer, CancellationToken ct) =>
        await writer.DeleteAsync(id, ct) is { } problem ? problem : TypedResults.NoContent();

    internal static UserGroupKind? ParseKind(string? kind) => UserGroupWriter.ParseKind(kind);
}
