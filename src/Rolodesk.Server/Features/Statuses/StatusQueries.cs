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
        var rows = AgentRows(db, await system.OfflineAsync(db, ct), null, statusId);
        var total = await rows.CountAsync(ct);
        var items = await rows.OrderBy(r => r.Name).ThenBy(r => r.AgentId).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new([.. items.Select(r => r.ToResponse())], page, pageSize, total);
    }

    /// <summary>One agent's current status, or null when the user is not an agent.</summary>
    public static async Task<AgentStatusResponse?> AgentStatusAsync(this RolodeskDbContext db, SystemStatusIds system, int agentId, CancellationToken ct) =>
        (await AgentRows(db, await system.OfflineAsync(db, ct), agentId, null).SingleOrDefaultAsync(ct))?.ToResponse();

    public static Task<bool> IsAgentAsync(this RolodeskDbContext db, int userId, CancellationToken ct) =>
        db.Users.AnyAsync(u => u.Id == userId && u.Groups.Any(g => g.Kind == UserGroupKind.Agents), ct);

    /// <summary>An agent without a presence row has been Offline since their creation. Filters go before the projection, where EF can translate them.</summary>
    private static IQueryable<AgentRow> AgentRows(RolodeskDbContext db, int offline, int? agentId, int? statusId)
    {
        var users = db.Users.AsNoTracking().Where(u => u.Groups.Any(g => g.Kind == UserGroupKind.Agents));
        if (agentId is not null) users = users.Where(u => u.Id == agentId);
        var joined =
            from u in users
            join p in db.AgentPresence on u.Id equals p.UserId into ps
            from p in ps.DefaultIfEmpty()
            select new { u.Id, u.Name, u.CreatedAt, StatusId = p == null ? offline : p.StatusId, Since = p == null ? u.CreatedAt : p.Since };
        if (statusId is not null) joined = joined.Where(r => r.StatusId == statusId);
        return from r in joined
               join s in db.Statuses on r.StatusId equals s.Id
               select new AgentRow { AgentId = r.Id, Name = r.Name, StatusId = s.Id, StatusName = s.Name, Color = s.Color, AcceptsRequests = s.AcceptsRequests, Since = r.Since };
    }

    /// <summary>Settable members, unlike the response record, so EF can still sort and page after the projection.</summary>
    private sealed class AgentRow
    {
        public int AgentId { get; init; }
        public string Name { get; init; } = "";
        public int StatusId { get; init; }
        public string StatusName { get; init; } = "";
        public string Color { get; init; } = "";
        public bool AcceptsRequests { get; init; }
        public DateTimeOffset Since { get; init; }

        public AgentStatusResponse ToResponse() => new(AgentId, Name, StatusId, StatusName, Color, AcceptsRequests, Since);
    }
}
