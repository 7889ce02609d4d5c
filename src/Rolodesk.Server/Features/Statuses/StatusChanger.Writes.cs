using System.Data;
using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Rolodesk.Server.Data;

namespace Rolodesk.Server.Features.Statuses;

/// <summary>A status as a batch reads it: what a response shows, and whether a change may pick it.</summary>
internal sealed record StatusRow(string Name, string Color, bool AcceptsRequests, bool Live);

/// <summary>
/// The group commit of status changes, one per application instance and database (ADR 0006): a
/// single writer takes every change waiting when it is free, reads all their agents in one query,
/// decides each change in arrival order on the state the earlier ones leave (so successive changes
/// of one agent need no lock and no retry), writes them all with set-based statements in one
/// transaction, and only after the commit raises the events and completes each caller's task.
/// PostgreSQL: two round trips per batch (read; write + commit) on one open connection with its
/// statements prepared. SQLite: one IMMEDIATE transaction on one open connection with prepared
/// statements (SQLite has one writer anyway; waiting here beats its busy handler).
/// Between instances the version check still decides: an agent whose check lost gets nothing
/// written, and their changes go into the next batch on fresh state.
/// </summary>
internal sealed class StatusCommitter : IDisposable
{
    /// <summary>Each retry follows a change that did commit elsewhere, so even a crowd of instances gets through.</summary>
    private const int MaxAttempts = 100;

    /// <summary>A sweep over a whole desk is split into batches of at most this many changes.</summary>
    private const int MaxBatch = 2000;

    /// <summary>Below this many waiting changes a batch is not split over several lanes (one commit is cheaper).</summary>
    private const int SplitAbove = 256;

    /// <summary>
    /// Batches in flight at once, each on its own connection: PostgreSQL commits them in parallel
    /// (its WAL flush covers every commit waiting for it), so while one batch waits for its flush
    /// the next is already written. SQLite has one writer: one lane. The default; the app reads
    /// <c>Rolodesk:Statuses:WriterLanes</c>.
    /// </summary>
    internal const int PostgresLanes = 2;

    /// <summary>
    /// While a batch is in flight, another lane starts one only when at least this many changes wait: fewer
    /// wait for the running batch to commit and go together (every batch costs two round trips and a commit
    /// on both sides, so four batches of two cost far more than one of eight).
    /// </summary>
    internal const int ExtraLaneFrom = 8;

    private readonly Channel<PendingChange> _queue = Channel.CreateUnbounded<PendingChange>(new UnboundedChannelOptions { SingleReader = true });
    private readonly bool _sqlite;
    private readonly ILogger _log;
    private readonly Task _loop;

    // Guarded by _sync: changes not yet in a batch (per agent in arrival order), agents of the
    // batches in flight (their later changes wait, so one agent's changes commit in order and
    // decide on committed state), free lanes, and the loop's wake-up.
    private readonly Lock _sync = new();
    private readonly List<PendingChange> _waiting = [];
    private readonly HashSet<int> _busy = [];
    private readonly Stack<Lane> _lanes = new();
    private readonly List<Lane> _allLanes = [];
    private int _running;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Batches committed and changes in them, by every committer of the process (the benchmarks print the mean batch size).</summary>
    internal static long Batches, Changes;

    public StatusCommitter(string connectionString, bool sqlite, ILogger log, int postgresLanes = PostgresLanes)
    {
        (_sqlite, _log) = (sqlite, log);
        for (var i = 0; i < (sqlite ? 1 : Math.Max(1, postgresLanes)); i++) _allLanes.Add(new Lane(connectionString, sqlite));
        foreach (var lane in _allLanes) _lanes.Push(lane);
        _loop = Task.Run(LoopAsync);
    }

    public Task<ChangeResult> Submit(PendingChange change)
    {
        if (!_queue.Writer.TryWrite(change)) change.Done.TrySetException(new ObjectDisposedException(nameof(StatusCommitter)));
        return change.Done.Task;
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        // Let the loop finish what is queued and close its connections (tests delete the database after).
        _loop.Wait(TimeSpan.FromSeconds(10));
    }

    private async Task LoopAsync()
    {
        var reader = _queue.Reader;
        Task<bool>? incoming = null;
        var open = true;
        try
        {
            while (true)
            {
                Task wake;
                lock (_sync)
                {
                    while (reader.TryRead(out var change)) _waiting.Add(change);
                    // A second batch in flight only when enough changes wait for it: small batches cost more per change.
                    while (_lanes.Count > 0 && (_running == 0 || _waiting.Count >= ExtraLaneFrom) && Take() is { Count: > 0 } batch) Start(batch, _lanes.Pop());
                    if (!open && _running == 0 && _waiting.Count == 0) break;
                    if (_wake.Task.IsCompleted) _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    wake = _wake.Task;
                }
                if (!open)
                {
                    await wake;
                    continue;
                }
                incoming ??= reader.WaitToReadAsync().AsTask();
                await Task.WhenAny(incoming, wake);
                if (incoming.IsCompleted)
                {
                    open = await incoming;
                    incoming = null;
                }
            }
        }
        finally
        {
            foreach (var lane in _allLanes) lane.Dispose();
        }
    }

    /// <summary>
    /// The next batch from the waiting changes (under the lock): in arrival order, skipping agents
    /// in flight and every later change of an agent skipped (so one agent's changes never overtake
    /// each other); a change that broke a batch runs alone. A large backlog (a sweep) is split
    /// over the free lanes, so the database works on the parts in parallel.
    /// </summary>
    private List<PendingChange> Take()
    {
        _waiting.RemoveAll(c => c.Cancellation.IsCancellationRequested && c.Done.TrySetCanceled(c.Cancellation));
        var limit = _waiting.Count > SplitAbove ? Math.Min(MaxBatch, (_waiting.Count + _lanes.Count - 1) / _lanes.Count) : MaxBatch;
        var batch = new List<PendingChange>();
        var skipped = new HashSet<int>();
        var kept = new List<PendingChange>(_waiting.Count);
        foreach (var change in _waiting)
        {
            var free = batch.Count < limit && !_busy.Contains(change.AgentId) && !skipped.Contains(change.AgentId)
                && (!change.Alone || batch.Count == 0) && !(batch.Count > 0 && batch[0].Alone);
            if (free) batch.Add(change);
            else
            {
                skipped.Add(change.AgentId);
                kept.Add(change);
            }
        }
        _waiting.Clear();
        _waiting.AddRange(kept);
        foreach (var change in batch) _busy.Add(change.AgentId);
        return batch;
    }

    private void Start(List<PendingChange> batch, Lane lane)
    {
        _running++;
        _ = Task.Run(async () =>
        {
            var carry = new List<PendingChange>();
            try
            {
                await RunAsync(batch, carry, lane);
            }
            catch (Exception e)
            {
                // RunAsync handles the batch's failures; this is a bug: fail the callers rather than hang them.
                foreach (var change in batch) change.Done.TrySetException(e);
                carry.Clear();
                lane.Close();
            }
            lock (_sync)
            {
                foreach (var change in batch) _busy.Remove(change.AgentId);
                // Older than any waiting change of the same agent (those waited for this batch).
                _waiting.InsertRange(0, carry);
                _lanes.Push(lane);
                _running--;
                _wake.TrySetResult();
            }
        });
    }

    private async Task RunAsync(List<PendingChange> batch, List<PendingChange> carry, Lane lane)
    {
        Dictionary<int, AgentWork> works;
        try
        {
            works = await CommitAsync(batch, lane);
        }
        catch (Exception e)
        {
            var lostRace = Races.IsLostRace(e);
            if (!lostRace) lane.Close(); // its state is unknown: the next batch opens a fresh one
            foreach (var change in batch)
            {
                change.Known = null; // whatever goes again reads the agent afresh
                if (lostRace && change.Attempts + 1 < MaxAttempts)
                {
                    change.Attempts++;
                    carry.Add(change);
                }
                else if (!lostRace && batch.Count > 1) { change.Alone = true; carry.Add(change); }
                else change.Done.TrySetException(e);
            }
            if (lostRace) _log.LogDebug("A batch of status changes lost a race ({Error}); retrying on fresh state", e.Message);
            else if (batch.Count > 1) _log.LogWarning(e, "A batch of {Count} status changes failed; retrying them one by one", batch.Count);
            return;
        }

        Interlocked.Increment(ref Batches);
        Interlocked.Add(ref Changes, batch.Count);
        // Committed: publish in arrival order; the changes of agents whose version check lost go again.
        foreach (var change in batch)
        {
            change.Touch = false; // a touch is not versioned: it committed either way
            if (works[change.AgentId].Won)
            {
                if (change.Event is { } e) change.Events.AgentChanged(e);
                change.Done.TrySetResult(change.Result!);
            }
            else if (++change.Attempts >= MaxAttempts)
                change.Done.TrySetException(new DbUpdateConcurrencyException($"A status change lost {MaxAttempts} races in a row."));
            else
            {
                change.Known = null; // decided on a state that was no longer the stored one: read it this time
                carry.Add(change);
            }
        }
        foreach (var work in works.Values.Where(w => !w.Won))
            _log.LogDebug("Status changes of agent {AgentId} lost a race (version moved); retrying on fresh state", work.AgentId);
    }

    /// <summary>Reads, decides, writes and commits one batch; returns the agents' works with <see cref="AgentWork.Won"/> set.</summary>
    private async Task<Dictionary<int, AgentWork>> CommitAsync(List<PendingChange> batch, Lane lane)
    {
        var connection = await lane.OpenAsync();
        await using var tx = _sqlite ? ((SqliteConnection)connection).BeginTransaction(IsolationLevel.Serializable, deferred: false) : null;
        var (works, statuses) = await ReadAsync(lane, tx, batch);
        foreach (var change in batch) Decide(change, works[change.AgentId], statuses);
        var ordered = works.Values.OrderBy(w => w.AgentId).ToList(); // one lock order for every instance
        await WriteAsync(lane, tx, ordered);
        if (tx is not null) await tx.CommitAsync();
        return works;
    }

    /// <summary>One change on the state the batch has reached for its agent (as the one-at-a-time changer decided before).</summary>
    private static void Decide(PendingChange change, AgentWork work, Dictionary<int, StatusRow> statuses)
    {
        change.Event = null;
        if (change.Touch && !work.TryTouch(change.Time.GetUtcNow()))
        {
            change.Result = new ChangeResult(ChangeOutcome.Unchanged);
            return;
        }
        if (!work.IsAgent)
        {
            change.Result = new ChangeResult(ChangeOutcome.NotAgent);
            return;
        }
        var current = work.Now?.StatusId ?? change.Offline;
        var since = work.Now?.Since ?? work.CreatedAt;
        var plan = change.Decide(new AgentSnapshot(work.AgentId, work.CreatedAt, work.Now));
        if (plan is null) change.Result = Result(ChangeOutcome.Unchanged, work, current, since, statuses);
        else if (!statuses.TryGetValue(plan.StatusId, out var target) || !target.Live)
            change.Result = Result(ChangeOutcome.UnknownStatus, work, current, since, statuses);
        else if (plan.StatusId == current)
        {
            // Choosing the rule's status deliberately makes it the agent's own: activity must not undo it.
            if (plan.Source != Rolodesk.Data.Statuses.StatusSource.Inactivity && work.Now?.StatusBeforeInactivityId is not null) work.Forget();
            change.Result = Result(ChangeOutcome.Unchanged, work, current, since, statuses);
        }
        else
        {
            // Clocks of two instances may differ a little: never start before the interval being closed.
            var now = change.Time.GetUtcNow();
            change.Event = work.Change(plan, current, now > since ? now : since);
            change.Result = Result(ChangeOutcome.Changed, work, plan.StatusId, change.Event.Since, statuses);
        }
    }

    /// <summary>The outcome with the agent's status as an API response shows it (so the endpoint needs no second query).</summary>
    private static ChangeResult Result(ChangeOutcome outcome, AgentWork work, int status, DateTimeOffset since, Dictionary<int, StatusRow> statuses) =>
        new(outcome, status, since)
        {
            Agent = statuses.TryGetValue(status, out var s)
                ? new AgentStatusResponse(work.AgentId, work.Name, status, s.Name, s.Color, s.AcceptsRequests, since) : null,
        };

    /// <summary>The batch's agents (those a caller did not hand over as known: every change of the agent must carry it) and the statuses.</summary>
    private async Task<(Dictionary<int, AgentWork> Works, Dictionary<int, StatusRow> Statuses)> ReadAsync(Lane lane, DbTransaction? tx, List<PendingChange> batch)
    {
        var works = new Dictionary<int, AgentWork>(batch.Count);
        var unknown = batch.Where(c => c.Known is null).Select(c => c.AgentId).ToHashSet();
        foreach (var c in batch)
            if (c.Known is { } k && !unknown.Contains(c.AgentId)) works.TryAdd(c.AgentId, new AgentWork(c.AgentId, k.CreatedAt, true, k.Presence, k.Name));
        var ids = unknown.ToArray();
        var live = new Dictionary<int, StatusRow>();
        if (_sqlite)
        {
            if (ids.Length > 0)
            {
                var read = lane.Command(PresenceSql.Read(sqlite: true), tx);
                PresenceSql.Add(read, "@ids", $"[{string.Join(',', ids)}]");
                PresenceSql.Add(read, "@kind", PresenceSql.KindAgents);
                await using var r = await read.ExecuteReaderAsync();
                await ReadAgentsAsync(r, works);
            }
            await using (var r = await lane.Command(PresenceSql.Statuses, tx).ExecuteReaderAsync()) await ReadStatusesAsync(r, live);
        }
        else
        {
            await using var read = new NpgsqlBatch((NpgsqlConnection)lane.Connection!);
            if (ids.Length > 0)
                read.BatchCommands.Add(new NpgsqlBatchCommand(PresenceSql.Read(sqlite: false)) { Parameters = { new("ids", ids), new("kind", PresenceSql.KindAgents) } });
            read.BatchCommands.Add(new NpgsqlBatchCommand(PresenceSql.Statuses));
            await read.PrepareAsync();
            await using var r = await read.ExecuteReaderAsync();
            if (ids.Length > 0)
            {
                await ReadAgentsAsync(r, works);
                await r.NextResultAsync();
            }
            await ReadStatusesAsync(r, live);
        }
        // Ids without a user row are no agents either.
        foreach (var id in ids) works.TryAdd(id, new AgentWork(id, default, false, null, ""));
        return (works, live);
    }

    private static async Task ReadAgentsAsync(DbDataReader r, Dictionary<int, AgentWork> works)
    {
        while (await r.ReadAsync())
        {
            var id = r.GetInt32(0);
            works[id] = new AgentWork(id, PresenceSql.Time(r, 1), r.GetBoolean(2), PresenceSql.Presence(id, r), r.GetString(9));
        }
    }

    private static async Task ReadStatusesAsync(DbDataReader r, Dictionary<int, StatusRow> statuses)
    {
        while (await r.ReadAsync()) statuses[r.GetInt32(0)] = new StatusRow(r.GetString(1), r.GetString(2), r.GetBoolean(3), r.GetBoolean(4));
    }

    /// <summary>
    /// The batch's writes, all or nothing: activity, presence rows (the winners come back), the
    /// ends of the intervals open at the read, the new intervals. Sets <see cref="AgentWork.Won"/>.
    /// PostgreSQL: all in one round trip, the history conditional on the presence rows (SQL);
    /// SQLite: in its write transaction, the history of the winners only.
    /// </summary>
    private async Task WriteAsync(Lane lane, DbTransaction? tx, List<AgentWork> works)
    {
        RowSet touches = PresenceSql.Touches(_sqlite), moves = PresenceSql.Moves(_sqlite), firsts = PresenceSql.Firsts(_sqlite),
            closes = PresenceSql.Closes(_sqlite), opens = PresenceSql.Opens(_sqlite);
        foreach (var w in works)
        {
            if (w.TouchAt is { } at) touches.Row().Int(w.AgentId).Time(at);
            if (!w.Dirty) continue;
            var now = w.Now!;
            if (w.Read is { } read)
                moves.Row().Int(w.AgentId).Long(read.Version).Int(now.StatusId).Time(now.Since).Uuid(now.OpenIntervalId).Int(now.StatusBeforeInactivityId)
                    .Time(w.ActiveAt).Long(now.Version).Time(w.IdleUntil);
            else
                firsts.Row().Int(w.AgentId).Int(now.StatusId).Time(now.Since).Uuid(now.OpenIntervalId).Int(now.StatusBeforeInactivityId)
                    .Time(now.LastActivityAt).Long(now.Version);
            if (!_sqlite) History(w, closes, opens);
        }

        var presence = new List<(RowSet Rows, string Sql)>();
        if (touches.Count > 0) presence.Add((touches, PresenceSql.Touch(touches)));
        if (moves.Count > 0) presence.Add((moves, PresenceSql.Move(moves, _sqlite)));
        if (firsts.Count > 0) presence.Add((firsts, PresenceSql.First(firsts)));

        var won = new HashSet<int>();
        int gotCloses = 0, gotOpens = 0;
        if (_sqlite)
        {
            foreach (var (rows, sql) in presence) await ExecuteAsync(lane.Command(sql, tx), rows, rows == touches ? null : won);
            foreach (var w in works)
                if (w.Dirty && won.Contains(w.AgentId)) History(w, closes, opens);
            if (closes.Count > 0) gotCloses = await ExecuteAsync(lane.Command(PresenceSql.Close(closes), tx), closes, null);
            if (opens.Count > 0) gotOpens = await ExecuteAsync(lane.Command(PresenceSql.Open(opens), tx), opens, null);
        }
        else if (presence.Count > 0)
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)lane.Connection!);
            foreach (var (rows, sql) in presence)
            {
                var bc = new NpgsqlBatchCommand(sql);
                rows.Bind(bc.Parameters);
                batch.BatchCommands.Add(bc);
            }
            // Every close comes with an open (a change always opens an interval): one statement writes both.
            if (opens.Count > 0)
            {
                var history = new NpgsqlBatchCommand(PresenceSql.CloseAndOpen(closes, opens));
                closes.Bind(history.Parameters);
                opens.Bind(history.Parameters);
                batch.BatchCommands.Add(history);
            }
            await batch.PrepareAsync();
            await using (var r = await batch.ExecuteReaderAsync())
            {
                // Only the presence statements return rows: the ids of the agents whose version check won.
                do
                    while (await r.ReadAsync()) won.Add(r.GetInt32(0));
                while (await r.NextResultAsync());
            }
            if (opens.Count > 0) gotOpens = batch.BatchCommands[^1].RecordsAffected;
        }

        int expectCloses = 0, expectOpens = 0;
        foreach (var w in works)
        {
            w.Won = !w.Dirty || won.Contains(w.AgentId);
            if (!w.Dirty || !w.Won) continue;
            if (w.CloseReadAt is not null && _sqlite) expectCloses++; // PostgreSQL: checked by its statement
            expectOpens += w.Intervals.Count;
        }
        // A presence row moved but its open interval was not where it pointed: the data is damaged, never retry over it.
        if (gotCloses != expectCloses || gotOpens != expectOpens)
            throw new InvalidOperationException(
                $"Status history is inconsistent: version checks passed but the interval writes did not (closed {gotCloses} of {expectCloses}, opened {gotOpens} of {expectOpens}).");
    }

    /// <summary>The agent's history rows: the end of the interval open at the read, every interval the batch opened.</summary>
    private void History(AgentWork w, RowSet closes, RowSet opens)
    {
        var now = w.Now!;
        if (w.Read is { } read && w.CloseReadAt is { } end)
        {
            if (_sqlite) closes.Row().Uuid(read.OpenIntervalId).Time(end);
            else closes.Row().Uuid(read.OpenIntervalId).Int(w.AgentId).Time(end).Uuid(now.OpenIntervalId);
        }
        foreach (var i in w.Intervals)
        {
            opens.Row().Uuid(i.Id).Int(w.AgentId).Long(i.Sequence).Int(i.StatusId).Time(i.Started).Time(i.Ended).Text(i.Source).Int(i.Actor)
                .Text(i.Reason).Int(i.Previous);
            if (!_sqlite) opens.Uuid(now.OpenIntervalId).Int(w.CloseReadAt is null ? 0 : 1);
        }
    }

    /// <summary>
    /// SQLite: runs one prepared set statement once per JSON document of <paramref name="rows"/>; the rows it returns
    /// (agent ids) go to <paramref name="returned"/>, else the rows affected are counted.
    /// </summary>
    private static async Task<int> ExecuteAsync(DbCommand cmd, RowSet rows, HashSet<int>? returned)
    {
        var affected = 0;
        foreach (var json in rows.Json())
        {
            cmd.Parameters.Clear();
            cmd.Parameters.Add(new SqliteParameter("@rows", json));
            if (returned is null)
            {
                affected += await cmd.ExecuteNonQueryAsync();
                continue;
            }
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) returned.Add(r.GetInt32(0));
        }
        return affected;
    }
}

/// <summary>One connection of a <see cref="StatusCommitter"/>, used by one batch at a time; SQLite keeps its commands prepared.</summary>
internal sealed class Lane(string connectionString, bool sqlite) : IDisposable
{
    private readonly Dictionary<string, DbCommand> _prepared = new(StringComparer.Ordinal);

    public DbConnection? Connection { get; private set; }

    public async Task<DbConnection> OpenAsync()
    {
        if (Connection is { State: ConnectionState.Open }) return Connection;
        Close();
        if (sqlite)
        {
            var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await SqlitePragmas.Instance.ConnectionOpenedAsync(connection, null!);
            Connection = connection;
        }
        else
        {
            Connection = new NpgsqlConnection(connectionString);
            await Connection.OpenAsync();
        }
        return Connection;
    }

    /// <summary>SQLite: the connection's prepared command for <paramref name="sql"/>, parameters cleared.</summary>
    public DbCommand Command(string sql, DbTransaction? tx)
    {
        if (!_prepared.TryGetValue(sql, out var cmd))
        {
            _prepared[sql] = cmd = Connection!.CreateCommand();
            cmd.CommandText = sql;
        }
        cmd.Parameters.Clear();
        cmd.Transaction = tx;
        return cmd;
    }

    /// <summary>Closes the connection (its state is unknown after a failure); the next batch opens a fresh one.</summary>
    public void Close()
    {
        foreach (var cmd in _prepared.Values) cmd.Dispose();
        _prepared.Clear();
        Connection?.Dispose();
        Connection = null;
    }

    public void Dispose() => Close();
}
