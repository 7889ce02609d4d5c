using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Statuses;

namespace Rolodesk.Server.Features.Statuses;

/// <summary>A requested change of one agent's status.</summary>
public sealed record StatusChange(int AgentId, int StatusId, StatusSource Source, int? ActorUserId = null, string? Reason = null);

public enum ChangeOutcome { Changed, Unchanged, NotAgent, UnknownStatus }

/// <summary>What a change did, and the agent's status afterwards (null when the user is not an agent).</summary>
public sealed record ChangeResult(ChangeOutcome Outcome, int? StatusId = null, DateTimeOffset? Since = null)
{
    /// <summary>The agent's status after the change as the API answers it; null when not an agent (or not known to the batch).</summary>
    public AgentStatusResponse? Agent { get; init; }
}

/// <summary>
/// The only writer of agents' statuses (API, UI, sign-in/out, inactivity). Each change is handed
/// to the instance's group commit (<see cref="StatusCommitter"/>), which decides it on the agent's
/// fresh state, closes the open interval, opens the next and moves the presence row in one
/// transaction together with whatever other changes were waiting, and returns after the commit.
/// The presence row's Version makes it optimistic between instances: a change that lost a race
/// to another instance is decided again on the new state, so no change is lost and the intervals
/// stay back to back (ADR 0006).
/// </summary>
public sealed partial class StatusChanger(
    RolodeskDbContext db, SystemStatusIds system, IStatusEvents events, TimeProvider time, StatusWriteGate gate, ILogger<StatusChanger> log)
{
    private StatusCommitter? _committer;

    /// <summary>Changes the status; to the status already held it is a no-op (no interval of zero information).</summary>
    public Task<ChangeResult> ChangeAsync(StatusChange change, CancellationToken ct = default) =>
        ApplyAsync(change.AgentId, _ => new Plan(change.StatusId, change.Source, change.ActorUserId, change.Reason), ct);

    /// <summary>
    /// Records activity (an authenticated request or a UI heartbeat; callers throttle) and, when
    /// the inactivity rule set the current status, returns the agent to the status before it.
    /// The return is recorded with source inactivity: both ends of the idle period are the rule's doing.
    /// </summary>
    public async Task<ChangeResult> RecordActivityAsync(int userId, CancellationToken ct = default) =>
        (await SubmitAsync([(userId, s => s.Presence?.StatusBeforeInactivityId is { } before
            ? new Plan(before, StatusSource.Inactivity, userId, "Active again") : null, null)], touch: true, ct))[0];

    /// <summary>
    /// Applies <paramref name="decide"/> to the agent's state as the group commit finds it (after
    /// the changes queued before), again after every lost race, so a conditional change (restore,
    /// inactivity, moving off a deleted status) is judged on the state it actually replaces.
    /// </summary>
    internal async Task<ChangeResult> ApplyAsync(int agentId, Func<AgentSnapshot, Plan?> decide, CancellationToken ct) =>
        (await SubmitAsync([(agentId, decide, null)], touch: false, ct))[0];

    /// <summary>Applies decisions to many agents at once: they go into the same batches (the sweep).</summary>
    internal Task<ChangeResult[]> ApplyManyAsync(IReadOnlyList<(int AgentId, Func<AgentSnapshot, Plan?> Decide)> changes, CancellationToken ct) =>
        SubmitAsync([.. changes.Select(c => (c.AgentId, c.Decide, (KnownAgent?)null))], touch: false, ct);

    /// <summary>
    /// As <see cref="ApplyManyAsync(IReadOnlyList{ValueTuple{int, Func{AgentSnapshot, Plan}}}, CancellationToken)"/>, with each agent's state
    /// as the caller just read it: the batch decides on it without reading the agent again. It may be stale; the
    /// version check (and <see cref="Plan.IdleUntil"/>) catch that, and the change goes again on a fresh read.
    /// </summary>
    internal Task<ChangeResult[]> ApplyManyAsync(IReadOnlyList<(int AgentId, Func<AgentSnapshot, Plan?> Decide, KnownAgent Known)> changes, CancellationToken ct) =>
        SubmitAsync([.. changes.Select(c => (c.AgentId, c.Decide, (KnownAgent?)c.Known))], touch: false, ct);

    private async Task<ChangeResult[]> SubmitAsync(IReadOnlyList<(int AgentId, Func<AgentSnapshot, Plan?> Decide, KnownAgent? Known)> changes, bool touch, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var offline = await system.OfflineAsync(db, ct);
        _committer ??= gate.Committer(db.Database.GetConnectionString()!, db.Database.IsSqlite(), log);
        var tasks = new Task<ChangeResult>[changes.Count];
        for (var i = 0; i < tasks.Length; i++)
            tasks[i] = _committer.Submit(new PendingChange(changes[i].AgentId, changes[i].Decide, touch, offline, time, events, ct) { Known = changes[i].Known });
        return await Task.WhenAll(tasks);
    }
}

/// <summary>An agent as a change finds them; <see cref="Presence"/> is null until their first change.</summary>
public sealed record AgentSnapshot(int AgentId, DateTimeOffset CreatedAt, AgentPresence? Presence);

/// <summary>
/// What a change will do. <see cref="RememberBefore"/>: the inactivity rule keeps the status to return to.
/// <see cref="IdleUntil"/>: written only if the agent's last activity is still at or before it (activity is not
/// versioned, so the inactivity rule checks it again where it writes).
/// </summary>
public sealed record Plan(int StatusId, StatusSource Source, int? ActorUserId, string? Reason, bool RememberBefore = false, DateTimeOffset? IdleUntil = null);

/// <summary>An agent's state as a caller read it just before submitting (the sweep's query): the batch need not read it again.</summary>
internal sealed record KnownAgent(DateTimeOffset CreatedAt, string Name, AgentPresence Presence);
