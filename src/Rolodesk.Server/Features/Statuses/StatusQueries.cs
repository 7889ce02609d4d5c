using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Access;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Statuses;

/// <summary>Reads of statuses and current presence, shared by the API and the pages.</summary>
public static class StatusQueries
{
    public static Task<List<StatusResponse>> ListStatusesAsync(this RolodeskDbContext db, CancellationToken ct) =>
        db.Statuses.AsNoTracking().Where(s => s.DeletedAt == null).OrderBy(s => s.Position).ThenBy(s => s.Id)
            .Select(s => new StatusResponse(s.Id, s.Name, s.Color, s.Position, s.AcceptsRequests, s.SystemKey)).ToListAsync(ct);

    /// <summary>Agents by name with their current status, optionally only those in one status.</summary>
    public static async Task<Page<AgentStatusResponse>> ListAgentsAsync(
        this RolodeskDbContext db, SystemStatusIds system, int? statusId, int page, int pageSize, CancellationToken ct)
    {
        var rows = AgentRows(db, await system.OfflineAsync(db, ct));
        if (statusId is not null) rows = rows.Where(r => r.StatusId == statusId);
        var total = await rows.CountAsync(ct);
        var items = await rows.OrderBy(r => r.Name).ThenBy(r => r.AgentId).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new(items, page, pageSize, total);
    }

    /// <summary>One agent's current status, or null when the user is not an agent.</summary>
    public static async Task<AgentStatusResponse?> AgentStatusAsync(this RolodeskDbContext db, SystemStatusIds system, int agentId, CancellationToken ct) =>
        await AgentRows(db, await system.OfflineAsync(db, ct)).Where(r => r.AgentId == agentId).SingleOrDefaultAsync(ct);

    public static Task<bool> IsAgentAsync(this RolodeskDbContext db, int userId, CancellationToken ct) =>
        db.Users.AnyAsync(u => u.Id == userId && u.Groups.Any(g => g.Kind == UserGroupKind.Agents), ct);

    /// <summary>An agent without a presence row has been Offline since their creation.</summary>
    private static IQueryable<AgentStatusResponse> AgentRows(RolodeskDbContext db, int offline) =>
        from u in db.Users.AsNoTracking()
        where u.Groups.Any(g => g.Kind == UserGroupKind.Agents)
        join p in db.AgentPresence on u.Id equals p.UserId into ps
        from p in ps.DefaultIfEmpty()
        join s in db.Statuses on (p == null ? offline : p.StatusId) equals s.Id
        select new AgentStatusResponse(u.Id, u.Name, s.Id, s.Name, s.Color, s.AcceptsRequests, p == null ? u.CreatedAt : p.Since);
}
