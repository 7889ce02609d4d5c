using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;

namespace Rolodesk.Server.Features.Access;

/// <summary>What one signed-in user may do: the union of their groups' rights.</summary>
public sealed record UserAccess(int UserId, FrozenSet<string> Permissions, FrozenSet<int> GroupIds, bool IsAgent)
{
    public bool Has(string permission) => Permissions.Contains(permission);

    /// <summary>
    /// Lets an endpoint take the caller's rights as a parameter. Endpoints that bind it require a
    /// right, so the authorisation handler has already resolved (and cached) it for this user.
    /// </summary>
    public static async ValueTask<UserAccess?> BindAsync(HttpContext http) =>
        await http.RequestServices.GetRequiredService<PermissionService>().GetAsync(http.User, http.RequestAborted);
}

/// <summary>
/// Resolves a user's rights from the database, cached per user. Any change to groups or
/// memberships calls <see cref="Invalidate"/>; entries also expire after a short time so that a
/// second app instance sees another instance's change soon.
/// </summary>
public sealed class PermissionService(IServiceScopeFactory scopes, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(15);
    private readonly ConcurrentDictionary<int, (UserAccess Access, long Expires, long Generation)> _cache = new();
    private long _generation;

    public void Invalidate() => Interlocked.Increment(ref _generation);

    public async Task<UserAccess?> GetAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        return int.TryParse(id, out var userId) ? await GetAsync(userId, ct) : null;
    }

    public async Task<UserAccess?> GetAsync(int userId, CancellationToken ct = default)
    {
        var now = time.GetTimestamp();
        var generation = Interlocked.Read(ref _generation);
        if (_cache.TryGetValue(userId, out var hit) && hit.Generation == generation && hit.Expires > now)
            return hit.Access;

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RolodeskDbContext>();
        var groups = await db.UserGroups.AsNoTracking()
            .Where(g => g.Members.Any(m => m.Id == userId))
            .Select(g => new { g.Id, g.Kind, g.Permissions })
            .ToListAsync(ct);
        if (groups.Count == 0 && !await db.Users.AnyAsync(u => u.Id == userId, ct))
            return null;

        var access = new UserAccess(
            userId,
            groups.SelectMany(g => g.Permissions).Where(Permissions.Exists).ToFrozenSet(StringComparer.Ordinal),
            groups.Select(g => g.Id).ToFrozenSet(),
            groups.Any(g => g.Kind == global::Rolodesk.Data.Access.UserGroupKind.Agents));
        _cache[userId] = (access, now + (long)(Lifetime.TotalSeconds * time.TimestampFrequency), generation);
        return access;
    }
}
