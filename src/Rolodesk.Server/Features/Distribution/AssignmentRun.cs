using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Access;
using Rolodesk.Data.Requests;
using Rolodesk.Server.Features.Statuses;

namespace Rolodesk.Server.Features.Distribution;

/// <summary>What one run changed, for the live push after commit.</summary>
/// <summary>A request that has passed validation and is inserted by the next run (so arrivals share its transaction).</summary>
public sealed record NewRequest(string Subject, int ClientUserId, string ClientName, string Channel, DateTimeOffset CreatedAt);

/// <summary>What a run did: the moves to push, the requests it inserted (with their outcome) and the names of the agents it considered.</summary>
public sealed record RunResult(List<RequestMove> Moves, List<Request> Created, Dictionary<int, string> AgentNames);

public sealed record RequestMove(long RequestId, int AgentId, AssignmentEventKind Event, string Reason, DateTimeOffset At, string Subject, string Channel);

/// <summary>
/// One pass of distribution over the database, under <see cref="DistributionLock"/>: returns the
/// unanswered requests of agents whose status no longer accepts requests (when the settings say
/// so), then assigns the queue in arrival order with <see cref="AssignmentEngine"/>. It reads
/// everything it decides on from the database, so running it again (on any instance, after any
/// event) changes nothing unless something changed: that is what makes it safe to run often.
/// </summary>
public sealed class AssignmentRun(RolodeskDbContext db, SystemStatusIds system, TimeProvider time)
{
    private readonly Dictionary<int, string> _names = [];

    /// <summary>
    /// Inserts <paramref name="arrivals"/>, then returns (only when <paramref name="checkReturns"/>:
    /// new arrivals cannot make a request returnable, events and the sweep can) and assigns.
    /// </summary>
    public async Task<RunResult> ExecuteAsync(IReadOnlyList<NewRequest> arrivals, bool checkReturns, CancellationToken ct)
    {
        // Most status events find nothing to do: say so without the lock, which on SQLite is the
        // database's one write lock (status changes would queue behind every pass). Sound because
        // the trigger committed before this read, and whatever comes later triggers a run of its own.
        if (arrivals.Count == 0 && !await AnythingToDoAsync(checkReturns, ct)) return new([], [], _names);
        await using var tx = await DistributionLock.BeginAsync(db, ct);
        var created = arrivals.Select(a => new Request
        {
            Subject = a.Subject,
            ClientUserId = a.ClientUserId,
            Channel = a.Channel,
            CreatedAt = a.CreatedAt,
            State = RequestState.Queued,
        }).ToList();
        if (created.Count > 0)
        {
            db.Requests.AddRange(created);
            await db.SaveChangesAsync(ct);
        }
        var settings = await db.DistributionSettings.AsNoTracking().SingleAsync(ct);
        var now = time.GetUtcNow();
        var moves = checkReturns ? await ReturnAsync(settings, now, ct) : [];
        if (settings.Enabled) moves.AddRange(await AssignAsync(settings, now, ct));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(moves, created, _names);
    }

    /// <summary>A request waiting, or (when returns are checked) one held but not answered or held by nobody.</summary>
    private Task<bool> AnythingToDoAsync(bool checkReturns, CancellationToken ct) =>
        db.Requests.AnyAsync(r => r.State == RequestState.Queued
            || (checkReturns && r.State == RequestState.Assigned && (r.AgentId == null || r.FirstResponseAt == null)), ct);

    private async Task<List<RequestMove>> ReturnAsync(DistributionSettings settings, DateTimeOffset now, CancellationToken ct)
    {
        var offline = await system.OfflineAsync(db, ct);
        var held =
            from r in db.Requests
            where r.State == RequestState.Assigned
            join p in db.AgentPresence on r.AgentId equals (int?)p.UserId into ps
            from p in ps.DefaultIfEmpty()
            join s in db.Statuses on p == null ? offline : p.StatusId equals s.Id
            select new { Request = r, Accepting = s.AcceptsRequests, StatusName = s.Name };
        // An agent who was deleted left requests assigned to nobody: those always go back.
        var returning = await held
            .Where(h => h.Request.AgentId == null || (settings.ReturnUnansweredOnLeave && !h.Accepting && h.Request.FirstResponseAt == null))
            .ToListAsync(ct);
        var moves = new List<RequestMove>();
        foreach (var h in returning)
        {
            var r = h.Request;
            var reason = r.AgentId is null ? "The agent no longer exists." : $"The agent left a status that accepts requests (now {h.StatusName}) before answering.";
            db.RequestAssignments.Add(new() { RequestId = r.Id, AgentId = r.AgentId, Event = AssignmentEventKind.Return, Reason = reason, At = now });
            if (r.AgentId is { } agent) moves.Add(new(r.Id, agent, AssignmentEventKind.Return, reason, now, r.Subject, r.Channel));
            r.State = RequestState.Queued;
            r.AgentId = null;
            r.AssignedAt = null;
        }
        // Later reads go to the database: make them see the returns.
        if (returning.Count > 0) await db.SaveChangesAsync(ct);
        return moves;
    }

    private async Task<List<RequestMove>> AssignAsync(DistributionSettings settings, DateTimeOffset now, CancellationToken ct)
    {
        if (!await db.Requests.AnyAsync(r => r.State == RequestState.Queued, ct)) return [];
        var agents = await AvailableAgentsAsync(settings, ct);
        var free = agents.Sum(a => (long)Math.Max(0, a.Capacity - a.Open));
        if (free == 0) return [];
        var queue = await db.Requests.Where(r => r.State == RequestState.Queued)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Take((int)Math.Min(free, 10_000)).ToListAsync(ct);
        var nextSeq = (await db.AgentDistribution.MaxAsync(a => (long?)a.LastAssignedSeq, ct) ?? 0) + 1;
        var decisions = AssignmentEngine.Plan(settings.Method, agents, queue.Select(r => r.Id), nextSeq);
        if (decisions.Count == 0) return [];

        var byId = queue.ToDictionary(r => r.Id);
        var picked = decisions.Select(d => d.AgentId).Distinct().ToList();
        var states = await db.AgentDistribution.Where(a => picked.Contains(a.AgentId)).ToDictionaryAsync(a => a.AgentId, ct);
        var moves = new List<RequestMove>(decisions.Count);
        const string reason = "Distribution: the agent's status accepts requests and they were below capacity.";
        foreach (var d in decisions)
        {
            var r = byId[d.RequestId];
            r.State = RequestState.Assigned;
            r.AgentId = d.AgentId;
            r.AssignedAt = now;
            r.FirstResponseAt = null;
            db.RequestAssignments.Add(new() { RequestId = r.Id, AgentId = d.AgentId, Event = AssignmentEventKind.Assign, Reason = reason, At = now });
            if (!states.TryGetValue(d.AgentId, out var state))
                db.AgentDistribution.Add(states[d.AgentId] = state = new() { AgentId = d.AgentId });
            state.LastAssignedAt = now;
            state.LastAssignedSeq = d.Seq;
            moves.Add(new(r.Id, d.AgentId, AssignmentEventKind.Assign, reason, now, r.Subject, r.Channel));
        }
        return moves;
    }

    /// <summary>
    /// Participating agents whose current status accepts requests, with capacity and open count.
    /// An agent without a presence row has been Offline since creation and is left out.
    /// </summary>
    private async Task<AgentLoad[]> AvailableAgentsAsync(DistributionSettings settings, CancellationToken ct)
    {
        var groups = settings.AgentGroupIds;
        var users = groups.Count == 0
            ? db.Users.Where(u => u.Groups.Any(g => g.Kind == UserGroupKind.Agents))
            : db.Users.Where(u => u.Groups.Any(g => g.Kind == UserGroupKind.Agents && groups.Contains(g.Id)));
        var rows = await (
            from u in users
            join p in db.AgentPresence on u.Id equals p.UserId
            join s in db.Statuses on p.StatusId equals s.Id
            where s.AcceptsRequests
            join d in db.AgentDistribution on u.Id equals d.AgentId into ds
            from d in ds.DefaultIfEmpty()
            select new
            {
                u.Id,
                u.Name,
                Capacity = d == null ? null : d.Capacity,
                Seq = d == null ? 0 : d.LastAssignedSeq,
                Open = db.Requests.Count(r => r.AgentId == u.Id && r.State == RequestState.Assigned),
            }).AsNoTracking().ToListAsync(ct);
        foreach (var r in rows) _names[r.Id] = r.Name;
        return [.. rows.Select(r => new AgentLoad(r.Id, true, r.Capacity ?? settings.DefaultCapacity, r.Open, r.Seq))];
    }
}
