using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Access;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Access;

public sealed record UserGroupResponse(int Id, string Name, string Kind, IReadOnlyList<string> Permissions, bool IsSystem, int MemberCount);
public sealed record UserGroupRequest(string? Name, string? Kind, List<string>? Permissions);

public static class UserGroupsApi
{
    public static RouteGroupBuilder MapUserGroupsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/permissions", () => TypedResults.Ok(Permissions.All))
            .RequireAuthorization().WithTags("User groups").WithSummary("The catalogue of access rights");

        var groups = api.MapGroup("/user-groups").WithTags("User groups");
        groups.MapGet("/", List).RequireAuthorization();
        groups.MapGet("/{id:int}", Get).RequireAuthorization();
        groups.MapPost("/", Create).RequirePermission(Permissions.UserGroupsManage);
        groups.MapPut("/{id:int}", Update).RequirePermission(Permissions.UserGroupsManage);
        groups.MapDelete("/{id:int}", Delete).RequirePermission(Permissions.UserGroupsManage);
        return api;
    }

    private static IQueryable<UserGroupResponse> Project(IQueryable<UserGroup> q) =>
        q.OrderBy(g => g.Name).Select(g => new UserGroupResponse(g.Id, g.Name, g.Kind == UserGroupKind.Agents ? "agents" : "clients",
            g.Permissions, g.IsSystem, g.Members.Count));

    private static async Task<Ok<List<UserGroupResponse>>> List(RolodeskDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await Project(db.UserGroups.AsNoTracking()).ToListAsync(ct));

    private static async Task<Results<Ok<UserGroupResponse>, ProblemHttpResult>> Get(int id, RolodeskDbContext db, CancellationToken ct) =>
        await Project(db.UserGroups.AsNoTracking().Where(g => g.Id == id)).SingleOrDefaultAsync(ct) is { } g
            ? TypedResults.Ok(g)
            : Problems.NotFound("User group", id);

    private static async Task<Results<Created<UserGroupResponse>, ValidationProblem, ProblemHttpResult>> Create(
        UserGroupRequest body, RolodeskDbContext db, PermissionService cache, CancellationToken ct)
    {
        var errors = await ValidateAsync(body, null, db, ct);
        if (errors.Any) return errors.ToProblem();
        var group = new UserGroup { Name = body.Name!.Trim(), Kind = ParseKind(body.Kind)!.Value, Permissions = Distinct(body.Permissions) };
        db.UserGroups.Add(group);
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
        var created = await Project(db.UserGroups.AsNoTracking().Where(g => g.Id == group.Id)).SingleAsync(ct);
        return TypedResults.Created($"/api/v1/user-groups/{group.Id}", created);
    }

    private static async Task<Results<Ok<UserGroupResponse>, ValidationProblem, ProblemHttpResult>> Update(
        int id, UserGroupRequest body, RolodeskDbContext db, PermissionService cache, CancellationToken ct)
    {
        await using var tx = await AccessGuard.BeginAsync(db, ct);
        var group = await db.UserGroups.SingleOrDefaultAsync(g => g.Id == id, ct);
        if (group is null) return Problems.NotFound("User group", id);
        var errors = await ValidateAsync(body, group, db, ct);
        if (errors.Any) return errors.ToProblem();

        var kind = ParseKind(body.Kind)!.Value;
        if (group.IsSystem && kind != group.Kind)
            return errors.Add("kind", "The kind of a default group cannot change.").ToProblem();
        group.Name = body.Name!.Trim();
        group.Kind = kind;
        group.Permissions = Distinct(body.Permissions);
        group.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        if (await AccessGuard.NoManagerLeftAsync(db, ct)) return AccessGuard.LastManagerProblem();
        await tx.CommitAsync(ct);
        cache.Invalidate();
        return TypedResults.Ok(await Project(db.UserGroups.AsNoTracking().Where(g => g.Id == id)).SingleAsync(ct));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(int id, RolodeskDbContext db, PermissionService cache, CancellationToken ct)
    {
        await using var tx = await AccessGuard.BeginAsync(db, ct);
        var group = await db.UserGroups.SingleOrDefaultAsync(g => g.Id == id, ct);
        if (group is null) return Problems.NotFound("User group", id);
        if (group.IsSystem)
            return Problems.Conflict("A default group cannot be deleted.", $"'{group.Name}' is created on install; rename it or change its rights instead.");
        db.UserGroups.Remove(group);
        await db.SaveChangesAsync(ct);
        if (await AccessGuard.NoManagerLeftAsync(db, ct)) return AccessGuard.LastManagerProblem();
        await tx.CommitAsync(ct);
        cache.Invalidate();
        return TypedResults.NoContent();
    }

    private static async Task<ValidationErrors> ValidateAsync(UserGroupRequest body, UserGroup? existing, RolodeskDbContext db, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var name = body.Name?.Trim();
        if (string.IsNullOrEmpty(name)) errors.Add("name", "Required.");
        else if (name.Length > 100) errors.Add("name", "At most 100 characters.");
        else
        {
            var upper = name.ToUpperInvariant();
            var taken = await db.UserGroups.AnyAsync(g => g.Name.ToUpper() == upper && (existing == null || g.Id != existing.Id), ct);
            if (taken) errors.Add("name", "Another user group has this name.");
        }
        if (ParseKind(body.Kind) is null) errors.Add("kind", "Must be 'agents' or 'clients'.");
        for (var i = 0; i < (body.Permissions?.Count ?? 0); i++)
            if (!Permissions.Exists(body.Permissions![i]))
                errors.Add($"permissions[{i}]", $"Unknown right '{body.Permissions[i]}'. See /api/v1/permissions.");
        return errors;
    }

    private static List<string> Distinct(List<string>? permissions) => permissions?.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() ?? [];

    internal static UserGroupKind? ParseKind(string? kind) => kind?.ToLowerInvariant() switch
    {
        "agents" => UserGroupKind.Agents,
        "clients" => UserGroupKind.Clients,
        _ => null,
    };
}
