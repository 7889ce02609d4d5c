using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Access;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Access;

/// <summary>
/// Every write to a user group, for the API and the Settings page alike, so both apply the same
/// validation, the last-manager guard and the rights cache invalidation.
/// </summary>
public sealed class UserGroupWriter(RolodeskDbContext db, PermissionService cache)
{
    public async Task<WriteResult<UserGroupResponse>> CreateAsync(UserGroupRequest body, CancellationToken ct)
    {
        var errors = await ValidateAsync(body, null, ct);
        if (errors.Any) return errors;
        var group = new UserGroup { Name = body.Name!.Trim(), Kind = ParseKind(body.Kind)!.Value, Permissions = Distinct(body.Permissions) };
        db.UserGroups.Add(group);
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
        return new(await FindAsync(db, group.Id, ct));
    }

    public async Task<WriteResult<UserGroupResponse>> UpdateAsync(int id, UserGroupRequest body, CancellationToken ct)
    {
        await using var tx = await AccessGuard.BeginAsync(db, ct);
        var group = await db.UserGroups.SingleOrDefaultAsync(g => g.Id == id, ct);
        if (group is null) return Problems.NotFound("User group", id);
        var errors = await ValidateAsync(body, group, ct);
        if (errors.Any) return errors;

        var kind = ParseKind(body.Kind)!.Value;
        if (group.IsSystem && kind != group.Kind)
            return errors.Add("kind", "The kind of a default group cannot change.");
        group.Name = body.Name!.Trim();
        group.Kind = kind;
        group.Permissions = Distinct(body.Permissions);
        group.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        if (await AccessGuard.NoManagerLeftAsync(db, ct)) return Refuse();
        await tx.CommitAsync(ct);
        cache.Invalidate();
        return new(await FindAsync(db, id, ct));
    }

    /// <summary>Deletes a group; null when done, otherwise the reason it was refused.</summary>
    public async Task<ProblemHttpResult?> DeleteAsync(int id, CancellationToken ct)
    {
        await using var tx = await AccessGuard.BeginAsync(db, ct);
        var group = await db.UserGroups.SingleOrDefaultAsync(g => g.Id == id, ct);
        if (group is null) return Problems.NotFound("User group", id);
        if (group.IsSystem)
            return Problems.Conflict("A default group cannot be deleted.", $"'{group.Name}' is created on install; rename it or change its rights instead.");
        // Its members leave every audience it is in: those fields' index rows may now lie outside them (ADR 0012).
        await ContactFields.Values.HiddenValues.UserGroupGoesAsync(db, group.Id, ct);
        db.UserGroups.Remove(group);
        await db.SaveChangesAsync(ct);
        if (await AccessGuard.NoManagerLeftAsync(db, ct)) return Refuse();
        await tx.CommitAsync(ct);
        cache.Invalidate();
        return null;
    }

    public static IQueryable<UserGroupResponse> Project(IQueryable<UserGroup> q) =>
        q.OrderBy(g => g.Name).Select(g => new UserGroupResponse(g.Id, g.Name, g.Kind == UserGroupKind.Agents ? "agents" : "clients",
            g.Permissions, g.IsSystem, g.Members.Count));

    public static Task<UserGroupResponse> FindAsync(RolodeskDbContext db, int id, CancellationToken ct) =>
        Project(db.UserGroups.AsNoTracking().Where(g => g.Id == id)).SingleAsync(ct);

    internal static UserGroupKind? ParseKind(string? kind) => kind?.ToLowerInvariant() switch
    {
        "agents" => UserGroupKind.Agents,
        "clients" => UserGroupKind.Clients,
        _ => null,
    };

    // The rolled-back change must not stay tracked: a UI circuit may reuse this context.
    private ProblemHttpResult Refuse()
    {
        db.ChangeTracker.Clear();
        return AccessGuard.LastManagerProblem();
    }

    private async Task<ValidationErrors> ValidateAsync(UserGroupRequest body, UserGroup? existing, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var name = body.Name?.Trim();
        if (string.IsNullOrEmpty(name)) errors.Add("name", "Required.");
        else if (name.Length > 100) errors.Add("name", "At most 100 characters.");
        else if (name.Any(char.IsControl)) errors.Add("name", "Must not contain control characters such as line breaks.");
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

    private static List<string> Distinct(List<string>? permissions) =>
        permissions?.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() ?? [];
}
