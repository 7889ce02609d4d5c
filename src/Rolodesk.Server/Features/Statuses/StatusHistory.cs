using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Statuses;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Statuses;

/// <summary>A user's status history: the intervals overlapping a period, newest first.</summary>
public static class StatusHistory
{
    /// <summary>Null when the user does not exist.</summary>
    public static async Task<Page<StatusIntervalResponse>?> GetHistoryAsync(this RolodeskDbContext db, SystemStatusIds system,
        int userId, DateTimeOffset? from, DateTimeOffset? to, int page, int pageSize, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.CreatedAt }).SingleOrDefaultAsync(ct);
        if (user is null) return null;
        var q = db.StatusIntervals.AsNoTracking().Where(i => i.AgentId == userId);
        if (from is not null) q = q.Where(i => i.Ended == null || i.Ended > from);
        if (to is not null) q = q.Where(i => i.Started < to);
        var total = await q.CountAsync(ct);

        if (total == 0 && !await db.StatusIntervals.AnyAsync(i => i.AgentId == userId, ct) && await db.IsAgentAsync(userId, ct))
            return await NeverChangedAsync(db, system, user.CreatedAt, from, to, page, pageSize, ct);

        var items = await (
                from i in q
                join status in db.Statuses on i.StatusId equals status.Id
                join prev in db.Statuses on i.PreviousStatusId equals prev.Id into prevs
                from prev in prevs.DefaultIfEmpty()
                join actor in db.Users on i.ActorUserId equals actor.Id into actors
                from actor in actors.DefaultIfEmpty()
                orderby i.Started descending, i.Sequence descending
                select new { i, status.Name, status.Color, PrevName = prev == null ? null : prev.Name, ActorName = actor == null ? null : actor.Name })
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new([.. items.Select(r => new StatusIntervalResponse(r.i.Id, r.i.StatusId, r.Name, r.Color, r.i.Started, r.i.Ended,
            r.i.Source is { } s ? StatusSources.Key(s) : null, r.i.ActorUserId, r.ActorName, r.i.Reason, r.i.PreviousStatusId, r.PrevName))],
            page, pageSize, total);
    }

    /// <summary>An agent who never changed status: one open Offline interval since creation, not stored yet.</summary>
    private static async Task<Page<StatusIntervalResponse>> NeverChangedAsync(RolodeskDbContext db, SystemStatusIds system,
        DateTimeOffset createdAt, DateTimeOffset? from, DateTimeOffset? to, int page, int pageSize, CancellationToken ct)
    {
        var offline = await system.OfflineAsync(db, ct);
        var s = await db.Statuses.AsNoTracking().SingleAsync(x => x.Id == offline, ct);
        var overlaps = to is null || createdAt < to;
        List<StatusIntervalResponse> all = overlaps ? [new(null, s.Id, s.Name, s.Color, createdAt, null, null, null, null, null, null, null)] : [];
        return new([.. all.Skip((page - 1) * pageSize)], page, pageSize, all.Count);
    }
}
