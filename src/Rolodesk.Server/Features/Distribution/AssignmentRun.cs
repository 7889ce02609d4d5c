using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Rolodesk.Data;
using Rolodesk.Data.Requests;
using Rolodesk.Server.Features.Statuses;

namespace Rolodesk.Server.Features.Distribution;

/// <summary>
/// A request that has passed validation and is inserted by the next run (so arrivals share its
/// transaction). The run checks that the client exists, in its one read.
/// </summary>
public sealed record NewRequest(string Subject, int ClientUserId, string Channel, DateTimeOffset CreatedAt);

/// <summary>
/// What a run did: the moves to push, the requests it inserted (with their outcome; null where the
/// client does not exist), the clients' names and the names of the agents it considered.
/// </summary>
public sealed record RunResult(List<RequestMove> Moves, List<Request?> Created, Dictionary<int, string> ClientNames, Dictionary<int, string> AgentNames);

public sealed record RequestMove(long RequestId, int AgentId, AssignmentEventKind Event, string Reason, DateTimeOffset At, string Subject, string Channel);

/// <summary>
/// One pass of distribution over the database, under <see cref="DistributionLock"/>: returns the
/// unanswered requests of agents whose status no longer accepts requests (when the settings say
/// so), then assigns the queue in arrival order with <see cref="AssignmentEngine"/>. It reads
/// everything it decides on from the database, so running it again (on any instance, after any
/// event) changes nothing unless something changed: that is what makes it safe to run often.
/// </summary>
/// <remarks>
/// The hot path (arrivals and assignments) is hand-written SQL (<see cref="AssignmentSql"/>), in
/// two commands: one that reads settings, available agents with their load, the last sequence and
/// the head of the queue (on PostgreSQL it also takes the lock and reserves the arrivals' ids), and
/// one that writes. Arrivals are decided before they are inserted, so a new request that finds an
/// agent is inserted once, already assigned. PostgreSQL does the run in three round trips (reads,
/// writes, commit) whatever the number of arrivals; SQLite runs prepared statements in-process.
/// </remarks>
public sealed class AssignmentRun(RolodeskDbContext db, SystemStatusIds system, TimeProvider time)
{
    /// <summary>Queued requests read at a time; more pages are read only while agents can take more.</summary>
    internal const int QueuePage = 256;

    public const string AssignReason = "Distribution: the agent's status accepts requests and they were below capacity.";

    private readonly Dictionary<int, string> _names = [];
    private bool _postgres;

    /// <summary>
    /// Inserts <paramref name="arrivals"/>, then returns (only when <paramref name="checkReturns"/>:
    /// new arrivals cannot make a request returnable, events and the sweep can) and assigns.
    /// </summary>
    public async Task<RunResult> ExecuteAsync(IReadOnlyList<NewRequest> arrivals, bool checkReturns, CancellationToken ct)
    {
        // Most status events find nothing to do: say so without the lock, which on SQLite is the
        // database's one write lock (status changes would queue behind every pass). Sound because
        // the trigger committed before this read, and whatever comes later triggers a run of its own.
        if (arrivals.Count == 0 && !await AnythingToDoAsync(checkReturns, ct)) return new([], [], [], _names);
        _postgres = db.Database.IsNpgsql();
        var now = time.GetUtcNow();
        // Without returns to check, the lock is taken by the first statement of the read batch.
        await using var tx = await DistributionLock.BeginAsync(db, ct, deferred: !checkReturns);
        var moves = new List<RequestMove>();
        if (checkReturns)
        {
            var settings = await db.DistributionSettings.AsNoTracking().SingleAsync(ct);
            moves = await ReturnAsync(settings, now, ct);
        }
        var connection = db.Database.GetDbConnection();
        var transaction = tx.GetDbTransaction();
        var snapshot = await ReadAsync(connection, transaction, arrivals, takeLock: !checkReturns, ct);
        // An arrival whose client was deleted (or never existed) is answered as invalid, not inserted.
        var accepted = arrivals.Where(a => snapshot.Clients.ContainsKey(a.ClientUserId)).ToList();
        var plan = await PlanAsync(connection, transaction, snapshot, accepted, ct);
        var created = _postgres
            ? await WritePostgresAsync(connection, transaction, snapshot.NewIds, accepted, plan, now, ct)
            : await WriteSqliteAsync(connection, transaction, accepted, plan, now, ct);
        foreach (var d in plan.Decisions)
            moves.Add(new(d.RequestId >= 0 ? d.RequestId : created[d.Arrival].Id, d.AgentId, AssignmentEventKind.Assign, AssignReason, now, d.Subject, d.Channel));
        await tx.CommitAsync(ct);
        var next = 0;
        return new(moves, [.. arrivals.Select(a => snapshot.Clients.ContainsKey(a.ClientUserId) ? created[next++] : null)], snapshot.Clients, _names);
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

    /// <summary>What a run decides on, read in one command.</summary>
    private sealed record Snapshot(
        bool Enabled, DistributionMethod Method, AgentLoad[] Agents, long NextSeq, List<Queued> Queue, long[] NewIds, Dictionary<int, string> Clients);

    private readonly record struct Queued(long Id, string Subject, string Channel, long CreatedAt);

    /// <summary>One assignment: an existing queued request (<see cref="RequestId"/>) or an arrival (<see cref="Arrival"/>, its index; RequestId -1).</summary>
    private readonly record struct Planned(long RequestId, int Arrival, int AgentId, long Seq, string Subject, string Channel);

    private sealed record Plan(List<Planned> Decisions, int?[] ArrivalAgents);

    private async Task<Snapshot> ReadAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<NewRequest> arrivals, bool takeLock, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new List<string>();
        if (takeLock && _postgres) sql.Add(DistributionLock.PostgresSql);
        sql.AddRange([AssignmentSql.Settings, AssignmentSql.Agents(_postgres), AssignmentSql.NextSeq, AssignmentSql.Queue(after: false)]);
        Add(command, "@limit", QueuePage);
        var clientIds = arrivals.Select(a => a.ClientUserId).Distinct().ToArray();
        if (clientIds.Length > 0)
        {
            sql.Add(AssignmentSql.Clients(_postgres ? 0 : clientIds.Length));
            if (_postgres) Add(command, "@clients", clientIds);
            else for (var i = 0; i < clientIds.Length; i++) Add(command, $"@client{i}", clientIds[i]);
        }
        if (_postgres && arrivals.Count > 0)
        {
            sql.Add(AssignmentSql.PostgresIds);
            Add(command, "@count", arrivals.Count);
        }
        command.CommandText = string.Join(";\n", sql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (takeLock && _postgres) await reader.NextResultAsync(ct);

        await reader.ReadAsync(ct);
        var enabled = reader.GetBoolean(0);
        var method = Enum.Parse<DistributionMethod>(reader.GetString(1));
        var defaultCapacity = reader.GetInt32(2);
        await reader.NextResultAsync(ct);

        var agents = new List<AgentLoad>();
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetInt32(0);
            _names[id] = reader.GetString(1);
            agents.Add(new(id, true, reader.IsDBNull(2) ? defaultCapacity : reader.GetInt32(2), (int)reader.GetInt64(4), reader.GetInt64(3)));
        }
        await reader.NextResultAsync(ct);

        await reader.ReadAsync(ct);
        var nextSeq = reader.GetInt64(0) + 1;
        await reader.NextResultAsync(ct);

        var queue = await ReadQueueAsync(reader, ct);
        var clients = new Dictionary<int, string>();
        if (clientIds.Length > 0)
        {
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct)) clients[reader.GetInt32(0)] = reader.GetString(1);
        }
        var ids = new long[_postgres ? arrivals.Count : 0];
        if (ids.Length > 0)
        {
            await reader.NextResultAsync(ct);
            for (var i = 0; await reader.ReadAsync(ct); i++) ids[i] = reader.GetInt64(0);
            Array.Sort(ids); // FIFO by (created, id): the earliest arrival gets the smallest id
        }
        return new(enabled, method, [.. agents], nextSeq, queue, ids, clients);
    }

    private static async Task<List<Queued>> ReadQueueAsync(DbDataReader reader, CancellationToken ct)
    {
        var queue = new List<Queued>();
        while (await reader.ReadAsync(ct)) queue.Add(new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3)));
        return queue;
    }

    /// <summary>
    /// Assigns the queue first in, first out: the requests already waiting and this run's arrivals,
    /// merged by creation time (a waiting request first on a tie: its id is smaller), until nobody
    /// can take more. Reads further pages of the queue only while agents can take more.
    /// </summary>
    private async Task<Plan> PlanAsync(DbConnection connection, DbTransaction transaction, Snapshot s, IReadOnlyList<NewRequest> arrivals, CancellationToken ct)
    {
        var plan = new Plan([], new int?[arrivals.Count]);
        if (!s.Enabled) return plan;
        var order = ArrivalOrder(arrivals);
        var agents = s.Agents;
        var queue = s.Queue;
        var more = queue.Count == QueuePage;
        int next = 0, q = 0;
        var seq = s.NextSeq;
        while (true)
        {
            if (q == queue.Count && more)
            {
                var last = queue[^1];
                queue = await ReadQueueAfterAsync(connection, transaction, last, ct);
                q = 0;
                more = queue.Count == QueuePage;
            }
            var waiting = q < queue.Count;
            if (!waiting && next == order.Length) break;
            var i = AssignmentEngine.Pick(s.Method, agents);
            if (i < 0) break;
            ref var agent = ref agents[i];
            agent.Open++;
            agent.LastAssignedSeq = seq;
            if (waiting && (next == order.Length || queue[q].CreatedAt <= arrivals[order[next]].CreatedAt.ToUnixTimeMilliseconds()))
            {
                var r = queue[q++];
                plan.Decisions.Add(new(r.Id, -1, agent.AgentId, seq++, r.Subject, r.Channel));
            }
            else
            {
                var a = order[next++];
                plan.ArrivalAgents[a] = agent.AgentId;
                plan.Decisions.Add(new(-1, a, agent.AgentId, seq++, arrivals[a].Subject, arrivals[a].Channel));
            }
        }
        return plan;
    }

    /// <summary>The arrivals' indexes by creation time (stable: arrival order on a tie).</summary>
    private static int[] ArrivalOrder(IReadOnlyList<NewRequest> arrivals) =>
        [.. Enumerable.Range(0, arrivals.Count).OrderBy(i => arrivals[i].CreatedAt.ToUnixTimeMilliseconds())];

    private async Task<List<Queued>> ReadQueueAfterAsync(DbConnection connection, DbTransaction transaction, Queued last, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = AssignmentSql.Queue(after: true);
        Add(command, "@afterCreated", last.CreatedAt);
        Add(command, "@afterId", last.Id);
        Add(command, "@limit", QueuePage);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await ReadQueueAsync(reader, ct);
    }

    /// <summary>Every write of the run in one command: arrivals (already assigned or queued), assignments of waiting requests, the log, the agents' sequence.</summary>
    private async Task<List<Request>> WritePostgresAsync(
        DbConnection connection, DbTransaction transaction, long[] ids, IReadOnlyList<NewRequest> arrivals, Plan plan, DateTimeOffset now, CancellationToken ct)
    {
        var created = NewRequests(arrivals, plan, now);
        var order = ArrivalOrder(arrivals);
        for (var k = 0; k < order.Length; k++) created[order[k]].Id = ids[k]; // ids may be more than the accepted arrivals: a gap is harmless
        if (created.Count == 0 && plan.Decisions.Count == 0) return created;

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new List<string>();
        var nowMs = now.ToUnixTimeMilliseconds();
        Add(command, "@now", nowMs);
        if (created.Count > 0)
        {
            sql.Add(AssignmentSql.PostgresInsertRequests);
            Add(command, "@ids", created.Select(r => r.Id).ToArray());
            Add(command, "@subjects", created.Select(r => r.Subject).ToArray());
            Add(command, "@clients", created.Select(r => r.ClientUserId).ToArray());
            Add(command, "@channels", created.Select(r => r.Channel).ToArray());
            Add(command, "@states", created.Select(r => (int)r.State).ToArray());
            Add(command, "@agents", created.Select(r => r.AgentId).ToArray());
            Add(command, "@created", created.Select(r => r.CreatedAt.ToUnixTimeMilliseconds()).ToArray());
            Add(command, "@assigned", created.Select(r => r.AssignedAt?.ToUnixTimeMilliseconds()).ToArray());
        }
        if (plan.Decisions.Count > 0)
        {
            var queued = plan.Decisions.Where(d => d.RequestId >= 0).ToList();
            if (queued.Count > 0)
            {
                sql.Add(AssignmentSql.PostgresAssignQueued);
                Add(command, "@queuedIds", queued.Select(d => d.RequestId).ToArray());
                Add(command, "@queuedAgents", queued.Select(d => d.AgentId).ToArray());
            }
            sql.Add(AssignmentSql.PostgresLog);
            Add(command, "@reason", AssignReason);
            Add(command, "@logIds", plan.Decisions.Select(d => d.RequestId >= 0 ? d.RequestId : created[d.Arrival].Id).ToArray());
            Add(command, "@logAgents", plan.Decisions.Select(d => d.AgentId).ToArray());
            var last = LastSeqPerAgent(plan);
            sql.Add(AssignmentSql.PostgresAgents);
            Add(command, "@seqAgents", last.Keys.ToArray());
            Add(command, "@seqs", last.Values.ToArray());
        }
        command.CommandText = string.Join(";\n", sql);
        await command.ExecuteNonQueryAsync(ct);
        return created;
    }

    /// <summary>The same writes as prepared statements, one execution per row: SQLite is in-process, so rows cost no round trip.</summary>
    private static async Task<List<Request>> WriteSqliteAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<NewRequest> arrivals, Plan plan, DateTimeOffset now, CancellationToken ct)
    {
        var created = NewRequests(arrivals, plan, now);
        var nowMs = now.ToUnixTimeMilliseconds();
        if (created.Count > 0)
        {
            await using var insert = Prepare(connection, transaction, AssignmentSql.SqliteInsertRequest, "@subject", "@client", "@channel", "@state", "@agent", "@created", "@assigned");
            foreach (var i in ArrivalOrder(arrivals))
            {
                var r = created[i];
                Set(insert, r.Subject, r.ClientUserId, r.Channel, (int)r.State, r.AgentId, r.CreatedAt.ToUnixTimeMilliseconds(), r.AssignedAt?.ToUnixTimeMilliseconds());
                r.Id = (long)(await insert.ExecuteScalarAsync(ct))!;
            }
        }
        if (plan.Decisions.Count == 0) return created;
        await using (var update = Prepare(connection, transaction, AssignmentSql.SqliteAssignQueued, "@agent", "@now", "@id"))
            foreach (var d in plan.Decisions.Where(d => d.RequestId >= 0))
            {
                Set(update, d.AgentId, nowMs, d.RequestId);
                await update.ExecuteNonQueryAsync(ct);
            }
        await using (var log = Prepare(connection, transaction, AssignmentSql.SqliteLog, "@id", "@agent", "@reason", "@now"))
            foreach (var d in plan.Decisions)
            {
                Set(log, d.RequestId >= 0 ? d.RequestId : created[d.Arrival].Id, d.AgentId, AssignReason, nowMs);
                await log.ExecuteNonQueryAsync(ct);
            }
        await using (var agent = Prepare(connection, transaction, AssignmentSql.SqliteAgent, "@agent", "@now", "@seq"))
            foreach (var (agentId, seq) in LastSeqPerAgent(plan))
            {
                Set(agent, agentId, nowMs, seq);
                await agent.ExecuteNonQueryAsync(ct);
            }
        return created;
    }

    /// <summary>The arrivals as they are inserted: assigned when the plan found them an agent, queued otherwise.</summary>
    private static List<Request> NewRequests(IReadOnlyList<NewRequest> arrivals, Plan plan, DateTimeOffset now) =>
        [.. arrivals.Select((a, i) => new Request
        {
            Subject = a.Subject,
            ClientUserId = a.ClientUserId,
            Channel = a.Channel,
            CreatedAt = a.CreatedAt,
            State = plan.ArrivalAgents[i] is null ? RequestState.Queued : RequestState.Assigned,
            AgentId = plan.ArrivalAgents[i],
            AssignedAt = plan.ArrivalAgents[i] is null ? null : now,
        })];

    private static Dictionary<int, long> LastSeqPerAgent(Plan plan)
    {
        var last = new Dictionary<int, long>();
        foreach (var d in plan.Decisions) last[d.AgentId] = d.Seq;
        return last;
    }

    private static DbCommand Prepare(DbConnection connection, DbTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names) Add(command, name, DBNull.Value);
        return command;
    }

    private static void Set(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
    }
}
