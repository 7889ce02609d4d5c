using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Access;
using Rolodesk.Data.Requests;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Distribution;

/// <summary>Reads of requests and agents' loads, shared by the API and the pages.</summary>
public static class RequestQueries
{
    public static async Task<RequestResponse?> GetRequestAsync(this RolodeskDbContext db, long id, CancellationToken ct) =>
        (await Rows(db, db.Requests.Where(r => r.Id == id)).ToListAsync(ct)).Select(ToResponse).SingleOrDefault();

    /// <summary>The queue oldest first (the order it is served in); other lists newest first.</summary>
    public static async Task<Page<RequestResponse>> ListRequestsAsync(
        this RolodeskDbContext db, RequestState? state, int? agentId, int page, int pageSize, CancellationToken ct)
    {
        var q = db.Requests.AsQueryable();
        if (state is not null) q = q.Where(r => r.State == state);
        if (agentId is not null) q = q.Where(r => r.AgentId == agentId);
        var total = await q.CountAsync(ct);
        var rows = Rows(db, q);
        rows = state == RequestState.Queued
            ? rows.OrderBy(r => r.R.CreatedAt).ThenBy(r => r.R.Id)
            : rows.OrderByDescending(r => r.R.CreatedAt).ThenByDescending(r => r.R.Id);
        var items = await rows.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new([.. items.Select(ToResponse)], page, pageSize, total);
    }

    public static async Task<List<AssignmentEntry>> AssignmentHistoryAsync(this RolodeskDbContext db, long id, CancellationToken ct)
    {
        var rows = await (
            from a in db.RequestAssignments.AsNoTracking()
            where a.RequestId == id
            join u in db.Users on a.AgentId equals (int?)u.Id into us
            from u in us.DefaultIfEmpty()
            orderby a.Id
            select new { a.Event, a.AgentId, AgentName = u == null ? null : u.Name, a.Reason, a.ActorUserId, a.At }).ToListAsync(ct);
        return [.. rows.Select(r => new AssignmentEntry(RequestText.Event(r.Event), r.AgentId, r.AgentName, r.Reason, r.ActorUserId, r.At))];
    }

    /// <summary>One agent's load for a decision by hand: null when the user is not an agent.</summary>
    public static async Task<(bool Accepting, int Open, int Capacity)?> AgentLoadAsync(this RolodeskDbContext db, int agentId, CancellationToken ct)
    {
        var row = await db.Users.AsNoTracking().Where(u => u.Id == agentId && u.Groups.Any(g => g.Kind == UserGroupKind.Agents))
            .Select(u => new
            {
                Accepting = db.AgentPresence.Where(p => p.UserId == u.Id).Join(db.Statuses, p => p.StatusId, s => s.Id, (p, s) => s.AcceptsRequests).FirstOrDefault(),
                Open = db.Requests.Count(r => r.AgentId == u.Id && r.State == RequestState.Assigned),
                Capacity = db.AgentDistribution.Where(d => d.AgentId == u.Id).Select(d => d.Capacity).FirstOrDefault(),
            }).SingleOrDefaultAsync(ct);
        if (row is null) return null;
        var settings = await db.DistributionSettings.AsNoTracking().SingleAsync(ct);
        return (row.Accepting, row.Open, row.Capacity ?? settings.DefaultCapacity);
    }

    /// <summary>Open requests and capacity of the given agents (the Agents pages).</summary>
    public static async Task<Dictionary<int, AgentLoadInfo>> AgentLoadsAsync(this RolodeskDbContext db, IReadOnlyCollection<int> agentIds, CancellationToken ct)
    {
        var ids = agentIds.ToList();
        var settings = await db.DistributionSettings.AsNoTracking().SingleAsync(ct);
        var open = await db.Requests.AsNoTracking().Where(r => r.State == RequestState.Assigned && r.AgentId != null && ids.Contains(r.AgentId.Value))
            .GroupBy(r => r.AgentId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var caps = await db.AgentDistribution.AsNoTracking().Where(d => ids.Contains(d.AgentId) && d.Capacity != null)
            .ToDictionaryAsync(d => d.AgentId, d => d.Capacity!.Value, ct);
        return ids.Distinct().ToDictionary(id => id, id => new AgentLoadInfo(open.GetValueOrDefault(id), caps.TryGetValue(id, out var c) ? c : settings.DefaultCapacity));
    }

    private static IQueryable<Row> Rows(RolodeskDbContext db, IQueryable<Request> requests) =>
        from r in requests.AsNoTracking()
        join c in db.Users on r.ClientUserId equals c.Id
        join a in db.Users on r.AgentId equals (int?)a.Id into agents
        from a in agents.DefaultIfEmpty()
        select new Row { R = r, ClientName = c.Name, AgentName = a == null ? null : a.Name };

    private static RequestResponse ToResponse(Row row) => new(
        row.R.Id, row.R.Subject, row.R.ClientUserId, row.ClientName, row.R.Channel, RequestText.State(row.R.State),
        row.R.AgentId, row.AgentName, row.R.CreatedAt, row.R.AssignedAt, row.R.FirstResponseAt, row.R.ClosedAt);

    private sealed class Row
    {
        public required Request R { get; init; }
        public string? ClientName { get; init; }
        public string? AgentName { get; init; }
    }
}
